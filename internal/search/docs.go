package search

import (
	"strconv"
	"strings"
	"sync"

	"errdocs/internal/catalog"
	"errdocs/internal/markdown"
	"errdocs/internal/site"
)

// Builder collects the documents of one site. Pages are added while they
// are rendered, from any goroutine; Build then indexes everything in a
// fixed order, so the output does not depend on scheduling.
type Builder struct {
	site  *site.Site
	plain *plainMemo
	cfg   Config

	mu    sync.Mutex
	pages map[string][]markdown.Section // by page URL
}

// Config sets the size limits of the index files.
type Config struct {
	// BucketSize is the size in bytes over which a postings bucket is split;
	// 0 means 64 KiB. Smaller buckets save little transfer (a prefix loads a
	// whole subtree anyway) and cost more requests per keystroke.
	BucketSize int
	// ChunkSize is the size in bytes at which a documents chunk is closed;
	// 0 means 12 KiB.
	ChunkSize int
	// TextLen is the longest snippet text kept per document, in bytes; 0
	// means 240.
	TextLen int
}

// NewBuilder starts an index of s. plain turns a Markdown field into plain
// text (markdown.Renderer.Plain); it must give the same text for the same
// field, as it is called once per distinct field, from any goroutine.
func NewBuilder(s *site.Site, plain func(string) string, cfg Config) *Builder {
	if cfg.BucketSize == 0 {
		cfg.BucketSize = 64 << 10
	}
	if cfg.ChunkSize == 0 {
		cfg.ChunkSize = 12 << 10
	}
	if cfg.TextLen == 0 {
		cfg.TextLen = 240
	}
	// pages is sized for every page of the site, which AddPage is called
	// for once each in a build.
	return &Builder{site: s, plain: newPlainMemo(plain), cfg: cfg, pages: make(map[string][]markdown.Section, len(s.Pages))}
}

// plainMemo remembers the plain text of each Markdown field turned so far.
// The same field recurs often (a shared remedy is in the document of every
// error that uses it, and is a document of its own), and parsing Markdown
// is the dearest part of making the documents. It is safe for concurrent
// use.
type plainMemo struct {
	plain func(string) string
	mu    sync.Mutex
	texts map[string]string // Markdown -> plain text
}

func newPlainMemo(plain func(string) string) *plainMemo {
	return &plainMemo{plain: plain, texts: map[string]string{}}
}

// text returns the plain text of the Markdown field md.
func (m *plainMemo) text(md string) string {
	m.mu.Lock()
	t, ok := m.texts[md]
	m.mu.Unlock()
	if ok {
		return t
	}
	// Two goroutines may turn the same new field at once; both get the
	// same text, so either may be kept.
	t = m.plain(md)
	m.mu.Lock()
	m.texts[md] = t
	m.mu.Unlock()
	return t
}

// AddPage records the outline of a rendered page. It is safe for
// concurrent use.
func (b *Builder) AddPage(p *site.Page, sections []markdown.Section) {
	b.mu.Lock()
	b.pages[p.URL] = sections
	b.mu.Unlock()
}

// Docs returns every document of the site, in index order.
func (b *Builder) Docs() []*Doc {
	docs := b.dataDocs()
	outlines := b.outlines()
	made := make([][]*Doc, len(outlines))
	forEachRun(len(outlines), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			made[i] = b.pageDocs(outlines[i].page, outlines[i].sections)
		}
	})
	for _, pd := range made {
		docs = append(docs, pd...)
	}
	return docs
}

// outline is a page to index with the outline AddPage recorded for it.
type outline struct {
	page     *site.Page
	sections []markdown.Section
}

// outlines returns the pages that have documents, in index order (by
// URL), with their outlines.
func (b *Builder) outlines() []outline {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []outline
	for _, p := range b.site.Pages { // sorted by URL
		if p.Kind == site.KindSearch || p.Kind == site.KindNotFound || !p.InMenus() && p.Source == nil {
			continue
		}
		out = append(out, outline{p, b.pages[p.URL]})
	}
	return out
}

// errorDocs are the documents made from one error: its own, its
// variants' and its platform notes'.
type errorDocs struct {
	doc             *Doc
	variants, notes []*Doc
}

// dataDocs returns the documents made from the catalog, in index order.
// Those of the errors, most of them, are made on up to
// runtime.GOMAXPROCS(0) goroutines, error by error, then put in order.
func (b *Builder) dataDocs() []*Doc {
	s, cat := b.site, b.site.Catalog
	errs := make([]errorDocs, len(cat.Errors))
	forEachRun(len(errs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			errs[i] = b.errorDocs(cat.Errors[i])
		}
	})

	var docs []*Doc
	add := func(d *Doc) { docs = append(docs, b.finish(d)) }
	for _, e := range errs {
		docs = append(docs, e.doc)
	}
	for _, e := range errs {
		docs = append(docs, e.variants...)
	}
	for _, p := range cat.Platforms {
		add(&Doc{Kind: KindPlatform, URL: site.PlatformURL(p.ID), Title: p.Name, Sub: p.Supplier,
			Text: platformText(s, p), title: []string{p.Name, p.Supplier}})
	}
	for _, t := range cat.Terms {
		add(&Doc{Kind: KindTerm, URL: site.TermURL(t.ID), Title: t.Term,
			Text: b.plain.text(t.Definition), title: []string{t.Term}})
	}
	for _, c := range cat.Causes {
		d := &Doc{Kind: KindCause, URL: "/errors/#cause-" + c.ID, Title: c.Title, title: []string{c.Title}}
		var parts []string
		for _, t := range c.Troubleshooting {
			parts = append(parts, b.plain.text(t))
		}
		d.Text = strings.Join(parts, " ")
		for _, e := range s.ErrorsWithCause(c.ID) {
			d.body = append(d.body, site.ErrorTitle(e))
		}
		add(d)
	}
	for _, e := range errs {
		docs = append(docs, e.notes...)
	}
	for _, r := range cat.Remedies {
		users := s.ErrorsWithRemedy(r.ID)
		if len(users) == 0 {
			continue // shown nowhere
		}
		titles := make([]string, len(users))
		for i, e := range users {
			titles[i] = site.ErrorTitle(e)
		}
		text := b.plain.text(r.Text)
		add(&Doc{Kind: KindRemedy, URL: site.ErrorURL(users[0].ID) + "#how-to-solve", Title: text,
			Sub: strings.Join(titles, ", "), title: []string{text}, body: titles})
	}
	return docs
}

// errorDocs returns the documents made from error e, finished.
func (b *Builder) errorDocs(e *catalog.Error) errorDocs {
	cat := b.site.Catalog
	title, url := site.ErrorTitle(e), site.ErrorURL(e.ID)
	out := errorDocs{doc: b.finish(b.errorDoc(e, title, url))}
	// The documents of a deprecated or retired error's parts say so with
	// the error's title, where a result shows what it belongs to.
	sub := title
	if state := e.State(); state != "" {
		sub += " (" + state + ")"
	}
	for _, v := range e.Variants {
		anchor := site.Anchor(e.ID, v.ID)
		out.variants = append(out.variants, b.finish(&Doc{Kind: KindVariant, URL: url + "#" + anchor, Title: v.Title,
			Sub: sub, Text: b.plain.text(v.Description),
			codes: errorCodes(e, anchor), title: []string{v.Title, title}}))
	}
	for _, n := range e.Platforms {
		p := cat.Platform(n.Platform)
		if p == nil {
			continue
		}
		anchor := site.Anchor(e.ID, p.ID)
		out.notes = append(out.notes, b.finish(&Doc{Kind: KindNote, URL: url + "#" + anchor, Title: p.Name,
			Sub: sub, Text: b.plain.text(n.Text),
			codes: errorCodes(e, anchor), title: []string{p.Name, p.Supplier, title}}))
	}
	return out
}

// pageDocs returns the documents of a content page: the page, then each
// section of its outline.
func (b *Builder) pageDocs(p *site.Page, secs []markdown.Section) []*Doc {
	d := &Doc{Kind: KindPage, URL: p.URL, Title: p.Title, Text: p.Description, title: []string{p.Title}}
	if len(secs) > 0 && secs[0].Level == 0 {
		d.Text = strings.TrimSpace(d.Text + " " + secs[0].Text)
		secs = secs[1:]
	}
	docs := make([]*Doc, 1, 1+len(secs))
	docs[0] = b.finish(d)
	// The sections' documents and their title and body lists are cut
	// from one allocation each: a page has dozens of sections, and they
	// are kept and dropped together. Each body has room for the text
	// finish appends.
	sd := make([]Doc, len(secs))
	strs := make([]string, 3*len(secs))
	for i, sec := range secs {
		url := p.URL
		if sec.ID != "" {
			url += "#" + sec.ID
		}
		title, body := strs[3*i:3*i+1:3*i+1], strs[3*i+1:3*i+2:3*i+3]
		title[0], body[0] = sec.Title, p.Title
		sd[i] = Doc{Kind: KindSection, URL: url, Title: sec.Title, Sub: p.Title, Text: sec.Text, title: title, body: body}
		docs = append(docs, b.finish(&sd[i]))
	}
	return docs
}

// finish makes d ready to index: its text is searched in full and shown
// cut to Config.TextLen.
func (b *Builder) finish(d *Doc) *Doc {
	if d.Text != "" {
		d.body = append(d.body, d.Text)
	}
	d.Text = cut(d.Text, b.cfg.TextLen)
	return d
}

// errorDoc is the document of one error: its title and codes, its summary
// to show, and as body everything else its entry says in prose. title and
// url are the error's (site.ErrorTitle, site.ErrorURL).
func (b *Builder) errorDoc(e *catalog.Error, title, url string) *Doc {
	cat := b.site.Catalog
	summary := b.plain.text(e.Summary)
	d := &Doc{Kind: KindError, URL: url, Title: title, Text: summary,
		codes: errorCodes(e, e.ID), title: []string{title}}
	var parts []string
	for _, v := range e.Variants {
		parts = append(parts, v.Title)
	}
	for _, c := range e.Checks {
		parts = append(parts, b.plain.text(c))
	}
	for _, st := range e.Remedies {
		if r := cat.Remedy(st.Remedy); r != nil {
			parts = append(parts, b.plain.text(r.Text))
		} else {
			parts = append(parts, b.plain.text(st.Text))
		}
	}
	if c := cat.Cause(e.Cause.ID); c != nil {
		parts = append(parts, c.Title)
	}
	// A deprecated or retired error's result says so, since when and what
	// replaces it; "retired" and the note are searched too.
	if l := e.Lifecycle(); l != nil {
		d.Sub = lifecycleSub(cat, e, l)
		parts = append(parts, e.State(), b.plain.text(l.Note))
	}
	// The summary (Text) is what a result shows; the rest is searched.
	d.body = nonEmpty(parts)
	return d
}

// lifecycleSub is what the result of a deprecated or retired error says
// below its title: "Retired since 6.0; use 401 Unauthorized".
func lifecycleSub(cat *catalog.Catalog, e *catalog.Error, l *catalog.Lifecycle) string {
	sub := "Deprecated since " + l.Since
	if e.Retired != nil {
		sub = "Retired since " + l.Since
	}
	if r := cat.Error(l.ReplacedBy.ID); r != nil {
		sub += "; use " + site.ErrorTitle(r)
	}
	return sub
}

// errorCodes are the codes of an error's documents: the given id or
// anchor, and the HTTP status.
func errorCodes(e *catalog.Error, id string) []code {
	return []code{{codeTerm(Fold(id)), impactID}, {strconv.Itoa(e.Status), impactStatus}}
}

// codeTerm is the index term of a code. A code that is one word ("429",
// "e1234") is indexed as that word; a hyphenated one is indexed whole,
// behind a "#" that no word starts with, so that the many ids of a large
// catalog stay out of the buckets that words typed as prefixes load.
func codeTerm(c string) string {
	if strings.Contains(c, "-") {
		return "#" + c
	}
	return c
}

// platformText says what a platform's page holds.
func platformText(s *site.Site, p *catalog.Platform) string {
	n := 0
	for _, note := range s.NotesFor(p.ID) {
		if note.Error.Retired == nil {
			n++
		}
	}
	switch n {
	case 0:
		return "Supplier: " + p.Supplier + ". No error has a note for " + p.Name + "."
	case 1:
		return "Supplier: " + p.Supplier + ". 1 error has a note for " + p.Name + "."
	}
	return "Supplier: " + p.Supplier + ". " + strconv.Itoa(n) + " errors have a note for " + p.Name + "."
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// cut shortens s to at most n bytes, at a word boundary, marking the cut
// with "…".
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := strings.LastIndexByte(s[:n], ' ')
	if i <= 0 {
		i = n
		for i > 0 && s[i]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			i--
		}
	}
	return s[:i] + "…"
}
