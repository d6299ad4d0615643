package linkcheck

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestCheck(t *testing.T) {
	body := []byte("\nSee [a](/a/#x) and\n[gone](/gone/).\n") // after three lines of front matter
	tests := []struct {
		name  string
		links string // HTML of the checked page, at /guide/
		src   []byte // its Markdown body, starting on line 4
		want  string // problems, one a line
	}{
		{name: "page, file, redirect, self", links: `<a href="/a/">a</a><a href="/a">a</a><a href="/a/index.html">a</a>
<link href="/css/site.css"><img src="/img/x.png"><a href="/old/#x">old</a><form action="/a/"></form><a href="#top">top</a><a href="#">x</a><a href="?q=1">q</a>`},
		{name: "fragments", links: `<a href="/a/#x">x</a><a href="/a/#y">y</a><a href="#me">me</a><a href="/a/#%C3%A9t%C3%A9">été</a><a name="n"></a><a href="#n">n</a>`,
			want: "content/guide.md: link /a/#y: no anchor \"y\" on /a/; did you mean \"x\"? (on /guide/, from its template)\n"},
		{name: "relative and own host", links: `<a href="../a/">a</a><a href="http://docs.test/a/#x">x</a><a href="//docs.test/nope/">n</a>`,
			want: "content/guide.md: link //docs.test/nope/: no page or file /nope/ on the site (on /guide/, from its template)\n"},
		{name: "external is not checked", links: `<a href="https://example.com/nope/">x</a><a href="mailto:a@b.c">m</a><a href="tel:+1">t</a>`},
		{name: "draft", links: `<a href="/draft/">d</a>`,
			want: "content/guide.md: link /draft/ goes to a draft, which is left out of the build (on /guide/, from its template)\n"},
		{name: "fragment on a file", links: `<a href="/css/site.css#x">x</a>`,
			want: "content/guide.md: link /css/site.css#x has a #fragment, but /css/site.css is not a page (on /guide/, from its template)\n"},
		{name: "malformed", links: `<a href="/a/%zz">x</a>`,
			want: "content/guide.md: malformed link \"/a/%zz\": invalid URL escape \"%zz\" (on /guide/, from its template)\n"},
		{name: "located in the source", links: `<a href="/a/#x">a</a><a href="/gone/">gone</a>`, src: body,
			want: "content/guide.md:6:8: link /gone/: no such page or file on the site\n"},
		{name: "located in a shared source", links: `<a href="/a/#z">z</a>`,
			want: "data/errors/401.yaml:3:19: link /a/#z: no anchor \"z\" on /a/; did you mean \"x\"?\n"},
		{name: "duplicate id", links: `<h2 id="me">Me</h2>`,
			want: "content/guide.md: id \"me\" is used twice on /guide/; an anchor names one place\n"},
		{name: "duplicate heading id in the source", links: `<h2 id="me">Me</h2>`, src: []byte("intro\n\n## Me\n"),
			want: "content/guide.md:6:1: id \"me\" is used twice on /guide/; an anchor names one place\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Config{
				BaseURL:   "http://docs.test/",
				Redirects: map[string]string{"/old/": "/a/"},
				Drafts:    []string{"/draft/"},
				Sources:   []Source{{File: "data/errors/401.yaml", Text: []byte("id: \"401\"\ntitle: x\nsummary: \"See [z](/a/#z).\"\n")}},
			})
			c.AddPage("/a/", []byte(`<main id="x"><p id="été">`), SourceInfo{Sources: []Source{{File: "content/a.md"}}})
			c.AddPage("/guide/", []byte(`<main id="me">`+tt.links), SourceInfo{Sources: []Source{{File: "content/guide.md", Text: tt.src, FirstLine: 4}}})
			c.AddFile("css/site.css")
			c.AddFile("img/x.png")
			c.AddFile("a/index.html")
			var got strings.Builder
			for _, p := range c.Check() {
				got.WriteString(p.String() + "\n")
			}
			if got.String() != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got.String(), tt.want)
			}
		})
	}
}

// TestConcurrentAddPage adds pages from many goroutines (run with -race).
func TestConcurrentAddPage(t *testing.T) {
	c := New(Config{})
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := "/p" + strings.Repeat("x", i) + "/"
			c.AddPage(u, []byte(`<h1 id="top-`+u+`">x</h1><a href="/">home</a>`), SourceInfo{})
			c.AddFile(u[1:] + "index.html")
		}()
	}
	wg.Wait()
	c.AddPage("/", []byte(`<a href="/pxx/#top-/pxx/">x</a>`), SourceInfo{})
	if ps := c.Check(); len(ps) != 0 {
		t.Errorf("problems: %v", ps)
	}
	if n := len(c.Published()); n != 101 {
		t.Errorf("published %d URLs and anchors, want 101", n)
	}
}

// TestReadKept checks pages with what Read made of them long before, many
// other pages read since, as the dev server does for the pages it did not
// render again: the same problems and published anchors as pages read
// afresh, so Read keeps nothing of the buffers it reuses.
func TestReadKept(t *testing.T) {
	cfg := Config{BaseURL: "http://docs.test/", Redirects: map[string]string{"/old/": "/a/"},
		Sources: []Source{{File: "data/errors/401.yaml", Text: []byte("summary: see [b](/b/#y)\n")}}}
	pages := map[string]string{
		"/a/":     `<h2 id="x">x</h2><h2 id="x">again</h2><a href="/b/#y">b</a><a href="/b/#y">b</a>`,
		"/b/":     `<h2 id="y">y</h2><a href="/css/site.css">css</a><a href="/nope/">n</a>`,
		"/guide/": `<a href="/a/#x">a</a><a href="/old/#q">old</a><a name="n"></a>`,
	}
	kept := map[string]*Page{}
	for u, html := range pages {
		kept[u] = Read([]byte(html))
	}
	for i := range 50 { // other pages through the same buffers
		Read(fmt.Appendf(nil, `<p id="p%d"><a href="/other/%d/">o</a><img src="/i%d.png">`, i, i, i))
	}
	old, fresh := New(cfg), New(cfg)
	for u, html := range pages {
		old.Add(u, kept[u], SourceInfo{})
		fresh.AddPage(u, []byte(html), SourceInfo{})
	}
	files := []string{"css/site.css"}
	old.SetFiles(files)
	fresh.SetFiles(files)
	got, want := old.Check().Error(), fresh.Check().Error()
	if got != want || got == "" {
		t.Errorf("problems with kept pages:\n%s\nwant (and some):\n%s", got, want)
	}
	if got, want := old.Published(), fresh.Published(); !slices.Equal(got, want) {
		t.Errorf("published %q, want %q", got, want)
	}
}

// FuzzPlainFragment checks that plainFragment reads a link as url.Parse
// does, where it reads it.
func FuzzPlainFragment(f *testing.F) {
	for _, s := range []string{"#", "#top", "#see-also", "#a#b", "#a b", "#\x00", "#caf%C3%A9", "#é", "/x/#y", "#?q=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, href string) {
		frag, ok := plainFragment(href)
		if !ok {
			return
		}
		u, err := url.Parse(href)
		if err != nil {
			t.Fatalf("%q: plainFragment reads %q, url.Parse fails: %v", href, frag, err)
		}
		if *u != (url.URL{Fragment: frag, RawFragment: u.RawFragment}) {
			t.Errorf("%q: plainFragment reads %q, url.Parse %#v", href, frag, u)
		}
	})
}

// TestPublished lists pages and ids in byte order, the not-found page and
// empty ids left out, also where a page's URL sorts between the URL and
// the ids of another.
func TestPublished(t *testing.T) {
	c := New(Config{})
	c.AddPage("/a/", []byte(`<p id="b"><p id=""><p id="é"><a name="n">`), SourceInfo{})
	c.AddPage("/a/!/", []byte(`<p id="c">`), SourceInfo{})
	c.AddPage("/", []byte(`<p id="x">`), SourceInfo{})
	c.AddPage("/a/b/", nil, SourceInfo{})
	c.AddPage("/404.html", []byte(`<p id="z">`), SourceInfo{})
	want := []string{"/", "/#x", "/a/", "/a/!/", "/a/!/#c", "/a/#b", "/a/#n", "/a/#é", "/a/b/"}
	if got := c.Published(); !slices.Equal(got, want) {
		t.Errorf("published %q, want %q", got, want)
	}
}
