package render

import (
	"strconv"
	"strings"

	"errdocs/internal/catalog"
	"errdocs/internal/site"
)

// This file holds what the compact Errors page (site.Page.Compact) shows
// besides the data itself: its groups, its rows' short summaries and the
// anchors each row keeps.

// StatusGroup is the errors of one status class, "4xx".
type StatusGroup struct {
	Class  string // "4xx": the group's anchor and filter value
	Title  string // "Client errors"
	Errors []*catalog.Error
}

// statusTitles names the status classes as RFC 9110 does.
var statusTitles = [...]string{1: "Informational", 2: "Successful", 3: "Redirection", 4: "Client errors", 5: "Server errors"}

// StatusClass returns the status class of e, "4xx", and its name,
// "Client errors"; "" for a status outside 100-599.
func StatusClass(e *catalog.Error) (class, title string) {
	c := e.Status / 100
	if c < 1 || c >= len(statusTitles) {
		return "", ""
	}
	return strconv.Itoa(c) + "xx", statusTitles[c]
}

// StatusGroups returns the errors in service grouped by status class, in
// the catalog's order (by status, then id), skipping empty classes; the
// retired errors are listed apart.
func (d *Data) StatusGroups() []StatusGroup {
	return d.StatusGroupsOf(d.Site().Catalog().InService())
}

// StatusGroupsOf returns the errors errs, in the catalog's order, grouped
// by status class, skipping empty classes.
func (d *Data) StatusGroupsOf(errs []*catalog.Error) []StatusGroup {
	var groups []StatusGroup
	for _, e := range errs {
		class, title := StatusClass(e)
		if class == "" {
			continue // the schema keeps statuses within 100-599
		}
		if len(groups) == 0 || groups[len(groups)-1].Class != class {
			groups = append(groups, StatusGroup{Class: class, Title: title})
		}
		g := &groups[len(groups)-1]
		g.Errors = append(g.Errors, e)
	}
	return groups
}

// shortLen is about the longest summary a compact row shows.
const shortLen = 90

// Short returns the Markdown text md as plain text of at most about
// shortLen characters, cut at a space with "…": what a compact row shows
// of a summary.
func (d *Data) Short(md string) string {
	s := d.r.plain(md)
	n, cut := 0, 0
	for i, r := range s {
		if n == shortLen {
			if cut == 0 {
				cut = i
			}
			return strings.TrimRight(s[:cut], " ,.;:") + "…"
		}
		if r == ' ' {
			cut = i
		}
		n++
	}
	return s
}

// KeptAnchors returns the anchors a row of e keeps besides those of its
// error, variants and notes, each an empty element: its anchor aliases,
// its variants' old anchors, the old anchors of its notes, and those of
// the platforms it has no note for. On a compact index those are kept
// only where anchors.lock records them as published on this page (see
// package site); on a full Errors page, where a retired error is a row
// too, all are: its entry had them all.
func (d *Data) KeptAnchors(e *catalog.Error) []string {
	full := !d.Page().Compact()
	ids := e.AnchorAliases()
	for _, v := range e.Variants {
		ids = append(ids, e.VariantAnchors(v)...)
	}
	s := d.Site()
	published := s.PublishedOn(d.page.URL)
	for _, p := range s.Catalog().Platforms() {
		if e.Note(p.ID) != "" {
			ids = append(ids, e.PlatformAnchors(p.ID)...)
			continue
		}
		if !full && len(published) == 0 {
			continue
		}
		for _, a := range append([]string{site.Anchor(e.ID, p.ID)}, e.PlatformAnchors(p.ID)...) {
			if full || published[a] {
				ids = append(ids, a)
			}
		}
	}
	return ids
}

// Lifecycles reports whether any error is deprecated or retired: the
// compact index's filter then offers to choose by lifecycle.
func (d *Data) Lifecycles() bool {
	for _, e := range d.Site().Catalog().Errors() {
		if e.State() != "" {
			return true
		}
	}
	return false
}

// ErrorsWithNotes returns the errors in service with a note for any
// platform, in the catalog's order.
func (d *Data) ErrorsWithNotes() []*catalog.Error {
	var errs []*catalog.Error
	for _, e := range d.Site().Catalog().InService() {
		if len(e.Platforms) > 0 {
			errs = append(errs, e)
		}
	}
	return errs
}

// MatrixCell is a cell of an error's row in the compact matrix: its note
// for a platform, or a gap of Span platforms it has no note for.
type MatrixCell struct {
	Platform *catalog.Platform // nil for a gap
	Span     int
}

// MatrixCells returns e's row of the compact matrix: a cell per platform
// with a note, one cell for each run of platforms without. Merged gaps keep
// the row to a few elements: at 5,000 errors and 7 platforms a cell per
// platform was 60,000 elements.
func (d *Data) MatrixCells(e *catalog.Error) []MatrixCell {
	var cells []MatrixCell
	for _, p := range d.Site().Catalog().Platforms() {
		switch {
		case e.Note(p.ID) != "":
			cells = append(cells, MatrixCell{Platform: p, Span: 1})
		case len(cells) > 0 && cells[len(cells)-1].Platform == nil:
			cells[len(cells)-1].Span++
		default:
			cells = append(cells, MatrixCell{Span: 1})
		}
	}
	return cells
}
