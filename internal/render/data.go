package render

import (
	"html/template"
	"strings"

	"errdocs/internal/catalog"
	"errdocs/internal/markdown"
	"errdocs/internal/site"
)

// Data is what a layout template executes with.
type Data struct {
	Content template.HTML      // the rendered Markdown body
	TOC     []markdown.Heading // the body's h2 and h3 headings

	s     *site.Site
	page  *site.Page
	reads *site.Reads // what the page read of the model
	// self is set when page is the page being rendered, which may read
	// anything of itself; a fragment made for many pages (Shared, Cached)
	// may read of its page only what a menu shows.
	self bool
	// siteView and pageView are Site and Page, made once.
	siteView *Site
	pageView *Page
	doc      *markdown.Doc
	err      error
	r        *Renderer
	tmpl     *template.Template
}

// Site is the site the page is part of.
func (d *Data) Site() *Site {
	if d.siteView == nil {
		d.siteView = &Site{s: d.s, reads: d.reads}
	}
	return d.siteView
}

// Page is the page being rendered.
func (d *Data) Page() *Page {
	if d.pageView == nil {
		d.pageView = &Page{p: d.page, reads: d.reads, self: d.self}
	}
	return d.pageView
}

// Description is what <meta name="description"> says of the page: the
// summary of its error (after since when it is retired, if it is), else
// its own description, else the home page's.
func (d *Data) Description() string {
	p := d.Page()
	if e := p.Error(); e != nil && e.Retired != nil {
		return strings.TrimSpace("Retired since " + e.Retired.Since + ". " + e.Summary)
	} else if e != nil && e.Summary != "" {
		return e.Summary
	}
	if desc := p.Description(); desc != "" {
		return desc
	}
	if h := d.Site().Home(); h != nil {
		return h.Description()
	}
	return ""
}

// MD renders a short Markdown field inline (no <p> around one paragraph).
func (d *Data) MD(s string) template.HTML {
	d.termLinks()
	h, err := d.doc.Inline(s)
	if err != nil && d.err == nil {
		d.err = err
	}
	return template.HTML(h)
}

// termLinks records that the page renders Markdown, which links the
// glossary's terms.
func (d *Data) termLinks() { d.reads.Add(site.Key{Kind: site.KeyTermLinks}) }

// Step returns the Markdown of a "How to solve" step.
func (d *Data) Step(s catalog.Step) string {
	if s.Remedy != "" {
		if rem := d.Site().Catalog().Remedy(s.Remedy); rem != nil {
			return rem.Text
		}
	}
	return s.Text
}

// Entry is the context of the "error-body" template.
type Entry struct {
	D    *Data
	E    *catalog.Error
	Full bool
}

// Entry returns the context for rendering e's body.
func (d *Data) Entry(e *catalog.Error, full bool) Entry { return Entry{D: d, E: e, Full: full} }

// VariantRow is one variant of an error, as its list shows it.
type VariantRow struct {
	catalog.Variant
	Anchor     string   // "<error>-<variant>", the row's id
	OldAnchors []string // old anchors kept at the row
}

// Variants returns the error's variants with their anchors.
func (en Entry) Variants() []VariantRow {
	e := en.E
	rows := make([]VariantRow, 0, len(e.Variants))
	for _, v := range e.Variants {
		rows = append(rows, VariantRow{Variant: v, Anchor: site.Anchor(e.ID, v.ID), OldAnchors: e.VariantAnchors(v)})
	}
	return rows
}

// PlatformNote is one row of an error's "Considerations per platform".
type PlatformNote struct {
	Platform   *catalog.Platform
	Anchor     string   // "<error>-<platform>", the row's id
	OldAnchors []string // old anchors kept at the row
	Note       string   // Markdown; "" when it behaves as on every platform
}

// Notes returns a row per platform for the error, in the catalog's order.
func (en Entry) Notes() []PlatformNote {
	e := en.E
	platforms := en.D.Site().Catalog().Platforms()
	rows := make([]PlatformNote, 0, len(platforms))
	for _, p := range platforms {
		rows = append(rows, PlatformNote{Platform: p, Anchor: site.Anchor(e.ID, p.ID), OldAnchors: e.PlatformAnchors(p.ID), Note: e.Note(p.ID)})
	}
	return rows
}

// Noted returns the rows of Notes with a note of their own.
func (en Entry) Noted() []PlatformNote {
	if len(en.E.Platforms) == 0 {
		return nil // most errors, on a compact Errors page: at once
	}
	return en.notes(true)
}

// Unnoted returns the rows of Notes without a note: the platforms on which
// the error behaves as on every supported platform.
func (en Entry) Unnoted() []PlatformNote { return en.notes(false) }

func (en Entry) notes(noted bool) []PlatformNote {
	var rows []PlatformNote
	for _, n := range en.Notes() {
		if (n.Note != "") == noted {
			rows = append(rows, n)
		}
	}
	return rows
}

// maxOthers caps the "also for" lists on an error page: a remedy or cause
// shared by hundreds of errors would otherwise make every page quadratic.
const maxOthers = 5

// Others is a capped list of other errors.
type Others struct {
	Errors []*catalog.Error // the first maxOthers
	More   int              // how many more there are
}

// OtherErrors returns the errors other than except that use the remedy.
func (d *Data) OtherErrors(remedy, except string) Others {
	d.reads.Add(site.Key{Kind: site.KeyByRemedy, ID: remedy})
	return d.others(d.s.ErrorsWithRemedy(remedy), except)
}

// OtherErrorsWithCause returns the errors other than except with the cause.
func (d *Data) OtherErrorsWithCause(cause, except string) Others {
	d.reads.Add(site.Key{Kind: site.KeyByCause, ID: cause})
	return d.others(d.s.ErrorsWithCause(cause), except)
}

// others caps all, leaving out except, and records the errors it keeps:
// what a page shows of the others.
func (d *Data) others(all []*catalog.Error, except string) Others {
	var o Others
	for _, e := range all {
		switch {
		case e.ID == except:
		case len(o.Errors) < maxOthers:
			o.Errors = append(o.Errors, e)
			d.reads.Add(site.Key{Kind: site.KeyError, ID: e.ID})
		default:
			o.More++
		}
	}
	return o
}
