// Package site is the model of a built site: every page with its URL,
// kind, layout, place in the navigation, and the cross-links between
// errors, causes, remedies, platforms and glossary terms. It does no I/O
// and renders nothing; package render turns a Site into bytes.
//
// # Pages
//
// Content pages come from content/ (see package page). These are generated
// from data when no content page takes their URL:
//
//	/                   home (content/_index.md when present)
//	/errors/            the Errors page: intro, causes, platforms, every error
//	                    (in full, or as a compact index: see below)
//	/errors/<id>/       one page per error
//	/errors/matrix/     the error x platform matrix
//	/platforms/         every platform
//	/platforms/<id>/    one platform and every error note that concerns it
//	/glossary/          every glossary term
//	/search/            the search page (reads ?q=)
//	/404.html           the not-found page
//
// # The Errors page at scale
//
// A small catalog's Errors page shows every error in full. Past
// CompactAfter errors it becomes a compact index instead (Page.Compact,
// Site.Compact):
// one short row per error, grouped by status class, while the full
// entries live on the errors' own pages. The front matter key "entries"
// of content/errors/_index.md overrides the choice: "full" or "compact".
//
// The index keeps every anchor the full form publishes that a link may
// hold: a row carries its error's id, its variants' and platform notes'
// anchors and its anchor aliases; the anchors of platforms without a note
// ("#401-tmus" where 401 says nothing of tmus) are kept where the site's
// anchors.lock records them as published (Config.Published), and left out
// otherwise: at 5,000 errors and 7 platforms they would be 35,000 empty
// elements. The theme's script takes a reader who opens such an anchor to
// the full text on the error's page.
//
// # Retired errors
//
// A retired error (see package catalog) keeps its page, as a tombstone,
// and every anchor it published; the Errors page lists it apart, after
// the errors in service. It is left out of the errors by cause and by
// remedy, and so of "Also for" lists and the causes table.
//
// # Anchors
//
// Anchors come from ids, never from titles, so a retitled entry keeps its
// links: "#401" for an error on /errors/, "#400-missing-or-malformed-parameter"
// for a variant, "#401-tmus" for a platform note, "#access-token" for a term
// on /glossary/, "#cause-<id>" for a common cause.
package site

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/page"
)

// Kind says what a page shows, and so which layout renders it by default.
type Kind string

// The kinds of page.
const (
	KindHome      Kind = "home"
	KindSection   Kind = "section"
	KindPage      Kind = "page"
	KindErrors    Kind = "errors"
	KindError     Kind = "error"
	KindMatrix    Kind = "matrix"
	KindPlatforms Kind = "platforms"
	KindPlatform  Kind = "platform"
	KindGlossary  Kind = "glossary"
	KindSearch    Kind = "search"
	KindNotFound  Kind = "404"
)

// Page is one output page.
type Page struct {
	URL         string // "/errors/401/"; "/404.html" for the not-found page
	Kind        Kind
	Layout      string // template name
	Title       string
	Description string
	Weight      int
	Aliases     []string
	File        string     // the source file, for messages: content or data
	Source      *page.Page // nil for a page generated from data

	Parent   *Page   // the enclosing section; nil for the home page
	Children []*Page // a section's pages and subsections, by weight

	Error    *catalog.Error    // KindError
	Platform *catalog.Platform // KindPlatform

	// Compact is set on the Errors page when it is a compact index, one
	// row per error, rather than every error in full.
	Compact bool
}

// Generated reports whether p was made from data rather than a content page.
func (p *Page) Generated() bool { return p.Source == nil }

// InMenus reports whether p is listed in navigation and sidebars: pages
// generated for single errors and platforms are reached from their lists.
func (p *Page) InMenus() bool {
	return p.Kind != KindError && p.Kind != KindPlatform && p.Kind != KindNotFound && p.Kind != KindSearch
}

// Crumbs returns p's ancestors, from the home page down to its parent.
func (p *Page) Crumbs() []*Page {
	var cs []*Page
	for a := p.Parent; a != nil; a = a.Parent {
		cs = append(cs, a)
	}
	slices.Reverse(cs)
	return cs
}

// Section returns the section whose pages a sidebar lists for p: p itself
// if it has children, else its parent.
func (p *Page) Section() *Page {
	if len(p.Children) > 0 || p.Parent == nil {
		return p
	}
	return p.Parent
}

// Top returns p's top-level ancestor (a child of home), or p itself.
func (p *Page) Top() *Page {
	for p.Parent != nil && p.Parent.Parent != nil {
		p = p.Parent
	}
	return p
}

// Site is the whole model.
type Site struct {
	BaseURL string // absolute, without a trailing slash
	Title   string
	Pages   []*Page // by URL
	Home    *Page
	Nav     []*Page // the top navigation: home's children in menus, by weight
	Catalog *catalog.Catalog
	// Compact is set when the Errors page is a compact index: the matrix
	// then lists only the errors with platform notes.
	Compact bool

	byURL          map[string]*Page
	inService      []*catalog.Error
	retired        []*catalog.Error
	errorsByCause  map[string][]*catalog.Error
	errorsByRemedy map[string][]*catalog.Error
	notes          map[string][]ErrorNote
	referencedBy   map[string][]*catalog.Error
	published      map[string]bool
	publishedOn    map[string]map[string]bool // by page URL
}

// ErrorNote is an error's note for one platform.
type ErrorNote struct {
	Error *catalog.Error
	Text  string
}

// Config holds the build options the model needs.
type Config struct {
	BaseURL string
	Drafts  bool
	// Published holds the site paths with an anchor ("/errors/#401-tmus")
	// that anchors.lock records as published.
	Published map[string]bool
}

// CompactAfter is the number of errors past which the Errors page is a
// compact index unless its front matter says otherwise: the full form
// takes about 5 KB and 70 elements an error.
const CompactAfter = 100

// Page returns the page at url, or nil.
func (s *Site) Page(url string) *Page { return s.byURL[url] }

// Abs returns the absolute URL of a site path such as "/errors/#401",
// escaped as a URL must be: a page from "content/my page.md" is at
// ".../my%20page/".
func (s *Site) Abs(path string) string {
	p, frag, hasFrag := strings.Cut(path, "#")
	u := (&url.URL{Path: p}).EscapedPath()
	if hasFrag {
		u += "#" + (&url.URL{Fragment: frag}).EscapedFragment()
	}
	return s.BaseURL + u
}

// IsPublished reports whether anchors.lock records the site path entry,
// such as "/errors/#401-tmus", as published.
func (s *Site) IsPublished(entry string) bool {
	url, anchor, _ := strings.Cut(entry, "#")
	return s.publishedOn[url][anchor]
}

// PublishedOn returns the anchors anchors.lock records on the page at url,
// as a set the caller must not change.
func (s *Site) PublishedOn(url string) map[string]bool { return s.publishedOn[url] }

// ErrorsWithCause returns the errors whose common cause is id, but for
// retired ones: they are no longer returned.
func (s *Site) ErrorsWithCause(id string) []*catalog.Error { return s.errorsByCause[id] }

// ErrorsWithRemedy returns the errors that list remedy id as a step, but
// for retired ones.
func (s *Site) ErrorsWithRemedy(id string) []*catalog.Error { return s.errorsByRemedy[id] }

// InService returns the errors that are not retired, in the catalog's
// order: what is returned, deprecated errors included.
func (s *Site) InService() []*catalog.Error { return s.inService }

// Retired returns the retired errors, in the catalog's order.
func (s *Site) Retired() []*catalog.Error { return s.retired }

// NotesFor returns every error note about the platform, in error order,
// retired errors' included.
func (s *Site) NotesFor(platform string) []ErrorNote { return s.notes[platform] }

// Related returns the errors e lists as related, then those that list e
// and that e does not list, so the link goes both ways.
func (s *Site) Related(e *catalog.Error) []*catalog.Error {
	var out []*catalog.Error
	seen := map[string]bool{}
	for _, r := range e.Related {
		if re := s.Catalog.Error(r.ID); re != nil && !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, re)
		}
	}
	for _, re := range s.referencedBy[e.ID] {
		if !seen[re.ID] {
			seen[re.ID] = true
			out = append(out, re)
		}
	}
	return out
}

// ErrorURL is the URL of an error's own page.
func ErrorURL(id string) string { return "/errors/" + id + "/" }

// ErrorEntry is the URL of an error's entry on the Errors page.
func ErrorEntry(id string) string { return "/errors/#" + id }

// PlatformURL is the URL of a platform's page.
func PlatformURL(id string) string { return "/platforms/" + id + "/" }

// TermURL is the URL of a glossary term.
func TermURL(id string) string { return "/glossary/#" + id }

// Anchor joins an error id and a variant or platform id into an anchor.
func Anchor(errorID, sub string) string { return catalog.Anchor(errorID, sub) }

// New builds the model from the parsed pages and the catalog. Problems
// (two sources for one URL) are added to problems.
func New(cfg Config, pages []*page.Page, cat *catalog.Catalog, problems *diag.List) *Site {
	s := &Site{
		BaseURL:   strings.TrimSuffix(cfg.BaseURL, "/"),
		Catalog:   cat,
		byURL:     map[string]*Page{},
		published: cfg.Published,
	}
	s.publishedOn = map[string]map[string]bool{}
	for e := range cfg.Published {
		if url, anchor, ok := strings.Cut(e, "#"); ok {
			if s.publishedOn[url] == nil {
				s.publishedOn[url] = map[string]bool{}
			}
			s.publishedOn[url][anchor] = true
		}
	}
	for _, src := range pages {
		if src.Draft && !cfg.Drafts {
			continue
		}
		p := &Page{
			URL:         src.URL(),
			Title:       src.Title,
			Description: src.Description,
			Weight:      src.Weight,
			Aliases:     src.Aliases,
			File:        src.File,
			Source:      src,
			Layout:      src.Layout,
		}
		p.Kind = contentKind(p)
		switch {
		case src.Entries == "":
		case p.Kind != KindErrors:
			problems.Addf(src.EntriesPos, "entries is for the Errors page (layout errors) only")
		default:
			p.Compact = src.Entries == page.EntriesCompact
		}
		s.add(p, problems)
	}
	s.generate(problems)
	for _, p := range s.Pages {
		if p.Kind == KindErrors && (p.Source == nil || p.Source.Entries == "") {
			p.Compact = len(cat.Errors) > CompactAfter
		}
		s.Compact = s.Compact || p.Kind == KindErrors && p.Compact
	}
	s.link()
	s.index()
	return s
}

// contentKind decides the kind of a content page from its layout or, when
// it has none, its place.
func contentKind(p *Page) Kind {
	switch p.Layout {
	case "errors":
		return KindErrors
	case "glossary":
		return KindGlossary
	case "platforms":
		return KindPlatforms
	}
	switch {
	case p.URL == "/":
		return KindHome
	case p.Layout == "" && p.URL == "/errors/":
		return KindErrors
	case p.Layout == "" && p.URL == "/glossary/":
		return KindGlossary
	case p.Layout == "" && p.URL == "/platforms/":
		return KindPlatforms
	case p.Source != nil && p.Source.IsSection():
		return KindSection
	}
	return KindPage
}

func (s *Site) add(p *Page, problems *diag.List) {
	if p.Layout == "" {
		p.Layout = string(p.Kind)
	}
	if prev, dup := s.byURL[p.URL]; dup {
		pos := diag.Pos{File: p.File}
		if p.Source != nil {
			pos = p.Source.Pos
		}
		problems.Addf(pos, "%s is also produced by %s; one URL has one source", p.URL, prev.File)
		return
	}
	s.byURL[p.URL] = p
	s.Pages = append(s.Pages, p)
}

// generate adds the pages made from data, unless content provides them.
func (s *Site) generate(problems *diag.List) {
	gen := func(p *Page) {
		if s.byURL[p.URL] == nil {
			s.add(p, problems)
		}
	}
	gen(&Page{URL: "/", Kind: KindHome, Title: "Error reference"})
	gen(&Page{URL: "/errors/", Kind: KindErrors, Title: "Errors", Weight: 17})
	gen(&Page{URL: "/errors/matrix/", Kind: KindMatrix, Title: "Error × platform matrix", Weight: 1000,
		Description: "Which errors have notes for which backend platform."})
	gen(&Page{URL: "/platforms/", Kind: KindPlatforms, Title: "Platforms", Weight: 18,
		Description: "The backend platforms the API runs on, and their error notes."})
	if len(s.Catalog.Terms) > 0 {
		gen(&Page{URL: "/glossary/", Kind: KindGlossary, Title: "Glossary", Weight: 90})
	}
	gen(&Page{URL: "/search/", Kind: KindSearch, Title: "Search"})
	gen(&Page{URL: "/404.html", Kind: KindNotFound, Title: "Page not found"})
	for _, e := range s.Catalog.Errors {
		if s.Catalog.Error(e.ID) != e {
			continue // a duplicate id or one not its file name: the catalog says so
		}
		p := &Page{URL: ErrorURL(e.ID), Kind: KindError, Title: ErrorTitle(e), File: e.File, Error: e,
			Description: e.Title, Aliases: e.Aliases}
		if prev := s.byURL[p.URL]; prev != nil {
			problems.Addf(e.Pos, "error %q: %s is also produced by %s; one URL has one source", e.ID, p.URL, prev.File)
			continue
		}
		s.add(p, problems)
	}
	for _, pl := range s.Catalog.Platforms {
		if s.Catalog.Platform(pl.ID) != pl {
			continue // a duplicate id: the catalog says so
		}
		p := &Page{URL: PlatformURL(pl.ID), Kind: KindPlatform, Title: pl.Name, File: "data/platforms.yaml",
			Platform: pl, Description: pl.Name + " (" + pl.Supplier + "): error notes for this platform."}
		if prev := s.byURL[p.URL]; prev != nil {
			problems.Addf(pl.Pos, "platform %q: %s is also produced by %s; one URL has one source", pl.ID, p.URL, prev.File)
			continue
		}
		s.add(p, problems)
	}
	if s.Home = s.byURL["/"]; s.Home != nil {
		s.Title = s.Home.Title
	}
}

// ErrorTitle is an error's display title, "401 Unauthorized". An error
// whose title already names its status, as a number of its own ("HTTP 200
// but the response is empty"), keeps it as is; "Error 5000" does not name
// 500.
func ErrorTitle(e *catalog.Error) string {
	status := strconv.Itoa(e.Status)
	for t := e.Title; t != ""; {
		i := strings.Index(t, status)
		if i < 0 {
			break
		}
		end := i + len(status)
		if (i == 0 || !isDigit(t[i-1])) && (end == len(t) || !isDigit(t[end])) {
			return e.Title // the status, as a number of its own
		}
		t = t[i+1:]
	}
	return status + " " + e.Title
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// link sets each page's parent (its nearest enclosing page by URL) and each
// section's children, and the top navigation.
func (s *Site) link() {
	slices.SortFunc(s.Pages, func(a, b *Page) int { return cmp.Compare(a.URL, b.URL) })
	for _, p := range s.Pages {
		if p.URL == "/" || p.Kind == KindNotFound {
			continue
		}
		p.Parent = s.enclosing(p.URL)
		if p.Parent != nil && p.InMenus() {
			p.Parent.Children = append(p.Parent.Children, p)
		}
	}
	for _, p := range s.Pages {
		slices.SortStableFunc(p.Children, byWeight)
	}
	if s.Home != nil {
		s.Nav = s.Home.Children
	}
}

// enclosing returns the page whose URL is the nearest prefix directory of
// url, falling back to home.
func (s *Site) enclosing(url string) *Page {
	u := strings.TrimSuffix(url, "/")
	for {
		i := strings.LastIndex(u, "/")
		if i < 0 {
			return nil
		}
		u = u[:i]
		if p := s.byURL[u+"/"]; p != nil {
			return p
		}
	}
}

// byWeight orders pages by weight, then title, then URL.
func byWeight(a, b *Page) int {
	return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(a.Title, b.Title), cmp.Compare(a.URL, b.URL))
}

// index builds the reverse links.
func (s *Site) index() {
	s.errorsByCause = map[string][]*catalog.Error{}
	s.errorsByRemedy = map[string][]*catalog.Error{}
	s.notes = map[string][]ErrorNote{}
	s.referencedBy = map[string][]*catalog.Error{}
	s.inService, s.retired = nil, nil
	for _, e := range s.Catalog.Errors {
		retired := e.Retired != nil
		if retired {
			s.retired = append(s.retired, e)
		} else {
			s.inService = append(s.inService, e)
		}
		if e.Cause.ID != "" && !retired {
			s.errorsByCause[e.Cause.ID] = append(s.errorsByCause[e.Cause.ID], e)
		}
		seen := map[string]bool{}
		for _, st := range e.Remedies {
			if st.Remedy != "" && !seen[st.Remedy] && !retired {
				seen[st.Remedy] = true
				s.errorsByRemedy[st.Remedy] = append(s.errorsByRemedy[st.Remedy], e)
			}
		}
		for _, n := range e.Platforms {
			s.notes[n.Platform] = append(s.notes[n.Platform], ErrorNote{Error: e, Text: n.Text})
		}
		for _, r := range e.Related {
			s.referencedBy[r.ID] = append(s.referencedBy[r.ID], e)
		}
	}
}
