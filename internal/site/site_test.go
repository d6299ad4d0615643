package site_test

import (
	"maps"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/page"
	"errdocs/internal/site"
)

// newSite makes the model of a site root held in fsys: every content/ page
// parsed with package page, data/ loaded with package catalog. A problem
// in the pages or the data fails the test; the model's own problems are
// returned.
func newSite(t *testing.T, cfg site.Config, fsys fstest.MapFS) (*site.Site, diag.List) {
	t.Helper()
	var problems diag.List
	var pages []*page.Page
	for _, name := range slices.Sorted(maps.Keys(fsys)) {
		if strings.HasPrefix(name, "content/") && path.Ext(name) == ".md" {
			pages = append(pages, page.Parse(name, fsys[name].Data, &problems))
		}
	}
	cat := catalog.Load(fsys, &problems)
	if len(problems) > 0 {
		t.Fatalf("reading the site:\n%v", problems.Err())
	}
	var modelProblems diag.List
	s := site.New(cfg, pages, cat, &modelProblems)
	return s, modelProblems
}

// mustSite is newSite for a site without problems.
func mustSite(t *testing.T, cfg site.Config, fsys fstest.MapFS) *site.Site {
	t.Helper()
	s, problems := newSite(t, cfg, fsys)
	if len(problems) > 0 {
		t.Fatalf("site.New:\n%v", problems.Err())
	}
	return s
}

// md is a Markdown page with the front matter given as YAML lines.
func md(frontMatter ...string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\n" + strings.Join(frontMatter, "\n") + "\n---\nBody.\n")}
}

func text(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// data is the catalog of the test sites: two platforms, a cause, two
// remedies, a glossary term and four errors that refer to them.
var data = fstest.MapFS{
	"data/platforms.yaml": text("- id: alpha\n  name: Alpha\n  supplier: A Corp\n- id: beta\n  name: Beta\n  supplier: B Corp\n"),
	"data/causes.yaml":    text("- id: bad-credentials\n  title: Bad credentials\n"),
	"data/remedies.yaml":  text("- id: check-key\n  text: Check the key.\n- id: renew-token\n  text: Renew the token.\n"),
	"data/glossary.yaml":  text("- id: api-key\n  term: API key\n  definition: A secret.\n"),
	"data/errors/401.yaml": text(`id: "401"
status: 401
title: Unauthorized
cause: bad-credentials
remedies: [check-key, renew-token, check-key]
platforms:
  beta: Beta says 403.
  alpha: Alpha says 401.
related: ["403"]
aliases: [unauthorised, "#401-old", /kb/401/]
`),
	"data/errors/403.yaml": text(`id: "403"
status: 403
title: 403 Forbidden
cause: bad-credentials
remedies: [check-key]
platforms:
  alpha: Alpha never says 403.
related: ["401"]
`),
	"data/errors/429.yaml": text(`id: "429"
status: 429
title: Too Many Requests
remedies:
  - text: Wait a minute.
related: ["401"]
`),
	"data/errors/500.yaml": text("id: \"500\"\nstatus: 500\ntitle: Error 5000\n"),
}

// content is the content of the test site: a home page, a section with
// pages, a page deep below folders without pages, the Errors page and a
// draft.
var content = fstest.MapFS{
	"content/_index.md":              md("title: Acme API errors"),
	"content/guides/_index.md":       md("title: Guides", "weight: 20"),
	"content/guides/tagging.md":      md("title: Tagging", "weight: 2", "aliases: [/kb/1030/, /kb/1031]"),
	"content/guides/alpha.md":        md("title: Alpha", "weight: 2"),
	"content/guides/auth.md":         md("title: Authentication", "weight: 1"),
	"content/guides/zeta.md":         md("title: Zeta"),
	"content/support.md":             md("title: Support", "weight: 20"),
	"content/errors/_index.md":       md("title: Errors", "weight: 17"),
	"content/legal/terms/privacy.md": md("title: Privacy", "weight: 99"),
	"content/draft.md":               md("title: Draft", "draft: true"),
}

// merge returns the union of site roots; a later one wins.
func merge(roots ...fstest.MapFS) fstest.MapFS {
	m := fstest.MapFS{}
	for _, r := range roots {
		maps.Copy(m, r)
	}
	return m
}

func urls(pages []*site.Page) []string {
	out := []string{}
	for _, p := range pages {
		out = append(out, p.URL)
	}
	return out
}

func ids(errs []*catalog.Error) []string {
	out := []string{}
	for _, e := range errs {
		out = append(out, e.ID)
	}
	return out
}

func TestPages(t *testing.T) {
	s := mustSite(t, site.Config{BaseURL: "https://docs.example.com/"}, merge(data, content))
	tests := []struct {
		url, kind, layout, title, parent string
		generated                        bool
	}{
		{"/", "home", "home", "Acme API errors", "", false},
		{"/404.html", "404", "404", "Page not found", "", true},
		{"/errors/", "errors", "errors", "Errors", "/", false},
		{"/errors/401/", "error", "error", "401 Unauthorized", "/errors/", true},
		{"/errors/403/", "error", "error", "403 Forbidden", "/errors/", true},
		{"/errors/429/", "error", "error", "429 Too Many Requests", "/errors/", true},
		{"/errors/500/", "error", "error", "500 Error 5000", "/errors/", true},
		{"/errors/matrix/", "matrix", "matrix", "Error × platform matrix", "/errors/", true},
		{"/glossary/", "glossary", "glossary", "Glossary", "/", true},
		{"/guides/", "section", "section", "Guides", "/", false},
		{"/guides/alpha/", "page", "page", "Alpha", "/guides/", false},
		{"/guides/auth/", "page", "page", "Authentication", "/guides/", false},
		{"/guides/tagging/", "page", "page", "Tagging", "/guides/", false},
		{"/guides/zeta/", "page", "page", "Zeta", "/guides/", false},
		{"/legal/terms/privacy/", "page", "page", "Privacy", "/", false},
		{"/platforms/", "platforms", "platforms", "Platforms", "/", true},
		{"/platforms/alpha/", "platform", "platform", "Alpha", "/platforms/", true},
		{"/platforms/beta/", "platform", "platform", "Beta", "/platforms/", true},
		{"/search/", "search", "search", "Search", "/", true},
		{"/support/", "page", "page", "Support", "/", false},
	}
	var want []string
	for _, tt := range tests {
		want = append(want, tt.url)
		p := s.Page(tt.url)
		if p == nil {
			t.Errorf("%s: no page", tt.url)
			continue
		}
		parent := ""
		if p.Parent != nil {
			parent = p.Parent.URL
		}
		if string(p.Kind) != tt.kind || p.Layout != tt.layout || p.Title != tt.title || parent != tt.parent || p.Generated() != tt.generated {
			t.Errorf("%s: got kind %q, layout %q, title %q, parent %q, generated %t; want %q, %q, %q, %q, %t",
				tt.url, p.Kind, p.Layout, p.Title, parent, p.Generated(), tt.kind, tt.layout, tt.title, tt.parent, tt.generated)
		}
	}
	if got := urls(s.Pages); !slices.Equal(got, want) {
		t.Errorf("Pages:\ngot  %q\nwant %q (every page, by URL; no draft)", got, want)
	}
	if s.Home != s.Page("/") || s.Title != "Acme API errors" || s.BaseURL != "https://docs.example.com" {
		t.Errorf("got Home %v, Title %q, BaseURL %q; want the page /, %q, %q", s.Home, s.Title, s.BaseURL, "Acme API errors", "https://docs.example.com")
	}
	if got, want := s.Abs("/errors/#401"), "https://docs.example.com/errors/#401"; got != want {
		t.Errorf("Abs: got %q, want %q", got, want)
	}
	if e, p := s.Catalog.Error("401"), s.Page("/errors/401/"); p.Error != e || p.File != "data/errors/401.yaml" || p.Description != "Unauthorized" {
		t.Errorf("/errors/401/: got Error %v, File %q, Description %q; want error 401, its file and title", p.Error, p.File, p.Description)
	}
	if pl, p := s.Catalog.Platform("beta"), s.Page("/platforms/beta/"); p.Platform != pl || p.Description != "Beta (B Corp): error notes for this platform." {
		t.Errorf("/platforms/beta/: got Platform %v, Description %q", p.Platform, p.Description)
	}
}

// TestKinds: a content page's kind comes from its layout or, without one,
// its place; its layout defaults to its kind.
func TestKinds(t *testing.T) {
	tests := []struct {
		file        string
		frontMatter []string
		url         string
		kind        site.Kind
		layout      string
	}{
		{"content/_index.md", nil, "/", site.KindHome, "home"},
		{"content/_index.md", []string{"layout: landing"}, "/", site.KindHome, "landing"},
		{"content/errors/_index.md", nil, "/errors/", site.KindErrors, "errors"},
		{"content/errors/_index.md", []string{"layout: wide"}, "/errors/", site.KindSection, "wide"},
		{"content/reference/_index.md", []string{"layout: errors"}, "/reference/", site.KindErrors, "errors"},
		{"content/glossary.md", nil, "/glossary/", site.KindGlossary, "glossary"},
		{"content/words.md", []string{"layout: glossary"}, "/words/", site.KindGlossary, "glossary"},
		{"content/platforms/_index.md", nil, "/platforms/", site.KindPlatforms, "platforms"},
		{"content/backends.md", []string{"layout: platforms"}, "/backends/", site.KindPlatforms, "platforms"},
		{"content/guides/_index.md", nil, "/guides/", site.KindSection, "section"},
		{"content/guides/x.md", nil, "/guides/x/", site.KindPage, "page"},
		{"content/guides/y.md", []string{"layout: wide"}, "/guides/y/", site.KindPage, "wide"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+strings.Join(tt.frontMatter, " "), func(t *testing.T) {
			fm := append([]string{"title: T"}, tt.frontMatter...)
			s := mustSite(t, site.Config{}, merge(data, fstest.MapFS{tt.file: md(fm...)}))
			p := s.Page(tt.url)
			if p == nil || p.File != tt.file {
				t.Fatalf("%s: got %v, want the page of %s", tt.url, p, tt.file)
			}
			if p.Kind != tt.kind || p.Layout != tt.layout {
				t.Errorf("got kind %q, layout %q; want %q, %q", p.Kind, p.Layout, tt.kind, tt.layout)
			}
		})
	}
}

// TestNav: the top navigation and a section's children are the pages in
// menus, by weight, then title; single errors and platforms, search and
// 404 are in no menu.
func TestNav(t *testing.T) {
	s := mustSite(t, site.Config{}, merge(data, content))
	tests := []struct {
		name string
		got  []*site.Page
		want []string
	}{
		{"Nav", s.Nav, []string{"/errors/", "/platforms/", "/guides/", "/support/", "/glossary/", "/legal/terms/privacy/"}},
		{"children of /", s.Home.Children, []string{"/errors/", "/platforms/", "/guides/", "/support/", "/glossary/", "/legal/terms/privacy/"}},
		{"children of /guides/", s.Page("/guides/").Children, []string{"/guides/zeta/", "/guides/auth/", "/guides/alpha/", "/guides/tagging/"}},
		{"children of /errors/", s.Page("/errors/").Children, []string{"/errors/matrix/"}},
		{"children of /platforms/", s.Page("/platforms/").Children, []string{}},
	}
	for _, tt := range tests {
		if got := urls(tt.got); !slices.Equal(got, tt.want) {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.name, got, tt.want)
		}
	}
	for _, p := range s.Pages {
		want := !slices.Contains([]site.Kind{site.KindError, site.KindPlatform, site.KindSearch, site.KindNotFound}, p.Kind)
		if p.InMenus() != want {
			t.Errorf("%s: InMenus() = %t, want %t", p.URL, p.InMenus(), want)
		}
	}
}

// TestPlace: a page's crumbs, the section its sidebar lists and its
// top-level section.
func TestPlace(t *testing.T) {
	s := mustSite(t, site.Config{}, merge(data, content))
	tests := []struct {
		url     string
		crumbs  []string
		section string
		top     string
	}{
		{"/", []string{}, "/", "/"},
		{"/guides/", []string{"/"}, "/guides/", "/guides/"},
		{"/guides/tagging/", []string{"/", "/guides/"}, "/guides/", "/guides/"},
		{"/support/", []string{"/"}, "/", "/support/"},
		{"/errors/", []string{"/"}, "/errors/", "/errors/"},
		{"/errors/401/", []string{"/", "/errors/"}, "/errors/", "/errors/"},
		{"/errors/matrix/", []string{"/", "/errors/"}, "/errors/", "/errors/"},
		{"/platforms/alpha/", []string{"/", "/platforms/"}, "/platforms/", "/platforms/"},
		{"/legal/terms/privacy/", []string{"/"}, "/", "/legal/terms/privacy/"},
		{"/404.html", []string{}, "/404.html", "/404.html"},
	}
	for _, tt := range tests {
		p := s.Page(tt.url)
		if p == nil {
			t.Errorf("%s: no page", tt.url)
			continue
		}
		if got := urls(p.Crumbs()); !slices.Equal(got, tt.crumbs) {
			t.Errorf("%s: Crumbs() = %q, want %q", tt.url, got, tt.crumbs)
		}
		if got := p.Section().URL; got != tt.section {
			t.Errorf("%s: Section() = %s, want %s", tt.url, got, tt.section)
		}
		if got := p.Top().URL; got != tt.top {
			t.Errorf("%s: Top() = %s, want %s", tt.url, got, tt.top)
		}
	}
}

// TestGenerated: with no content, every page is made from the data; a
// content page takes the place of the page generated for its URL; the
// glossary page is made only when there are terms.
func TestGenerated(t *testing.T) {
	noTerms := merge(data)
	delete(noTerms, "data/glossary.yaml")
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		want  []string
		title string // the home page's, and the site's
		check func(t *testing.T, s *site.Site)
	}{
		{
			name: "data only",
			fsys: data,
			want: []string{"/", "/404.html", "/errors/", "/errors/401/", "/errors/403/", "/errors/429/", "/errors/500/",
				"/errors/matrix/", "/glossary/", "/platforms/", "/platforms/alpha/", "/platforms/beta/", "/search/"},
			title: "Error reference",
		},
		{
			name: "no terms",
			fsys: noTerms,
			want: []string{"/", "/404.html", "/errors/", "/errors/401/", "/errors/403/", "/errors/429/", "/errors/500/",
				"/errors/matrix/", "/platforms/", "/platforms/alpha/", "/platforms/beta/", "/search/"},
			title: "Error reference",
		},
		{
			name: "content takes a generated URL",
			fsys: merge(data, fstest.MapFS{
				"content/platforms/_index.md": md("title: Backends", "weight: 5"),
				"content/search.md":           md("title: Find", "layout: search"),
			}),
			want: []string{"/", "/404.html", "/errors/", "/errors/401/", "/errors/403/", "/errors/429/", "/errors/500/",
				"/errors/matrix/", "/glossary/", "/platforms/", "/platforms/alpha/", "/platforms/beta/", "/search/"},
			title: "Error reference",
			check: func(t *testing.T, s *site.Site) {
				p := s.Page("/platforms/")
				if p.Generated() || p.Title != "Backends" || p.Kind != site.KindPlatforms || p.Weight != 5 {
					t.Errorf("/platforms/: got generated %t, title %q, kind %q, weight %d; want the content page, kind platforms",
						p.Generated(), p.Title, p.Kind, p.Weight)
				}
				if got := urls(p.Children); !slices.Equal(got, []string{}) {
					t.Errorf("/platforms/ children: got %q, want none (platform pages are in no menu)", got)
				}
				if p := s.Page("/search/"); p.Generated() || p.Layout != "search" || p.Kind != site.KindPage {
					t.Errorf("/search/: got generated %t, layout %q, kind %q; want the content page, layout search, kind page",
						p.Generated(), p.Layout, p.Kind)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSite(t, site.Config{}, tt.fsys)
			if got := urls(s.Pages); !slices.Equal(got, tt.want) {
				t.Errorf("Pages:\ngot  %q\nwant %q", got, tt.want)
			}
			if s.Home == nil || s.Home.Title != tt.title || s.Title != tt.title {
				t.Errorf("got home %v, site title %q; want both %q", s.Home, s.Title, tt.title)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
		})
	}
}

// TestDrafts: a draft page is left out unless Config.Drafts.
func TestDrafts(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		s := mustSite(t, site.Config{Drafts: drafts}, merge(data, content))
		if got := s.Page("/draft/") != nil; got != drafts {
			t.Errorf("Drafts %t: /draft/ published %t, want %t", drafts, got, drafts)
		}
		if got := slices.Contains(urls(s.Nav), "/draft/"); got != drafts {
			t.Errorf("Drafts %t: /draft/ in Nav %t, want %t", drafts, got, drafts)
		}
	}
}

// TestOneURLOneSource: two sources for one URL are a problem at the
// second, and the first keeps the URL.
func TestOneURLOneSource(t *testing.T) {
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		url   string
		owner string // the file of the page that keeps the URL
		want  []string
	}{
		{
			name:  "a page and an error",
			fsys:  fstest.MapFS{"content/errors/401.md": md("title: Mine")},
			url:   "/errors/401/",
			owner: "content/errors/401.md",
			want:  []string{`data/errors/401.yaml:1:1: error "401": /errors/401/ is also produced by content/errors/401.md; one URL has one source`},
		},
		{
			name:  "a page and a platform",
			fsys:  fstest.MapFS{"content/platforms/beta/_index.md": md("title: Beta")},
			url:   "/platforms/beta/",
			owner: "content/platforms/beta/_index.md",
			want:  []string{`data/platforms.yaml:4:3: platform "beta": /platforms/beta/ is also produced by content/platforms/beta/_index.md; one URL has one source`},
		},
		{
			name:  "a page and a section",
			fsys:  fstest.MapFS{"content/guide.md": md("title: Page"), "content/guide/_index.md": md("title: Section")},
			url:   "/guide/",
			owner: "content/guide.md",
			want:  []string{`content/guide/_index.md:2:1: /guide/ is also produced by content/guide.md; one URL has one source`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, problems := newSite(t, site.Config{}, merge(data, tt.fsys))
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\ngot  %q\nwant %q", got, tt.want)
			}
			if p := s.Page(tt.url); p == nil || p.File != tt.owner {
				t.Errorf("%s: got %v, want the page of %s", tt.url, p, tt.owner)
			}
		})
	}
}

// TestReverseLinks: what links to a cause, a remedy, a platform and an
// error, in error order (by status, then id), each error once.
func TestReverseLinks(t *testing.T) {
	s := mustSite(t, site.Config{}, data)
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"ErrorsWithCause(bad-credentials)", ids(s.ErrorsWithCause("bad-credentials")), []string{"401", "403"}},
		{"ErrorsWithCause(unknown)", ids(s.ErrorsWithCause("unknown")), []string{}},
		{"ErrorsWithRemedy(check-key)", ids(s.ErrorsWithRemedy("check-key")), []string{"401", "403"}},
		{"ErrorsWithRemedy(renew-token)", ids(s.ErrorsWithRemedy("renew-token")), []string{"401"}},
		{"ErrorsWithRemedy(unused)", ids(s.ErrorsWithRemedy("unused")), []string{}},
		// 401 and 403 list each other; 429 lists 401, which does not list it.
		{"Related(401)", ids(s.Related(s.Catalog.Error("401"))), []string{"403", "429"}},
		{"Related(403)", ids(s.Related(s.Catalog.Error("403"))), []string{"401"}},
		{"Related(429)", ids(s.Related(s.Catalog.Error("429"))), []string{"401"}},
		{"Related(500)", ids(s.Related(s.Catalog.Error("500"))), []string{}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	notes := func(platform string) []string {
		out := []string{}
		for _, n := range s.NotesFor(platform) {
			out = append(out, n.Error.ID+": "+n.Text)
		}
		return out
	}
	for platform, want := range map[string][]string{
		"alpha": {"401: Alpha says 401.", "403: Alpha never says 403."},
		"beta":  {"401: Beta says 403."},
		"gamma": {},
	} {
		if got := notes(platform); !slices.Equal(got, want) {
			t.Errorf("NotesFor(%s): got %q, want %q", platform, got, want)
		}
	}
}

// TestErrorTitle: an error's title gets its status in front, unless the
// title names it already.
func TestErrorTitle(t *testing.T) {
	tests := []struct {
		status int
		title  string
		want   string
	}{
		{401, "Unauthorized", "401 Unauthorized"},
		{403, "403 Forbidden", "403 Forbidden"},
		{200, "HTTP 200 but the response is empty", "HTTP 200 but the response is empty"},
		{429, "Too many requests (429)", "Too many requests (429)"},
		{500, "Error 5000", "500 Error 5000"},
		{500, "Error 1500", "500 Error 1500"},
		{404, "4040 or 404", "4040 or 404"},
	}
	for _, tt := range tests {
		if got := site.ErrorTitle(&catalog.Error{Status: tt.status, Title: tt.title}); got != tt.want {
			t.Errorf("ErrorTitle(%d, %q) = %q, want %q", tt.status, tt.title, got, tt.want)
		}
	}
}

// TestRedirects: every alias that claims a URL, with where it is written;
// anchor aliases are kept on the page, not redirected.
func TestRedirects(t *testing.T) {
	s := mustSite(t, site.Config{}, merge(data, content, fstest.MapFS{
		"content/old.md": md("title: Old", "aliases:", "  - \"#kept-anchor\"", "  - relative/"),
	}))
	var got []string
	for _, r := range s.Redirects() {
		got = append(got, r.From+" -> "+r.To+" at "+r.Pos.String())
	}
	want := []string{
		"/errors/unauthorised/ -> /errors/401/ at data/errors/401.yaml:10:11",
		"/kb/1030/ -> /guides/tagging/ at content/guides/tagging.md:4:11",
		"/kb/1031 -> /guides/tagging/ at content/guides/tagging.md:4:22",
		"/kb/401/ -> /errors/401/ at data/errors/401.yaml:10:37",
		"relative/ -> /old/ at content/old.md:5:5",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Redirects:\ngot  %q\nwant %q", got, want)
	}
}
