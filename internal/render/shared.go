package render

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"text/template/parse"

	"errdocs/internal/site"
)

// sharedKey names one rendering of a shared fragment. tmpl is the
// layout's templates when the layout's file defines the fragment its own
// way (see ownFragments), else nil: the fragment is the same for every
// layout that does not.
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
	k := sharedKey{name: name, key: key, cached: cached}
	if d.r.own[d.tmpl][name] {
		k.tmpl = d.tmpl
	}
	return k
}

// ownFragments returns the names of the templates of the layout t that
// its file (file, with the text src) defines, or that invoke one it
// defines, directly or not: the templates whose output may differ from
// that of the shared files. As in text/template, an empty definition
// does not replace a template that has a body.
func ownFragments(t *template.Template, file, src string) map[string]bool {
	owned := map[string]bool{}
	defined := map[string]*parse.Tree{}
	tr := parse.New(file)
	tr.Mode = parse.SkipFuncCheck
	if _, err := tr.Parse(src, "", "", defined); err != nil {
		// t parsed src, so this does not happen; were it to, every
		// template would be the layout's own.
		for _, x := range t.Templates() {
			owned[x.Name()] = true
		}
		return owned
	}
	var reaches func(name string, seen map[string]bool) bool
	reaches = func(name string, seen map[string]bool) bool {
		x := t.Lookup(name)
		if x == nil || x.Tree == nil {
			return false
		}
		if d, ok := defined[name]; ok && (!parse.IsEmptyTree(d.Root) || parse.IsEmptyTree(x.Tree.Root)) {
			return true
		}
		if seen[name] {
			return false
		}
		seen[name] = true
		found := false
		invoked(x.Tree.Root, func(callee string) { found = found || reaches(callee, seen) })
		return found
	}
	for _, x := range t.Templates() {
		if reaches(x.Name(), map[string]bool{}) {
			owned[x.Name()] = true
		}
	}
	return owned
}

// invoked calls f with the name of each template n invokes.
func invoked(n parse.Node, f func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				invoked(c, f)
			}
		}
	case *parse.IfNode:
		invoked(n.List, f)
		invoked(n.ElseList, f)
	case *parse.RangeNode:
		invoked(n.List, f)
		invoked(n.ElseList, f)
	case *parse.WithNode:
		invoked(n.List, f)
		invoked(n.ElseList, f)
	case *parse.TemplateNode:
		f(n.Name)
	}
}

// sharedCache holds fragments rendered once and reused on many pages.
type sharedCache struct {
	mu sync.Mutex
	m  map[sharedKey]fragment
}

// Shared renders the template name once per key (and per layout, for
// layouts that define it their own way: see ownFragments) and reuses the
// result on every page that asks for the same key: a section sidebar is
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

// Cached renders the template name once per key (and layout, as Shared),
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
	f.reads, f.self = &site.Reads{}, false
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
