package sitegen

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"errdocs/internal/catalog"
	"errdocs/internal/site"
)

// siteWideSections are the pages whose children the default templates list
// on many pages: home's children are the top navigation of every page, and
// the children of /errors/ are in the sidebar of the whole error reference.
// A change to one of their children re-renders every page.
var siteWideSections = []string{"/", "/errors/"}

// menuEntry is what other pages show of a page: navigation, sidebars,
// section cards and breadcrumbs.
type menuEntry struct {
	Title, Description, Layout, Parent string
	Kind                               site.Kind
	Weight                             int
	InMenus                            bool
}

func entryOf(p *site.Page) menuEntry {
	e := menuEntry{Title: p.Title, Description: p.Description, Layout: p.Layout, Kind: p.Kind,
		Weight: p.Weight, InMenus: p.InMenus()}
	if p.Parent != nil {
		e.Parent = p.Parent.URL
	}
	return e
}

// usesData reports whether p shows catalog data (besides glossary links):
// every layout but those of the default theme that show none. A site's
// own template for one of those must not show data either.
func usesData(p *site.Page) bool {
	switch p.Layout {
	case "home", "section", "page", "search", "404":
		return false
	}
	return true
}

// dirty returns the URLs of the pages of s to render: all of them, or
// those in the map. See Builder for the rules.
func (b *Builder) dirty(pl *pipeline, dataChanged bool) (all bool, dirty map[string]bool) {
	prev := b.last
	if prev == nil || prev.tmplGen != b.tmplGen || !slices.Equal(prev.pl.terms, pl.terms) ||
		!maps.Equal(prev.pl.pub.AssetURLs(), pl.pub.AssetURLs()) {
		return true, nil
	}
	s := pl.site
	dirty = map[string]bool{}
	var data catalogDiff
	if dataChanged {
		data = diffCatalogs(prev.pl.site, s)
	}
	lockChanged := !maps.Equal(prev.pl.locked, pl.locked)
	var moved []*site.Page // pages whose menu entry changed, old or new version
	for _, p := range s.Pages {
		op := prev.pl.site.Page(p.URL)
		if lockChanged && p.Compact {
			dirty[p.URL] = true // it keeps the anchors the lock records
		}
		switch {
		case op == nil:
			dirty[p.URL] = true
			moved = append(moved, p)
			continue
		case p.Source != op.Source:
			dirty[p.URL] = true
		case dataChanged && data.dirty(p):
			dirty[p.URL] = true
		}
		if entryOf(p) != entryOf(op) {
			dirty[p.URL] = true
			moved = append(moved, p, op)
		}
	}
	for _, op := range prev.pl.site.Pages {
		if s.Page(op.URL) == nil {
			moved = append(moved, op)
		}
	}

	sections := map[string]bool{} // sections whose list of children changed
	var below []string            // pages whose descendants show them in breadcrumbs
	for _, p := range moved {
		if p.URL == "/" {
			return true, nil // the site title is on every page
		}
		if !p.InMenus() {
			continue
		}
		if p.Parent != nil {
			if slices.Contains(siteWideSections, p.Parent.URL) {
				return true, nil
			}
			sections[p.Parent.URL] = true
		}
		below = append(below, p.URL)
	}
	if len(sections) == 0 && len(below) == 0 {
		return false, dirty
	}
	for _, p := range s.Pages {
		if sections[p.URL] || sections[p.Section().URL] {
			dirty[p.URL] = true
			continue
		}
		for _, u := range below {
			if strings.HasPrefix(p.URL, u) {
				dirty[p.URL] = true
				break
			}
		}
	}
	return false, dirty
}

// catalogDiff is what changed between two catalogs, for the pages that show
// data.
type catalogDiff struct {
	all    bool            // platforms, remedies or causes: every page that shows data
	terms  bool            // glossary definitions: the glossary
	errors bool            // an error changed, came or went: pages that list errors
	pages  map[string]bool // ids of the errors whose own page shows a changed error
}

// diffCatalogs compares the catalogs of two sites. An error's own page
// shows, besides the error, the titles of its related errors (both ways),
// of the errors with its cause and of those sharing one of its remedies;
// an edit to an error renders its page and those, before and after the
// edit, plus the pages that list every error.
func diffCatalogs(old, cur *site.Site) catalogDiff {
	oc, cc := old.Catalog, cur.Catalog
	d := catalogDiff{
		all: !reflect.DeepEqual(oc.Platforms, cc.Platforms) || !reflect.DeepEqual(oc.Remedies, cc.Remedies) ||
			!reflect.DeepEqual(oc.Causes, cc.Causes),
		terms: !reflect.DeepEqual(oc.Terms, cc.Terms),
		pages: map[string]bool{},
	}
	if d.all {
		return d
	}
	ids := map[string]bool{}
	for _, e := range oc.Errors {
		ids[e.ID] = true
	}
	for _, e := range cc.Errors {
		ids[e.ID] = true
	}
	for id := range ids {
		oe, ce := oc.Error(id), cc.Error(id)
		if oe != nil && ce != nil && reflect.DeepEqual(oe, ce) {
			continue
		}
		d.errors = true
		d.pages[id] = true
		// Other pages show an error's id, status, title and lifecycle (a
		// retired error also leaves the lists by cause and remedy), in
		// lists made from its relations: render them when either changed.
		shown := oe == nil || ce == nil || oe.Status != ce.Status || oe.Title != ce.Title || oe.State() != ce.State()
		rel := shown || !slices.Equal(refIDs(oe.Related), refIDs(ce.Related))
		cause := shown || oe.Cause.ID != ce.Cause.ID
		remedies := shown || !slices.Equal(remedyIDs(oe), remedyIDs(ce))
		for _, v := range []struct {
			s *site.Site
			e *catalog.Error
		}{{old, oe}, {cur, ce}} {
			if v.e != nil {
				showing(v.s, v.e, rel, cause, remedies, d.pages)
			}
		}
	}
	return d
}

// showing adds the ids of the errors whose pages show e in s through its
// related errors, its cause or its remedies, or as their replacement.
func showing(s *site.Site, e *catalog.Error, rel, cause, remedies bool, ids map[string]bool) {
	if rel {
		for _, r := range s.Related(e) {
			ids[r.ID] = true
		}
		for _, o := range s.Catalog.Errors {
			if o.Replacement() == e.ID {
				ids[o.ID] = true
			}
		}
	}
	if cause {
		for _, o := range s.ErrorsWithCause(e.Cause.ID) {
			ids[o.ID] = true
		}
	}
	if remedies {
		for _, st := range e.Remedies {
			for _, o := range s.ErrorsWithRemedy(st.Remedy) {
				ids[o.ID] = true
			}
		}
	}
}

func refIDs(refs []catalog.Ref) []string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return ids
}

func remedyIDs(e *catalog.Error) []string {
	var ids []string
	for _, st := range e.Remedies {
		if st.Remedy != "" {
			ids = append(ids, st.Remedy)
		}
	}
	return ids
}

// dirty reports whether p shows data that changed.
func (d catalogDiff) dirty(p *site.Page) bool {
	if !usesData(p) {
		return false
	}
	switch {
	case d.all:
		return true
	case p.Kind == site.KindGlossary:
		return d.terms
	case p.Kind == site.KindError && p.Error != nil:
		return d.pages[p.Error.ID]
	}
	return d.errors
}
