package sitegen

import (
	"slices"
	"strings"

	"errdocs/internal/markdown"
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
// every page made from data, and content pages with a data layout.
func usesData(p *site.Page) bool {
	if p.Generated() {
		return true
	}
	switch p.Kind {
	case site.KindHome, site.KindSection, site.KindPage:
		return p.Layout != string(p.Kind) && p.Layout != "page" && p.Layout != "section"
	}
	return true
}

// dirty returns the URLs of the pages of s to render: all of them, or
// those in the map. See Builder for the rules.
func (b *Builder) dirty(s *site.Site, terms []markdown.Term, dataChanged bool) (all bool, dirty map[string]bool) {
	prev := b.last
	if prev == nil || prev.tmplGen != b.tmplGen || !slices.Equal(prev.terms, terms) {
		return true, nil
	}
	dirty = map[string]bool{}
	var moved []*site.Page // pages whose menu entry changed, old or new version
	for _, p := range s.Pages {
		op := prev.site.Page(p.URL)
		switch {
		case op == nil:
			dirty[p.URL] = true
			moved = append(moved, p)
			continue
		case p.Source != op.Source:
			dirty[p.URL] = true
		case dataChanged && usesData(p):
			dirty[p.URL] = true
		}
		if entryOf(p) != entryOf(op) {
			dirty[p.URL] = true
			moved = append(moved, p, op)
		}
	}
	for _, op := range prev.site.Pages {
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
