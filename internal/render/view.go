package render

import (
	"errdocs/internal/catalog"
	"errdocs/internal/site"
)

// A template sees the model through the views of this file, Site, Page
// and Catalog, whose methods read the model as their names say and record
// what they read (see site.Reads): a rebuild then makes again exactly the
// pages that read something that changed, whatever the templates show.
// A list records its own key and leaves its entries' keys to what reads
// them; an entry's fields are covered by the key it was found by.

// Site is the site as a template sees it: .Site.
type Site struct {
	s     *site.Site
	reads *site.Reads
}

func (v *Site) add(k site.KeyKind, id string) { v.reads.Add(site.Key{Kind: k, ID: id}) }

// BaseURL is the absolute URL the site is published at, without a
// trailing slash.
func (v *Site) BaseURL() string { return v.s.BaseURL }

// Title is the site's title: the home page's.
func (v *Site) Title() string {
	v.add(site.KeyMenu, "/")
	return v.s.Title
}

// Home is the home page, or nil.
func (v *Site) Home() *Page { return v.page(v.s.Home) }

// Nav is the top navigation: the home page's children in menus.
func (v *Site) Nav() []*Page {
	v.add(site.KeyChildren, "/")
	return v.pages(v.s.Nav)
}

// Pages is every page, by URL.
func (v *Site) Pages() []*Page {
	v.add(site.KeyPages, "")
	return v.pages(v.s.Pages)
}

// Page returns the page at url, or nil.
func (v *Site) Page(url string) *Page {
	v.add(site.KeyMenu, url)
	return v.page(v.s.Page(url))
}

// Catalog is the site's data.
func (v *Site) Catalog() *Catalog { return (*Catalog)(v) }

// Compact reports whether the Errors page is a compact index.
func (v *Site) Compact() bool {
	v.add(site.KeyCompact, "")
	return v.s.Compact
}

// Abs returns the absolute URL of a site path.
func (v *Site) Abs(path string) string { return v.s.Abs(path) }

// IsPublished reports whether anchors.lock records entry.
func (v *Site) IsPublished(entry string) bool {
	v.add(site.KeyPublished, "")
	return v.s.IsPublished(entry)
}

// PublishedOn returns the anchors anchors.lock records on the page at url,
// as a set the caller must not change.
func (v *Site) PublishedOn(url string) map[string]bool {
	v.add(site.KeyPublished, "")
	return v.s.PublishedOn(url)
}

// ErrorsWithCause returns the errors whose common cause is id.
func (v *Site) ErrorsWithCause(id string) []*catalog.Error {
	return v.errors(site.KeyByCause, id, v.s.ErrorsWithCause(id))
}

// ErrorsWithRemedy returns the errors that list remedy id as a step.
func (v *Site) ErrorsWithRemedy(id string) []*catalog.Error {
	return v.errors(site.KeyByRemedy, id, v.s.ErrorsWithRemedy(id))
}

// Related returns the errors related to e, both ways.
func (v *Site) Related(e *catalog.Error) []*catalog.Error {
	return v.errors(site.KeyRelated, e.ID, v.s.Related(e))
}

// NotesFor returns the notes about the platform of the errors that are
// not retired, in error order.
func (v *Site) NotesFor(platform string) []site.ErrorNote { return v.notesFor(platform, false) }

// RetiredNotesFor returns the notes about the platform of the retired
// errors, in error order.
func (v *Site) RetiredNotesFor(platform string) []site.ErrorNote { return v.notesFor(platform, true) }

// notesFor returns the notes about the platform of the errors that are
// retired or not. Which are depends on every error with a note, so each
// is recorded.
func (v *Site) notesFor(platform string, retired bool) []site.ErrorNote {
	v.add(site.KeyNotesFor, platform)
	var out []site.ErrorNote
	for _, n := range v.s.NotesFor(platform) {
		v.add(site.KeyError, n.Error.ID)
		if (n.Error.Retired != nil) == retired {
			out = append(out, n)
		}
	}
	return out
}

// errors records the list key kind:id and each of errs.
func (v *Site) errors(kind site.KeyKind, id string, errs []*catalog.Error) []*catalog.Error {
	v.add(kind, id)
	for _, e := range errs {
		v.add(site.KeyError, e.ID)
	}
	return errs
}

func (v *Site) page(p *site.Page) *Page {
	if p == nil {
		return nil
	}
	return &Page{p: p, reads: v.reads}
}

func (v *Site) pages(ps []*site.Page) []*Page {
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = v.page(p)
	}
	return out
}

// Catalog is the site's data as a template sees it: .Site.Catalog.
type Catalog Site

func (v *Catalog) add(k site.KeyKind, id string) { v.reads.Add(site.Key{Kind: k, ID: id}) }

// Errors returns every error, by status, then id.
func (v *Catalog) Errors() []*catalog.Error {
	v.add(site.KeyErrors, "")
	return v.s.Catalog.Errors
}

// InService returns the errors that are not retired (deprecated ones
// included), by status, then id.
func (v *Catalog) InService() []*catalog.Error {
	v.add(site.KeyErrors, "")
	return v.s.InService()
}

// Retired returns the retired errors, by status, then id.
func (v *Catalog) Retired() []*catalog.Error {
	v.add(site.KeyErrors, "")
	return v.s.Retired()
}

// Error returns the error with the id, or nil.
func (v *Catalog) Error(id string) *catalog.Error {
	v.add(site.KeyError, id)
	return v.s.Catalog.Error(id)
}

// Platforms returns every platform.
func (v *Catalog) Platforms() []*catalog.Platform {
	v.add(site.KeyPlatforms, "")
	return v.s.Catalog.Platforms
}

// Platform returns the platform with the id, or nil.
func (v *Catalog) Platform(id string) *catalog.Platform {
	v.add(site.KeyPlatform, id)
	return v.s.Catalog.Platform(id)
}

// Causes returns every common cause.
func (v *Catalog) Causes() []*catalog.Cause {
	v.add(site.KeyCauses, "")
	return v.s.Catalog.Causes
}

// Cause returns the cause with the id, or nil.
func (v *Catalog) Cause(id string) *catalog.Cause {
	v.add(site.KeyCause, id)
	return v.s.Catalog.Cause(id)
}

// Remedies returns every remedy.
func (v *Catalog) Remedies() []*catalog.Remedy {
	v.add(site.KeyRemedies, "")
	return v.s.Catalog.Remedies
}

// Remedy returns the remedy with the id, or nil.
func (v *Catalog) Remedy(id string) *catalog.Remedy {
	v.add(site.KeyRemedy, id)
	return v.s.Catalog.Remedy(id)
}

// Terms returns every glossary term.
func (v *Catalog) Terms() []*catalog.Term {
	v.add(site.KeyTerms, "")
	return v.s.Catalog.Terms
}

// Term returns the glossary term with the id, or nil.
func (v *Catalog) Term(id string) *catalog.Term {
	v.add(site.KeyTerm, id)
	return v.s.Catalog.Term(id)
}

// Page is a page as a template sees it: .Page, and the pages it links to.
// Of the page being rendered (self) everything may be read; of another,
// what a menu shows of it.
type Page struct {
	p     *site.Page
	reads *site.Reads
	self  bool
}

// field records a read of the page's own fields.
func (v *Page) field() {
	switch {
	case v.p.URL == "":
		// the page of a fragment made for many pages (Data.Shared)
	case v.self:
		// recorded once, by Render
	default:
		v.reads.Add(site.Key{Kind: site.KeyMenu, ID: v.p.URL})
	}
}

func (v *Page) link(kind site.KeyKind) {
	if v.p.URL != "" {
		v.reads.Add(site.Key{Kind: kind, ID: v.p.URL})
	}
}

func (v *Page) view(p *site.Page) *Page {
	if p == nil {
		return nil
	}
	return &Page{p: p, reads: v.reads}
}

func (v *Page) views(ps []*site.Page) []*Page {
	out := make([]*Page, len(ps))
	for i, p := range ps {
		out[i] = v.view(p)
	}
	return out
}

// URL is the page's URL, "/errors/401/".
func (v *Page) URL() string { return v.p.URL }

// Kind says what the page shows.
func (v *Page) Kind() site.Kind { v.field(); return v.p.Kind }

// Layout is the page's template name.
func (v *Page) Layout() string { v.field(); return v.p.Layout }

// Title is the page's title.
func (v *Page) Title() string { v.field(); return v.p.Title }

// Description is the page's description.
func (v *Page) Description() string { v.field(); return v.p.Description }

// Weight orders the page in menus.
func (v *Page) Weight() int { v.field(); return v.p.Weight }

// Compact reports whether the page (the Errors page) is a compact index.
func (v *Page) Compact() bool { v.field(); return v.p.Compact }

// InMenus reports whether the page is listed in navigation and sidebars.
func (v *Page) InMenus() bool { v.field(); return v.p.InMenus() }

// Generated reports whether the page was made from data.
func (v *Page) Generated() bool { v.field(); return v.p.Generated() }

// File is the page's source file.
func (v *Page) File() string {
	v.reads.Add(site.Key{Kind: site.KeyPage, ID: v.p.URL})
	return v.p.File
}

// Aliases are the page's old URLs.
func (v *Page) Aliases() []string {
	v.reads.Add(site.Key{Kind: site.KeyPage, ID: v.p.URL})
	return v.p.Aliases
}

// Error is the error the page shows (an error's page), or nil.
func (v *Page) Error() *catalog.Error {
	v.field()
	if v.p.Error == nil {
		return nil
	}
	v.reads.Add(site.Key{Kind: site.KeyError, ID: v.p.Error.ID})
	return v.p.Error
}

// Platform is the platform the page shows (a platform's page), or nil.
func (v *Page) Platform() *catalog.Platform {
	v.field()
	if v.p.Platform == nil {
		return nil
	}
	v.reads.Add(site.Key{Kind: site.KeyPlatform, ID: v.p.Platform.ID})
	return v.p.Platform
}

// Parent is the enclosing section, or nil.
func (v *Page) Parent() *Page {
	v.link(site.KeyParent)
	return v.view(v.p.Parent)
}

// Children are a section's pages and subsections, by weight.
func (v *Page) Children() []*Page {
	v.link(site.KeyChildren)
	return v.views(v.p.Children)
}

// Crumbs are the page's ancestors, from the home page down.
func (v *Page) Crumbs() []*Page {
	for a := v.p; a != nil; a = a.Parent {
		if a.URL != "" {
			v.reads.Add(site.Key{Kind: site.KeyParent, ID: a.URL})
		}
	}
	return v.views(v.p.Crumbs())
}

// Section is the section whose pages a sidebar lists: the page if it has
// children, else its parent.
func (v *Page) Section() *Page {
	v.link(site.KeyChildren)
	v.link(site.KeyParent)
	return v.view(v.p.Section())
}

// Top is the page's top-level ancestor, or the page itself.
func (v *Page) Top() *Page {
	for a := v.p; a != nil && a.Parent != nil; a = a.Parent {
		if a.URL != "" {
			v.reads.Add(site.Key{Kind: site.KeyParent, ID: a.URL})
		}
	}
	return v.view(v.p.Top())
}
