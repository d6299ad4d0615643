package render

import (
	"fmt"
	"html/template"
	"strings"
	"sync"

	"errdocs/internal/site"
)

// sharedKey names one rendering of a shared fragment: the layout's
// templates (a layout may define the fragment its own way), the
// fragment's name and its key.
type sharedKey struct {
	tmpl      *template.Template
	name, key string
	cached    bool // made by Cached, not Shared
}

// fragment is one rendering of a shared fragment: its HTML and what it
// read of the model, which every page that shows it read too.
type fragment struct {
	html  string
	reads *site.Reads
}

// key returns the sharedKey of the fragment name with key on d's page.
func (d *Data) key(name, key string, cached bool) sharedKey {
	return sharedKey{tmpl: d.tmpl, name: name, key: key, cached: cached}
}

// sharedCache holds fragments rendered once and reused on many pages.
type sharedCache struct {
	mu sync.Mutex
	m  map[sharedKey]fragment
}

// Shared renders the template name once per key and layout and reuses
// the result on every page of the layout that asks for the same key: a section sidebar is
// the same on each of the section's pages but for which link is the
// current one. The fragment is rendered with no current page (a Page with
// an empty URL, whose Section is this page's section), and every link to
// this page's URL then gets aria-current="page".
//
//	{{.Shared "section-sidebar" .Page.Section.URL}}
//
// The key must capture everything the template reads besides the current
// URL.
func (d *Data) Shared(name, key string) (template.HTML, error) {
	frag, err := d.r.shared.get(d.key(name, key, false), func() (fragment, error) {
		section := d.Page().Section()
		neutral := Data{s: d.s, page: &site.Page{Parent: section.p}, r: d.r, tmpl: d.tmpl}
		return neutral.fragment(name)
	})
	if err != nil {
		return "", err
	}
	d.reads.Include(frag.reads)
	url := d.page.URL
	href := `href="` + template.HTMLEscapeString(url) + `"`
	if url == "" || !strings.Contains(frag.html, href) {
		return template.HTML(frag.html), nil
	}
	return template.HTML(strings.ReplaceAll(frag.html, href, href+` aria-current="page"`)), nil
}

// Cached renders the template name once per key and layout,
// with the data of the first page that asks, and reuses the result on
// every page that asks for the same key. Unlike Shared nothing is
// rewritten for the current page, so the key must capture everything the
// template reads: a fragment the same on every page takes "", the top
// navigation the current top section and whether this page is that
// section.
//
//	{{.Cached "header" (printf "%s|%t" $top.URL (eq $top.URL .Page.URL))}}
func (d *Data) Cached(name, key string) (template.HTML, error) {
	frag, err := d.r.shared.get(d.key(name, key, true), func() (fragment, error) {
		return d.fragment(name)
	})
	if err != nil {
		return "", err
	}
	d.reads.Include(frag.reads)
	return template.HTML(frag.html), nil
}

// fragment executes the template name with d for Shared and Cached, with
// Markdown state of its own: which glossary terms it links must not
// depend on the page that happened to render it first, nor change what
// that page links. What it reads is its own too, and of d's page only
// what a menu shows: the pages that show it share its key, not d's page.
func (d *Data) fragment(name string) (fragment, error) {
	f := *d
	f.doc, f.err = d.r.md.NewDoc(), nil
	f.reads, f.self = nil, false
	if d.r.record {
		f.reads = &site.Reads{}
	}
	f.siteView, f.pageView = nil, nil
	var b strings.Builder
	if err := f.tmpl.ExecuteTemplate(&b, name, &f); err != nil {
		return fragment{}, err
	}
	if f.err == nil && len(f.doc.Problems) > 0 {
		f.err = fmt.Errorf("template %q: in a data field: %s", name, f.doc.Problems[0].Msg)
	}
	return fragment{html: b.String(), reads: f.reads}, f.err
}

func (c *sharedCache) get(k sharedKey, render func() (fragment, error)) (fragment, error) {
	c.mu.Lock()
	b, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := render()
	if err != nil {
		return fragment{}, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[sharedKey]fragment{}
	}
	c.m[k] = b
	c.mu.Unlock()
	return b, nil
}
