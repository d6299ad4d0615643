package render

import (
	"bytes"
	"html/template"
	"sync"

	"errdocs/internal/site"
)

// sharedKey names one rendering of a shared fragment.
type sharedKey struct{ name, key string }

// sharedCache holds fragments rendered once and reused on many pages.
type sharedCache struct {
	mu sync.Mutex
	m  map[sharedKey][]byte
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
	frag, err := d.r.shared.get(sharedKey{name, key}, func() ([]byte, error) {
		neutral := &site.Page{Parent: d.Page.Section()}
		nd := &Data{Site: d.Site, Page: neutral, r: d.r, doc: d.doc, tmpl: d.tmpl}
		var b bytes.Buffer
		err := d.tmpl.ExecuteTemplate(&b, name, nd)
		return b.Bytes(), err
	})
	if err != nil {
		return "", err
	}
	href := []byte(`href="` + template.HTMLEscapeString(d.Page.URL) + `"`)
	if d.Page.URL == "" || !bytes.Contains(frag, href) {
		return template.HTML(frag), nil
	}
	cur := append(append([]byte{}, href...), ` aria-current="page"`...)
	return template.HTML(bytes.ReplaceAll(frag, href, cur)), nil
}

func (c *sharedCache) get(k sharedKey, render func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	b, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := render()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[sharedKey][]byte{}
	}
	c.m[k] = b
	c.mu.Unlock()
	return b, nil
}
