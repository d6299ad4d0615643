package sitegen

import (
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/markdown"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/render"
	"errdocs/internal/site"
)

// A Builder builds a site again and again as its files change, as the dev
// server does, and re-renders only the pages that depend on what changed.
// Its output is byte for byte that of Build on the same files.
//
// It keeps every parsed content file (with its bytes, so a save that
// changes nothing costs nothing), the catalog, and the pages of its last
// successful build. A rebuild reads only the files it is told changed,
// recomputes the model (cheap), and renders the dirty pages:
//
//   - a page whose source changed: that page;
//   - a page added or removed, or whose title, weight, description, layout
//     or parent changed: that page, its old and new section page, every
//     page whose sidebar lists that section, every page below it (their
//     breadcrumbs), and every page when it is the home page or is listed
//     in the top navigation or the error reference sidebar
//     (siteWideSections);
//   - platforms, remedies or causes: every page that shows data
//     (usesData);
//   - an error: its page, the pages that list every error (/errors/, the
//     matrix, the platforms), and the pages of the errors that show it
//     when its status, title, related errors, cause or remedies changed
//     (diffCatalogs);
//   - glossary definitions: the glossary; glossary terms: every page,
//     since they are linked in all prose;
//   - any template: every page.
//
// These rules follow what the default templates show; a site's own
// templates that show more (say, every error on each error's page) need
// a full rebuild to be previewed exactly: restart serve.
//
// Static files and whole-site outputs (finish) are redone on every
// rebuild, so whatever finish adds is right in serve too. An expensive
// one, such as a search index of every page, should keep what it can in
// memo from one rebuild to the next, as errors.json does: per page, keyed
// by its *page.Page (unchanged while the page's bytes are), it need only
// redo the pages that changed.
//
// A Builder is safe for use by one goroutine at a time.
type Builder struct {
	cfg   Config
	theme overlay

	mu      sync.Mutex
	sources map[string]*source // content file -> its last read
	cat     *catalog.Catalog
	catProb diag.List
	tmplGen int // bumped on every template change
	last    *snapshot
	memo    memo
}

// source is one content file as last read.
type source struct {
	src      []byte
	page     *page.Page // nil when it has problems
	problems diag.List
}

// snapshot is what the last successful build rendered from.
type snapshot struct {
	site    *site.Site
	terms   []markdown.Term
	tmplGen int
	pages   map[string][]byte // page URL -> rendered bytes
	// renderer and tree are reused when nothing but page bodies changed.
	renderer *render.Renderer
	tree     *output.Tree
}

// Stats says what a build did.
type Stats struct {
	Full     bool          // every page was rendered
	Rendered int           // pages rendered
	Pages    int           // pages in the site
	Took     time.Duration // the whole build
}

// NewBuilder returns a Builder for cfg. Its first Build is a full one.
func NewBuilder(cfg Config) *Builder {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost/"
	}
	return &Builder{cfg: cfg, theme: overlay{cfg.Src, cfg.Theme}}
}

// Build builds the site after the files at the given paths (slash-separated,
// relative to the site root; files or folders, created, written or removed)
// changed. A nil changed, or the first call, reads everything. On problems
// it returns them all as a diag.List error, like Build, and the next call
// still compares against the last successful build.
func (b *Builder) Build(changed []string) (*Result, Stats, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	start := time.Now()
	before := make(map[string]*source, len(changed))
	for _, p := range changed {
		before[path.Clean(p)] = b.sources[path.Clean(p)]
	}
	dataChanged := b.apply(changed)
	if res, n, ok := b.quick(changed, before, dataChanged); ok {
		return res, Stats{Rendered: n, Pages: len(res.Site.Pages), Took: time.Since(start)}, nil
	}

	var problems diag.List
	pages := b.pages(&problems)
	problems = append(problems, b.catProb...)
	s := site.New(site.Config{BaseURL: b.cfg.BaseURL, Drafts: b.cfg.Drafts}, pages, b.cat, &problems)
	terms := glossaryTerms(b.cat)
	r := newRenderer(b.theme, s, terms, &problems)
	if len(problems) > 0 {
		return nil, Stats{}, problems.Err()
	}

	all, dirty := b.dirty(s, terms, dataChanged)
	todo := s.Pages
	if !all {
		todo = nil
		for _, p := range s.Pages {
			if dirty[p.URL] {
				todo = append(todo, p)
			}
		}
	}
	fresh := output.NewTree()
	if err := renderPages(r, todo, fresh); err != nil {
		return nil, Stats{}, err
	}
	snap := &snapshot{site: s, terms: terms, tmplGen: b.tmplGen, renderer: r,
		pages: make(map[string][]byte, len(s.Pages))}
	tree := output.NewTree()
	for _, p := range s.Pages {
		out := render.OutputPath(p.URL)
		data, ok := fresh.Get(out)
		if !ok {
			data = b.last.pages[p.URL]
		}
		snap.pages[p.URL] = data
		tree.Add(out, data)
	}
	if err := finish(b.theme, s, tree, &b.memo); err != nil {
		return nil, Stats{}, err
	}
	snap.tree = tree
	b.last = snap
	return &Result{Site: s, Tree: tree}, Stats{
		Full: all, Rendered: len(todo), Pages: len(s.Pages), Took: time.Since(start),
	}, nil
}

// quick handles the commonest edit, to the body of published pages, with
// the last model, renderer and tree: when every changed file is a content
// page that parses with the same front matter as before, the model is the
// same but for those pages' sources. It reports false, having changed
// nothing, for any other edit.
//
// It updates the last Site in place: a Site returned by an earlier Build
// must not be used while Build runs.
func (b *Builder) quick(changed []string, before map[string]*source, dataChanged bool) (*Result, int, bool) {
	last := b.last
	if last == nil || changed == nil || dataChanged || last.tmplGen != b.tmplGen {
		return nil, 0, false
	}
	var edits []*site.Page
	var pages []*page.Page
	for _, p := range changed {
		p = path.Clean(p)
		if !strings.HasPrefix(p, "content/") {
			return nil, 0, false
		}
		old, cur := before[p], b.sources[p]
		if old == cur && old != nil || hiddenContent(p) {
			continue // the same bytes, or not read
		}
		if old == nil || cur == nil || old.page == nil || cur.page == nil ||
			old.page.BodyLine != cur.page.BodyLine ||
			!reflect.DeepEqual(old.page.FrontMatter, cur.page.FrontMatter) {
			return nil, 0, false
		}
		sp := last.site.Page(cur.page.URL())
		if sp == nil || sp.Source != old.page {
			if sp == nil && cur.page.Draft && !b.cfg.Drafts {
				continue // an unpublished draft
			}
			return nil, 0, false
		}
		edits = append(edits, sp)
		pages = append(pages, cur.page)
	}
	for _, s := range b.sources {
		if len(s.problems) > 0 {
			return nil, 0, false // let the full path report them
		}
	}
	if len(b.catProb) > 0 {
		return nil, 0, false
	}
	for i, sp := range edits {
		sp.Source = pages[i]
	}
	fresh := output.NewTree()
	if err := renderPages(last.renderer, edits, fresh); err != nil {
		// Put the sources back so the full path sees the change.
		for i, sp := range edits {
			sp.Source = before[path.Clean(pages[i].File)].page
		}
		return nil, 0, false
	}
	tree := last.tree.Clone()
	for _, sp := range edits {
		out := render.OutputPath(sp.URL)
		data, _ := fresh.Get(out)
		tree.Add(out, data)
		last.pages[sp.URL] = data
	}
	// Whole-site outputs are redone here too, so that anything finish
	// adds stays right without the quick path knowing of it.
	if err := finish(b.theme, last.site, tree, &b.memo); err != nil {
		return nil, 0, false
	}
	last.tree = tree
	return &Result{Site: last.site, Tree: tree}, len(edits), true
}

// apply reads what changed and reports whether the catalog was reloaded.
func (b *Builder) apply(changed []string) (dataChanged bool) {
	if b.sources == nil || changed == nil {
		if b.sources == nil {
			b.sources = map[string]*source{}
		}
		b.readContent("content")
		b.loadCatalog()
		b.tmplGen++
		return true
	}
	for _, p := range changed {
		p = path.Clean(strings.TrimPrefix(p, "/"))
		top, _, _ := strings.Cut(p, "/")
		switch top {
		case "content":
			b.readContent(p)
		case "data":
			dataChanged = true
		case "templates":
			b.tmplGen++
		case ".":
			return b.apply(nil)
		}
		// static/ is copied on every build; anything else is not input.
	}
	if dataChanged {
		b.loadCatalog()
	}
	return dataChanged
}

func (b *Builder) loadCatalog() {
	b.catProb = nil
	b.cat = catalog.Load(b.cfg.Src, &b.catProb)
}

// readContent brings the sources at or below p (a path below content/) up
// to date: files that are gone are forgotten, others are read again, and a
// file whose bytes did not change keeps its parsed page.
func (b *Builder) readContent(p string) {
	if hiddenContent(p) {
		return
	}
	seen := map[string]bool{}
	err := fs.WalkDir(b.cfg.Src, p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && q == p {
				return fs.SkipAll
			}
			seen[q] = true
			b.sources[q] = &source{problems: diag.List{{File: q, Msg: err.Error()}}}
			return nil
		}
		if q != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || path.Ext(q) != ".md" {
			return nil
		}
		seen[q] = true
		b.readSource(q, d)
		return nil
	})
	if err != nil {
		seen[p] = true
		b.sources[p] = &source{problems: diag.List{{File: p, Msg: err.Error()}}}
	}
	for q := range b.sources {
		if (q == p || strings.HasPrefix(q, p+"/")) && !seen[q] {
			delete(b.sources, q)
		}
	}
}

// hiddenContent reports whether Build skips p: a dot file or folder below
// content/.
func hiddenContent(p string) bool {
	for _, seg := range strings.Split(p, "/")[1:] {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// readSource reads one content file and parses it unless its bytes are
// those last parsed.
func (b *Builder) readSource(p string, d fs.DirEntry) {
	var problems diag.List
	src, ok := readSource(b.cfg.Src, p, d, &problems)
	if prev := b.sources[p]; ok && prev != nil && prev.src != nil && string(prev.src) == string(src) {
		return
	}
	s := &source{src: src, problems: problems}
	if ok {
		s.page = page.Parse(p, src, &s.problems)
	}
	b.sources[p] = s
}

// pages returns the parsed pages in the order Build reads them (a walk
// of content/: by name within each folder), and adds the problems of the
// others.
func (b *Builder) pages(problems *diag.List) []*page.Page {
	files := make([]string, 0, len(b.sources))
	for f := range b.sources {
		files = append(files, f)
	}
	slices.SortFunc(files, walkOrder)
	var pages []*page.Page
	for _, f := range files {
		s := b.sources[f]
		*problems = append(*problems, s.problems...)
		if s.page != nil {
			pages = append(pages, s.page)
		}
	}
	return pages
}

// walkOrder orders slash paths as fs.WalkDir visits them: component by
// component, which is byte order with "/" sorting before every other byte.
func walkOrder(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := a[i], b[i]
		if ca == cb {
			continue
		}
		if ca == '/' {
			return -1
		}
		if cb == '/' {
			return 1
		}
		if ca < cb {
			return -1
		}
		return 1
	}
	return len(a) - len(b)
}

// memo keeps whole-site outputs that depend on the catalog alone, so that a
// rebuild after a page edit does not encode errors.json again. A nil memo
// keeps nothing.
type memo struct {
	cat  *catalog.Catalog
	json []byte
}

// errorsJSON returns CatalogJSON(s), reusing the last result while the
// catalog is the same (the base URL never changes within a Builder).
func (m *memo) errorsJSON(s *site.Site) ([]byte, error) {
	if m == nil {
		return CatalogJSON(s)
	}
	if m.cat != s.Catalog || m.json == nil {
		b, err := CatalogJSON(s)
		if err != nil {
			return nil, err
		}
		m.cat, m.json = s.Catalog, b
	}
	return m.json, nil
}
