package render

import (
	"fmt"
	"html/template"
	"strings"
	"sync"

	"errdocs/internal/site"
)

// sharedKey names one rendering of a shared fragment: by the layout's
// templates, since a layout may define the fragment its own way.
type sharedKey struct {
	tmpl      *template.Template
	name, key string
}

// sharedCache holds fragments rendered once and reused on many pages.
type sharedCache struct {
	mu sync.Mutex
	m  map[sharedKey]string
}

// Shared renders the template name once per layout and key and reuses the
// result on every page of that layout that asks for the same key: a
// section sidebar is the same on each of the section's pages but for which
// link is the current one. The fragment is rendered with no current page
// (a Page with an empty URL, whose Section is this page's section), and
// every link to this page's URL then gets aria-current="page".
//
//	{{.Shared "section-sidebar" .Page.Section.URL}}
//
// The key must capture everything the template reads besides the current
// URL.
func (d *Data) Shared(name, key string) (template.HTML, error) {
	frag, err := d.r.shared.get(sharedKey{d.tmpl, name, key}, func() (string, error) {
		neutral := Data{Site: d.Site, Page: &site.Page{Parent: d.Page.Section()}, r: d.r, tmpl: d.tmpl}
		return neutral.fragment(name)
	})
	if err != nil {
		return "", err
	}
	href := `href="` + template.HTMLEscapeString(d.Page.URL) + `"`
	if d.Page.URL == "" || !strings.Contains(frag, href) {
		return template.HTML(frag), nil
	}
	return template.HTML(strings.ReplaceAll(frag, href, href+` aria-current="page"`)), nil
}

// Cached renders the template name once per layout and key, with the data
// of the first page that asks, and reuses the result on every page of that
// layout that asks for the same key. Unlike Shared nothing is rewritten for the current page, so
// the key must capture everything the template reads: a fragment the same
// on every page takes "", the top navigation the current top section and
// whether this page is that section.
//
//	{{.Cached "header" (printf "%s|%t" $top.URL (eq $top.URL .Page.URL))}}
func (d *Data) Cached(name, key string) (template.HTML, error) {
	frag, err := d.r.shared.get(sharedKey{d.tmpl, "\x00" + name, key}, func() (string, error) {
		return d.fragment(name)
	})
	return template.HTML(frag), err
}

// fragment executes the template name with d for Shared and Cached, with
// Markdown state of its own: which glossary terms it links must not
// depend on the page that happened to render it first, nor change what
// that page links.
func (d *Data) fragment(name string) (string, error) {
	f := *d
	f.doc, f.err = d.r.md.NewDoc(), nil
	var b strings.Builder
	if err := f.tmpl.ExecuteTemplate(&b, name, &f); err != nil {
		return "", err
	}
	if f.err == nil && len(f.doc.Problems) > 0 {
		f.err = fmt.Errorf("template %q: in a data field: %s", name, f.doc.Problems[0].Msg)
	}
	return b.String(), f.err
}

func (c *sharedCache) get(k sharedKey, render func() (string, error)) (string, error) {
	c.mu.Lock()
	b, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := render()
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[sharedKey]string{}
	}
	c.m[k] = b
	c.mu.Unlock()
	return b, nil
}
