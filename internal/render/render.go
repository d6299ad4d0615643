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
// Every layout is executed as "base" with a *Data value. Besides the
// fields and methods of Data, templates may call:
//
//	abs PATH              absolute URL of a site path (canonical links)
//	asset PATH            URL of a static asset ("css/site.css")
//	errorURL ID           /errors/<id>/
//	errorEntry ID         /errors/#<id>
//	platformURL ID        /platforms/<id>/
//	termURL ID            /glossary/#<id>
//	anchor ERR SUB        "<err>-<sub>", the id of a variant or platform note
//	anchorLinks ID LABEL  the "#" permalink and copy-link button of an entry
//	errorTitle ERROR      "401 Unauthorized"
//	errorLink ERROR       a link to the error's page, titled with errorTitle
//	highlight CODE LANG   a chroma-highlighted code block
package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strconv"
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
	shared sharedCache
	// own holds, per layout, the templates its file defines its own way
	// (ownFragments).
	own   map[*template.Template]map[string]bool
	frame frameSizes
	bufs  sync.Pool // *[]byte: page buffers given back with Recycle
}

// Config configures a Renderer.
type Config struct {
	Templates fs.FS // the templates/ folder
	Markdown  *markdown.Renderer
	// Asset maps a static path to its URL; nil means "/" + path.
	Asset func(string) string
}

// New parses the templates. Template syntax errors are added to problems
// with their file and line.
func New(cfg Config, s *site.Site, problems *diag.List) *Renderer {
	r := &Renderer{site: s, md: cfg.Markdown, layouts: map[string]*template.Template{}, asset: cfg.Asset,
		own: map[*template.Template]map[string]bool{}}
	if r.asset == nil {
		r.asset = func(p string) string { return "/" + p }
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
		r.own[t] = ownFragments(t, f, string(src))
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
		"errorLink":   errorLink,
		"anchorLinks": func(id, label string) template.HTML { return template.HTML(markdown.AnchorLinks(id, label)) },
		"highlight": func(code, lang string) template.HTML {
			var b bytes.Buffer
			markdown.Highlight(&b, code, lang)
			return template.HTML(b.String())
		},
	}
}

// Data is what a layout template executes with.
type Data struct {
	Site    *site.Site
	Page    *site.Page
	Content template.HTML      // the rendered Markdown body
	TOC     []markdown.Heading // the body's h2 and h3 headings
	doc     *markdown.Doc
	err     error
	r       *Renderer
	tmpl    *template.Template
}

// Description is what <meta name="description"> says of the page: the
// summary of its error, else its own description, else the home page's.
func (d *Data) Description() string {
	if e := d.Page.Error; e != nil && e.Summary != "" {
		return e.Summary
	}
	if d.Page.Description == "" && d.Site.Home != nil {
		return d.Site.Home.Description
	}
	return d.Page.Description
}

// TOCItems returns the <li> of each heading of TOC, linking to it: made
// in Go, not ranged over in the template, since every page has one.
func (d *Data) TOCItems() template.HTML {
	var b strings.Builder
	for _, h := range d.TOC {
		b.WriteString("\n<li class=\"toc-h")
		b.WriteString(strconv.Itoa(h.Level))
		b.WriteString(`"><a href="#`)
		writeFragment(&b, h.ID)
		b.WriteString(`">`)
		writeText(&b, h.Text)
		b.WriteString("</a></li>")
	}
	return template.HTML(b.String())
}

// MD renders a short Markdown field inline (no <p> around one paragraph).
func (d *Data) MD(s string) template.HTML {
	h, err := d.doc.Inline(s)
	if err != nil && d.err == nil {
		d.err = err
	}
	return template.HTML(h)
}

// Step returns the Markdown of a "How to solve" step.
func (d *Data) Step(s catalog.Step) string {
	if s.Remedy != "" {
		if rem := d.Site.Catalog.Remedy(s.Remedy); rem != nil {
			return rem.Text
		}
	}
	return s.Text
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
}

// Render renders one page and returns its HTML with the outline of its
// Markdown body. As with Page, a diag.List error comes with the output.
func (r *Renderer) Render(p *site.Page) (Output, error) {
	t := r.layouts[p.Layout]
	if t == nil {
		return Output{}, fmt.Errorf("no template for layout %q", p.Layout)
	}
	d := &Data{Site: r.site, Page: p, doc: r.md.NewDoc(), r: r, tmpl: t}
	d.doc.NoTerms = p.Kind == site.KindGlossary
	var large diag.List
	var out Output
	if p.Source != nil {
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
// Recycle, or nil. Render makes pages in them; so does minification.
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

// Entry is the context of the "error-body" template.
type Entry struct {
	D    *Data
	E    *catalog.Error
	Full bool
}

// Entry returns the context for rendering e's body.
func (d *Data) Entry(e *catalog.Error, full bool) Entry { return Entry{D: d, E: e, Full: full} }

// VariantRow is one variant of an error, as its list shows it.
type VariantRow struct {
	catalog.Variant
	Anchor     string        // "<error>-<variant>", the row's id
	OldAnchors []string      // old anchors kept at the row
	Links      template.HTML // its permalink and copy-link button
}

// Variants returns the error's variants with their anchors, made here for
// the same reason as Notes: for templates that want markup of their own.
func (en Entry) Variants() []VariantRow {
	e := en.E
	title := site.ErrorTitle(e)
	rows := make([]VariantRow, 0, len(e.Variants))
	for _, v := range e.Variants {
		anchor, links := rowAnchor(e, v.ID, title+": "+v.Title)
		rows = append(rows, VariantRow{Variant: v, Anchor: anchor, OldAnchors: e.VariantAnchors(v), Links: links})
	}
	return rows
}

// PlatformNote is one row of an error's "Considerations per platform".
type PlatformNote struct {
	Platform   *catalog.Platform
	Anchor     string        // "<error>-<platform>", the row's id
	OldAnchors []string      // old anchors kept at the row
	Links      template.HTML // its permalink and copy-link button
	Note       string        // Markdown; "" when it behaves as on every platform
}

// Notes returns a row per platform for the error, in the catalog's order,
// for templates that want markup of their own.
func (en Entry) Notes() []PlatformNote {
	e := en.E
	title := site.ErrorTitle(e)
	rows := make([]PlatformNote, 0, len(en.D.Site.Catalog.Platforms))
	for _, p := range en.D.Site.Catalog.Platforms {
		anchor, links := rowAnchor(e, p.ID, title+" on "+p.Name)
		rows = append(rows, PlatformNote{Platform: p, Anchor: anchor, OldAnchors: e.PlatformAnchors(p.ID), Links: links, Note: e.Note(p.ID)})
	}
	return rows
}

// The lists of an error's body are made in Go rather than ranged over in
// the template: an error shows them on its page and on /errors/, and at
// 5,000 errors the template's dozen actions per row (each a reflective
// call, most with an escaper) took a fifth of the build. The markup is the
// theme's; a template that wants other markup ranges over Variants and
// Notes instead.

// VariantsHTML returns the <dt> and <dd> of each of the error's variants:
// its anchor, old anchors, title and links, then its description.
func (en Entry) VariantsHTML() template.HTML {
	var b strings.Builder
	for _, v := range en.Variants() {
		writeRowStart(&b, v.Anchor, v.OldAnchors)
		writeText(&b, v.Title)
		writeRowEnd(&b, v.Links, en.D.MD(v.Description))
	}
	return template.HTML(b.String())
}

// NotesHTML returns the <dt> and <dd> of each platform for the error: its
// anchor, old anchors, link to the platform and links, then the error's
// note for the platform or that it behaves as everywhere.
func (en Entry) NotesHTML() template.HTML {
	var b strings.Builder
	for _, n := range en.Notes() {
		writeRowStart(&b, n.Anchor, n.OldAnchors)
		writeLink(&b, site.PlatformURL(n.Platform.ID), n.Platform.Name)
		note := template.HTML("Similar to all supported platforms.")
		if n.Note != "" {
			note = en.D.MD(n.Note)
		}
		writeRowEnd(&b, n.Links, note)
	}
	return template.HTML(b.String())
}

// writeRowStart writes the start of a row's <dt>: its id and the empty
// spans that keep its old anchors.
func writeRowStart(b *strings.Builder, anchor string, old []string) {
	b.WriteString("\n<dt id=\"")
	writeText(b, anchor)
	b.WriteString(`">`)
	for _, a := range old {
		b.WriteString(`<span id="`)
		writeText(b, a)
		b.WriteString(`" class="anchor-alias"></span>`)
	}
}

// writeRowEnd ends a row's <dt> with its links and writes its <dd>.
func writeRowEnd(b *strings.Builder, links, dd template.HTML) {
	b.WriteByte(' ')
	b.WriteString(string(links))
	b.WriteString("</dt>\n<dd>")
	b.WriteString(string(dd))
	b.WriteString("</dd>")
}

// writeLink writes a link to the site path url with the text title.
func writeLink(b *strings.Builder, url, title string) {
	b.WriteString(`<a href="`)
	writeURL(b, url)
	b.WriteString(`">`)
	writeText(b, title)
	b.WriteString(`</a>`)
}

// errorLink returns a link to e's page, titled as errorTitle.
func errorLink(e *catalog.Error) template.HTML {
	var b strings.Builder
	writeErrorLink(&b, e)
	return template.HTML(b.String())
}

// writeErrorLink writes errorLink(e).
func writeErrorLink(b *strings.Builder, e *catalog.Error) {
	writeLink(b, site.ErrorURL(e.ID), site.ErrorTitle(e))
}

// rowAnchor returns the id of a row of e ("<error>-<sub>") and its
// permalink and copy-link button, labelled label.
func rowAnchor(e *catalog.Error, sub, label string) (string, template.HTML) {
	anchor := site.Anchor(e.ID, sub)
	return anchor, template.HTML(markdown.AnchorLinks(anchor, label))
}

// maxOthers caps the "also for" lists on an error page: a remedy or cause
// shared by hundreds of errors would otherwise make every page quadratic.
const maxOthers = 5

// Others is a capped list of other errors.
type Others struct {
	Errors []*catalog.Error // the first maxOthers
	More   int              // how many more there are
}

// OtherErrors returns the errors other than except that use the remedy.
func (d *Data) OtherErrors(remedy, except string) Others {
	return others(d.Site.ErrorsWithRemedy(remedy), except)
}

// OtherErrorsWithCause returns the errors other than except with the cause.
func (d *Data) OtherErrorsWithCause(cause, except string) Others {
	return others(d.Site.ErrorsWithCause(cause), except)
}

// Links returns the links to the errors, separated by commas, followed by
// "and N more" when the list is capped.
func (o Others) Links() template.HTML {
	var b strings.Builder
	for i, e := range o.Errors {
		if i > 0 {
			b.WriteString(", ")
		}
		writeErrorLink(&b, e)
	}
	if o.More > 0 {
		fmt.Fprintf(&b, " and %d more", o.More)
	}
	return template.HTML(b.String())
}

func others(all []*catalog.Error, except string) Others {
	var o Others
	for _, e := range all {
		switch {
		case e.ID == except:
		case len(o.Errors) < maxOthers:
			o.Errors = append(o.Errors, e)
		default:
			o.More++
		}
	}
	return o
}
