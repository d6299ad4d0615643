// Package render turns the site model into HTML with html/template.
//
// # Templates
//
// templates/ holds one file per layout plus shared files:
//
//	base.html        defines "base", the page frame: head, header with the
//	                 top navigation and search box, sidebar, main, on-page
//	                 table of contents, footer. Layouts fill its blocks
//	                 "main", "sidebar" and "toc".
//	partials.html    shared definitions such as "error-body".
//	<layout>.html    one per layout: home, section, page, errors, error,
//	                 matrix, platforms, platform, glossary, search, 404.
//
// Every layout is executed as "base" with a *Data value: .Site, .Page,
// .Content, .TOC and the other methods of Data. .Site and .Page are views
// of the model (see view.go) that record what a page reads, so that a
// rebuild makes again exactly the pages a change concerns, whatever the
// templates show; .Site.Catalog.Errors, .Page.Parent.Title and the like
// read as the fields of package site and catalog would; .Site.Catalog.
// InService and .Site.Catalog.Retired split the errors by lifecycle. Markup
// is the templates' own: partials.html defines the parts a theme may
// override ("error-body", "error-variants", "error-notes", "platform-names",
// "platform-picker", "error-link", "error-badge", "error-lifecycle",
// "toc-items", "error-index", "error-row", "retired-errors", ...).
// Templates may also call:
//
//	abs PATH              absolute URL of a site path (canonical links)
//	asset PATH            URL of a static asset ("css/site.css")
//	errorURL ID           /errors/<id>/
//	errorEntry ID         /errors/#<id>
//	platformURL ID        /platforms/<id>/
//	termURL ID            /glossary/#<id>
//	anchor ERR SUB        "<err>-<sub>", the id of a variant or platform note
//	anchorLinks ID LABEL  the "#" permalink and copy-link button of an entry
//	                      (as Markdown headings have them)
//	errorTitle ERROR      "401 Unauthorized"
//	highlight CODE LANG   a chroma-highlighted code block
//	statusClass ERROR     the error's status class, a StatusGroup with Class "4xx"
//	                      and Title "Client errors" but no Errors
//	add A B, sub A B      A+B and A-B, for integers
package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/markdown"
	"errdocs/internal/site"
)

// Renderer renders pages of one site. It is safe for concurrent use.
type Renderer struct {
	site    *site.Site
	md      *markdown.Renderer
	layouts map[string]*template.Template
	// Asset maps a static path ("css/site.css") to its published URL.
	asset  func(string) string
	plain  func(string) string
	record bool
	shared sharedCache
	frame  frameSizes
	bufs   sync.Pool // *[]byte: page buffers given back with Recycle
}

// Config configures a Renderer.
type Config struct {
	Templates fs.FS // the templates/ folder
	Markdown  *markdown.Renderer
	// Plain turns a Markdown field into plain text; nil means
	// Markdown.Plain. A build may give one that remembers its answers.
	Plain func(string) string
	// Record says to record what each page reads (Output.Reads), for a
	// build that is made again (the dev server).
	Record bool
	// Asset maps a static path to its URL; nil means "/" + path.
	Asset func(string) string
}

// New parses the templates. Template syntax errors are added to problems
// with their file and line.
func New(cfg Config, s *site.Site, problems *diag.List) *Renderer {
	r := &Renderer{site: s, md: cfg.Markdown, layouts: map[string]*template.Template{}, asset: cfg.Asset}
	if r.asset == nil {
		r.asset = func(p string) string { return "/" + p }
	}
	r.record = cfg.Record
	if r.plain = cfg.Plain; r.plain == nil {
		r.plain = cfg.Markdown.Plain
	}
	files, _ := fs.Glob(cfg.Templates, "*.html")
	shared := template.New("").Funcs(r.funcs())
	var layouts []string
	broken := map[string]bool{} // layouts whose file does not parse
	for _, f := range files {
		src, err := fs.ReadFile(cfg.Templates, f)
		if err != nil {
			problems.Add(diag.Problem{File: "templates/" + f, Msg: err.Error()})
			continue
		}
		name := strings.TrimSuffix(f, ".html")
		if name == "base" || name == "partials" {
			if _, err := shared.New(f).Parse(string(src)); err != nil {
				problems.Add(templateProblem(err))
			}
			continue
		}
		layouts = append(layouts, f)
	}
	for _, f := range layouts {
		src, _ := fs.ReadFile(cfg.Templates, f)
		t, err := shared.Clone()
		if err == nil {
			_, err = t.New(f).Parse(string(src))
		}
		if err != nil {
			problems.Add(templateProblem(err))
			broken[strings.TrimSuffix(f, ".html")] = true
			continue
		}
		r.layouts[strings.TrimSuffix(f, ".html")] = t
	}
	for _, p := range s.Pages {
		if r.layouts[p.Layout] == nil && !broken[p.Layout] {
			pos := diag.Pos{File: p.File}
			if p.Source != nil {
				pos = cmp.Or(p.Source.LayoutPos, p.Source.Pos)
			}
			problems.Addf(pos, "no template templates/%s.html for layout %q", p.Layout, p.Layout)
		}
	}
	return r
}

// templateProblem turns "template: errors.html:12:3: ..." into a problem.
func templateProblem(err error) diag.Problem {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	file, rest, _ := strings.Cut(msg, ":")
	var line, col int
	var text string
	if n, _ := fmt.Sscanf(rest, "%d:%d:", &line, &col); n == 2 {
		_, text, _ = strings.Cut(rest, ": ")
	} else if n, _ := fmt.Sscanf(rest, "%d:", &line); n == 1 {
		_, text, _ = strings.Cut(rest, ": ")
	} else {
		text = strings.TrimSpace(rest)
	}
	return diag.Problem{File: path.Join("templates", file), Line: line, Col: col, Msg: text}
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"abs":         r.site.Abs,
		"asset":       func(p string) string { return r.asset(p) },
		"errorURL":    site.ErrorURL,
		"errorEntry":  site.ErrorEntry,
		"platformURL": site.PlatformURL,
		"termURL":     site.TermURL,
		"anchor":      site.Anchor,
		"errorTitle":  site.ErrorTitle,
		"anchorLinks": func(id, label string) template.HTML { return template.HTML(markdown.AnchorLinks(id, label)) },
		"statusClass": func(e *catalog.Error) StatusGroup {
			class, title := StatusClass(e)
			return StatusGroup{Class: class, Title: title}
		},
		"add": func(a, b int) int { return a + b },
		"sub": func(a, b int) int { return a - b },
		"highlight": func(code, lang string) template.HTML {
			var b bytes.Buffer
			markdown.Highlight(&b, code, lang)
			return template.HTML(b.String())
		},
	}
}

// Page renders one page. Problems with the page's own content (a code
// block too large to highlight, Markdown too complex to parse quickly)
// come back as a diag.List error, with the page rendered all the same.
func (r *Renderer) Page(p *site.Page) ([]byte, error) {
	out, err := r.Render(p)
	return out.HTML, err
}

// Output is a rendered page.
type Output struct {
	HTML []byte
	// Sections is the plain-text outline of the page's Markdown body, for
	// the search index; nil for a page generated from data.
	Sections []markdown.Section
	// Reads is what the page read of the model; nil unless
	// Config.Record.
	Reads *site.Reads
}

// Render renders one page and returns its HTML with the outline of its
// Markdown body. As with Page, a diag.List error comes with the output.
func (r *Renderer) Render(p *site.Page) (Output, error) {
	t := r.layouts[p.Layout]
	if t == nil {
		return Output{}, fmt.Errorf("no template for layout %q", p.Layout)
	}
	var out Output
	if r.record {
		out.Reads = &site.Reads{}
	}
	d := &Data{s: r.site, page: p, reads: out.Reads, self: true, doc: r.md.NewDoc(), r: r, tmpl: t}
	d.doc.NoTerms = p.Kind == site.KindGlossary
	out.Reads.Add(site.Key{Kind: site.KeyPage, ID: p.URL})
	var large diag.List
	if p.Source != nil {
		d.termLinks()
		res, err := d.doc.RenderTo(r.Buffer(), p.Source.Body)
		if err != nil {
			return Output{}, err
		}
		d.Content = template.HTML(res.HTML)
		r.Recycle(res.HTML) // Content is a copy
		for _, c := range res.Problems {
			large.Addf(diag.Pos{File: p.File, Line: p.Source.BodyLine + c.Line - 1, Col: 1}, "%s", c.Msg)
		}
		for _, h := range res.Headings {
			if h.Level == 2 || h.Level == 3 {
				d.TOC = append(d.TOC, h)
			}
		}
		out.Sections = res.Sections
	}
	buf := bytes.NewBuffer(r.Buffer())
	buf.Grow(len(d.Content) + r.frame.guess(p.Layout))
	if err := t.ExecuteTemplate(buf, "base", d); err != nil {
		return Output{}, err
	}
	if d.err != nil {
		return Output{}, d.err
	}
	for _, c := range d.doc.Problems[len(large):] {
		large.Add(diag.Problem{File: p.File, Msg: "in a data field: " + c.Msg})
	}
	out.HTML = buf.Bytes()
	r.frame.record(p.Layout, len(out.HTML)-len(d.Content))
	if len(large) > 0 {
		return out, large
	}
	return out, nil
}

// Recycle gives back the HTML of a rendered page once nothing refers to it
// any more (it is on disk and checked), for a later page to render into:
// a 10,000-page build otherwise allocates its 450 MB of pages afresh.
func (r *Renderer) Recycle(html []byte) {
	if cap(html) <= maxRecycled {
		html = html[:0]
		r.bufs.Put(&html)
	}
}

// maxRecycled is the largest page buffer kept for reuse; larger pages are
// rare (/errors/) and would pin their memory.
const maxRecycled = 1 << 20

// Buffer returns an empty buffer to make a page in: one given back with
// Recycle, or nil. Render makes pages in them.
func (r *Renderer) Buffer() []byte {
	if b, ok := r.bufs.Get().(*[]byte); ok {
		return *b
	}
	return nil
}

// frameSizes remembers, per layout, how many bytes a page has besides its
// Markdown body, so the next page's buffer is made about the right size
// at once instead of doubling its way there (at 10,000 pages the
// doublings were a fifth of all allocation).
type frameSizes struct {
	mu sync.Mutex
	m  map[string]int
}

// guess returns the frame size last recorded for the layout, or 16 KiB.
func (f *frameSizes) guess(layout string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n, ok := f.m[layout]; ok {
		return n + n/8
	}
	return 16 << 10
}

func (f *frameSizes) record(layout string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]int{}
	}
	f.m[layout] = n
}

// OutputPath is the file a page is written to: "errors/401/index.html".
func OutputPath(url string) string {
	if strings.HasSuffix(url, "/") {
		return strings.TrimPrefix(url, "/") + "index.html"
	}
	return strings.TrimPrefix(url, "/")
}
