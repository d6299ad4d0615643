package sitegen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"

	"errdocs/internal/anchorlock"
	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/markdown"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/par"
	"errdocs/internal/publish"
	"errdocs/internal/render"
	"errdocs/internal/search"
	"errdocs/internal/site"
	"errdocs/internal/srcfs"
)

// pipeline holds one version of a site and what renders and publishes
// it: the model, the Markdown renderer, the publisher and the templates.
// BuildTo makes one per build; the Builder (serve) makes one whenever the
// model changes and keeps it while only page bodies do. Both run the
// same steps, the functions of this file, so build and serve give the
// same bytes.
type pipeline struct {
	cfg   Config
	theme overlay
	site  *site.Site
	// locked holds the anchored entries of anchors.lock, which the
	// compact Errors page keeps (see package site).
	locked map[string]bool
	terms  []markdown.Term
	md     *markdown.Renderer
	plain  func(string) string // Markdown to plain text
	pub    *publish.Publisher
	r      *render.Renderer
	// keep says the pages are kept once made (a build in memory, the dev
	// server), rather than written and given back to r.
	keep bool
	// hold, when not nil, is called before each page is rendered: tests
	// hold a page back with it to see what is done meanwhile.
	hold func(*site.Page)
	// notes are the pipeline's own warnings (see warnings).
	notes diag.List
}

// withDefaults fills in what a Config leaves empty, and makes every read
// of the site root and the theme go through srcfs.
func (cfg Config) withDefaults() Config {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.Src != nil {
		cfg.Src = srcfs.New(cfg.Src)
	}
	if cfg.Theme != nil {
		cfg.Theme = srcfs.New(cfg.Theme)
	}
	return cfg
}

// newPipeline runs the steps between reading and rendering: the model,
// the glossary link check of the prose, the publisher's checks of the
// data, the fingerprinted assets and the templates. It adds every problem
// to problems; the pipeline is usable only when there is none.
func newPipeline(cfg Config, pages []*page.Page, cat *catalog.Catalog, problems *diag.List) *pipeline {
	pl := &pipeline{cfg: cfg, theme: overlay{cfg.Src, cfg.Theme}}
	// A lock that cannot be read is reported by the lock check.
	lock, _ := fs.ReadFile(cfg.Src, anchorlock.File)
	pl.locked = anchorlock.Anchors(lock)
	pl.site = site.New(site.Config{BaseURL: cfg.BaseURL, Drafts: cfg.Drafts, Published: pl.locked}, pages, cat, problems)
	pl.terms = glossaryTerms(cat)
	pl.md = markdown.New(markdown.Config{Terms: pl.terms})
	missing := missingGlossary(cfg.Src)
	if missing == "data" {
		// Not a problem (a site may be pages alone), but most likely a
		// wrong site root.
		pl.notes.Add(diag.Problem{File: "data", Msg: "no such folder, so the site documents no errors; is the site root right?"})
	}
	checkTermLinks(pl.site, pl.md, missing, problems)
	checkUnsafeLinks(pl.site, pl.md, problems)
	pl.pub = publish.New(cfg.Publish, pl.site, cfg.Src, problems)
	static, _ := fs.Sub(pl.theme, "static")
	pl.pub.Assets(static, map[string][]byte{"css/chroma.css": markdown.CSS()}, problems)
	tmpl, _ := fs.Sub(pl.theme, "templates")
	pl.plain = pl.md.Plain
	if cfg.plain != nil {
		pl.plain = cfg.plain(pl.md.Plain)
	}
	pl.r = render.New(render.Config{Templates: tmpl, Markdown: pl.md, Plain: pl.plain, Asset: pl.pub.Asset, Record: cfg.record}, pl.site, problems)
	return pl
}

// warnings returns what was found that does not fail the build, sorted.
func (pl *pipeline) warnings() diag.List {
	return append(pl.pub.Warnings(), pl.notes...).Sort()
}

// glossaryTerms returns the terms linked where they appear in prose.
func glossaryTerms(cat *catalog.Catalog) []markdown.Term {
	terms := make([]markdown.Term, 0, len(cat.Terms))
	for _, t := range cat.Terms {
		terms = append(terms, markdown.Term{Name: t.Term, URL: site.TermURL(t.ID)})
	}
	return terms
}

// searchBuilder starts the search index of the site.
func (pl *pipeline) searchBuilder() *search.Builder {
	return search.NewBuilder(pl.site, pl.plain, search.Config{})
}

// renderPage renders one page, with its problems. The HTML is nil when
// the page could not be rendered at all.
//
// A page to keep is copied at its size, and the buffer it was rendered in,
// grown on the way, goes back to the renderer for the next page: kept, it
// would hold up to twice the page's size.
func (pl *pipeline) renderPage(p *site.Page) (render.Output, diag.List) {
	out, err := pl.r.Render(p)
	if out.HTML != nil && pl.keep {
		rendered := out.HTML
		out.HTML = bytes.Clone(rendered)
		pl.r.Recycle(rendered)
	}
	var list diag.List
	switch {
	case err == nil:
	case errors.As(err, &list):
	default:
		list = diag.List{{File: p.File, Msg: fmt.Sprintf("rendering %s: %v", p.URL, err)}}
	}
	return out, list
}

// renderPages renders pages on all CPUs, started in their order, and
// calls add with each, from several goroutines at once, in no set order.
func (pl *pipeline) renderPages(order []*site.Page, add func(p *site.Page, out render.Output, problems diag.List)) {
	par.Each(len(order), func(i int) {
		if pl.hold != nil {
			pl.hold(order[i])
		}
		out, problems := pl.renderPage(order[i])
		add(order[i], out, problems)
	})
}

// startContract adds the error contract to tree on another goroutine and
// returns a function that waits for it: call it before finish, and before
// giving up on tree.
func (pl *pipeline) startContract(tree output.Store) (wait func() error) {
	done := make(chan error, 1)
	go func() { done <- pl.pub.AddContract(tree) }()
	return func() error { return <-done }
}

// finish adds everything but the pages and the error contract to tree,
// which holds them: the search index files, the static files, the chroma
// stylesheet, and the publisher's assets and hosting files.
func (pl *pipeline) finish(tree output.Store, index map[string][]byte) error {
	output.AddAll(tree, index)
	if err := copyStatic(pl.theme, tree); err != nil {
		return err
	}
	tree.Add("css/chroma.css", markdown.CSS())
	return pl.pub.AddFiles(tree)
}
