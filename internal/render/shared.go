package render

import (
	"html/template"
	"strings"
	"sync"

	"errdocs/internal/site"
)

// sharedKey names one rendering of a shared fragment.
type sharedKey struct{ name, key string }

// sharedCache holds fragments rendered once and reused on many pages.
type sharedCache struct {
	mu sync.Mutex
	m  map[sharedKey]string
}

// Shared renders the template name once per key and reuses the result on
// every page that asks for the same key: a section sidebar is the same on
// each of the section's pages but for which link is the current one. The
// fragment is rendered with no current page (a Page with an empty URL,
// whose Section is this page's section), and every link to this page's URL
// then gets aria-current="page".
//
//	{{.Shared "section-sidebar" .Page.Section.URL}}
//
// The key must capture everything the template reads besides the current
// URL.
func (d *Data) Shared(name, key string) (template.HTML, error) {
	frag, err := d.r.shared.get(sharedKey{name, key}, func() (string, error) {
		neutral := &site.Page{Parent: d.Page.Section()}
		nd := &Data{Site: d.Site, Page: neutral, r: d.r, doc: d.doc, tmpl: d.tmpl}
		var b strings.Builder
		err := d.tmpl.ExecuteTemplate(&b, name, nd)
		return b.String(), err
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

// Cached renders the template name once per key, with the data of the
// first page that asks, and reuses the result on every page that asks for
// the same key. Unlike Shared nothing is rewritten for the current page, so
// the key must capture everything the template reads: a fragment the same
// on every page takes "", the top navigation the current top section and
// whether this page is that section.
//
//	{{.Cached "header" (printf "%s|%t" $top.URL (eq $top.URL .Page.URL))}}
func (d *Data) Cached(name, key string) (template.HTML, error) {
	frag, err := d.r.shared.get(sharedKey{"\x00" + name, key}, func() (string, error) {
		var b strings.Builder
		err := d.tmpl.ExecuteTemplate(&b, name, d)
		return b.String(), err
	})
	return template.HTML(frag), err
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
