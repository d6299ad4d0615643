package sitegen

import (
	"crypto/sha256"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/linkcheck"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/publish"
	"errdocs/internal/render"
	"errdocs/internal/site"
)

// A Builder builds a site again and again as its files change, as the dev
// server does. Every build is the whole pipeline, the one BuildTo runs, so
// its output and problems are byte for byte those of a first build; what
// makes a rebuild fast is the one cache a Builder keeps of the last:
//
//   - what it read of the site root (memoFS), until it is told a path
//     changed;
//   - each content page and error file as parsed, while its bytes (and, for
//     an error, the schemas) are the same;
//   - each page as rendered, with what it read of the model (site.Reads)
//     and what the link checker read of it, while nothing it read changed
//     (site.Changes), nor the templates, nor the URLs of the assets.
//
// So a page is made again exactly when something it showed changed,
// whatever a site's own templates show. The rest — the model, the
// reference and publisher checks, the error contract, the search index,
// the hosting files, the link and lock checks — is made again each time.
//
// A Builder is safe for concurrent use; its builds run one at a time.
type Builder struct {
	cfg  Config
	memo *memoFS // what was read of cfg.Src; nil for a build run once
	// keep says the pages are kept once made, for the next build or the
	// caller (a build in memory), rather than written and given back.
	keep bool

	mu     sync.Mutex
	parsed parseMemo
	last   *state
	// hold, when not nil, is called before each page is rendered: tests
	// hold a page back with it to see what is done meanwhile.
	hold func(*site.Page)
}

// state is what a Builder keeps of its last build that rendered every
// page.
type state struct {
	site   *site.Site
	tmpl   [sha256.Size]byte // the templates' files (templatesKey)
	assets map[string]string // the assets' URLs
	pages  map[string]*rendered
	tree   *output.Tree // the whole output; nil if it could not be made
}

// rendered is one page as rendered, with what it read of the model and
// what the link checker read of it.
type rendered struct {
	out      render.Output
	links    *linkcheck.Page
	problems diag.List
}

// Stats says what a build did.
type Stats struct {
	Full     bool          // every page was rendered
	Rendered int           // pages rendered
	Pages    int           // pages in the site
	Took     time.Duration // the whole build
	// Early is when rendered pages were first given to BuildEarly's early
	// function, counted from the start; 0 if they were not.
	Early time.Duration
}

// NewBuilder returns a Builder for cfg. Its first Build reads everything.
func NewBuilder(cfg Config) *Builder {
	b := &Builder{keep: true}
	if cfg.Src != nil {
		b.memo = newMemoFS(cfg.Src)
		cfg.Src = b.memo
	}
	b.cfg = cfg.withDefaults()
	return b
}

// Build builds the site after the files at the given paths (slash-separated,
// relative to the site root; files or folders, created, written or removed)
// changed. A nil changed reads everything again. On problems it returns
// them all as a diag.List error, like the package's Build.
func (b *Builder) Build(changed []string) (*Result, Stats, error) {
	return b.BuildEarly(changed, nil)
}

// BuildEarly is Build, and it calls early, if not nil, with the pages
// rendered so far, before the search index, the publisher's files and the
// checks of the whole site are made: with the last output, those pages
// replaced and the pages that are gone removed, in a tree early owns;
// pages lists the paths of the pages that may differ from the last
// output's. It calls it once the pages of the files that changed and the
// Errors page are rendered, if others remain, and once every page is:
// an edit of an error shows on its page and on /errors/ before the pages
// that only list it. A preview can show those pages at once and the whole
// result when BuildEarly returns; that result may still have problems (a
// broken link), and then the early pages were not a good build.
//
// early is not called when the fingerprinted assets changed (the last
// output lacks them), when no page was rendered, nor when a rendered page
// has a problem.
func (b *Builder) BuildEarly(changed []string, early func(tree *output.Tree, pages []string)) (*Result, Stats, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.memo != nil {
		b.memo.forget(changed)
	}
	var tree output.Store = output.NewTree()
	res, st, err := b.build(tree, changed, early)
	if res != nil {
		res.Tree = tree.(*output.Tree)
	}
	return res, st, err
}

// build runs the pipeline once, putting each output file into files; see
// BuildTo and BuildEarly.
func (b *Builder) build(files output.Store, changed []string, early func(*output.Tree, []string)) (*Result, Stats, error) {
	start := time.Now()
	cfg := b.cfg
	var problems, dataProblems diag.List
	// The pages and the data are read at once: each has a part that runs
	// on one CPU (walking content/, loading the schemas).
	loaded := make(chan *catalog.Catalog)
	go func() { loaded <- b.loadCatalog(&dataProblems) }()
	pages := b.readPages(&problems)
	problems = append(problems, checkStatic(cfg.Src)...)
	cat := <-loaded
	problems = append(problems, dataProblems...)
	if b.memo != nil {
		cfg.Publish.Errors = b.parsed.errorParts(cat)
		cfg.plain = b.parsed.plainText
		cfg.record = true
	}
	pl := newPipeline(cfg, pages, cat, &problems)
	if len(problems) > 0 {
		return nil, Stats{}, append(problems, pl.checkLinksAnyway(pages, problems)...).Err()
	}
	pl.hold, pl.keep = b.hold, b.keep
	s := pl.site
	next := &state{site: s, tmpl: templatesKey(pl.theme), assets: pl.pub.AssetURLs(), pages: make(map[string]*rendered, len(s.Pages))}

	// The pages to render: every page, or those that read something that
	// changed since the last build.
	last := b.last
	same := last != nil && last.tmpl == next.tmpl && maps.Equal(last.assets, next.assets)
	var todo []*site.Page
	if same {
		changedKeys := site.Changes(last.site, s)
		for _, p := range s.Pages {
			if r := last.pages[p.URL]; r != nil && !r.out.Reads.Any(changedKeys) {
				next.pages[p.URL] = r
			} else {
				todo = append(todo, p)
			}
		}
	} else {
		todo = s.Pages
	}
	st := Stats{Full: len(todo) == len(s.Pages), Rendered: len(todo), Pages: len(s.Pages)}

	// The error contract depends on the data only: its 5,000 files at 5,000
	// errors are made and written while the pages render.
	contract := pl.startContract(files)
	lc := newLinkChecker(cfg, s, pages)
	idx := pl.searchBuilder()
	kept := maps.Clone(next.pages)

	edited := changedFiles(changed)
	var ep *earlyPages
	if early != nil && same && last.tree != nil && len(todo) > 0 {
		ep = newEarlyPages(last, s, todo, edited, start, early)
	}
	var mu sync.Mutex
	missing := false
	pl.renderPages(previewOrder(todo, edited), func(p *site.Page, out render.Output, pp diag.List) {
		r := &rendered{out: out, problems: pp}
		if out.HTML != nil {
			files.Add(render.OutputPath(p.URL), out.HTML)
			if b.keep {
				r.links = linkcheck.Read(out.HTML) // for the next build
				lc.Add(p.URL, r.links, SourceInfo(s, p))
			} else {
				lc.AddPage(p.URL, out.HTML, SourceInfo(s, p))
			}
			idx.AddPage(p, out.Sections)
			if !b.keep {
				pl.r.Recycle(out.HTML) // on disk and read: done with
			}
		}
		mu.Lock()
		problems = append(problems, pp...)
		missing = missing || out.HTML == nil
		if b.keep && out.HTML != nil {
			next.pages[p.URL] = r
		}
		mu.Unlock()
		ep.done(p, r)
	})
	if ep != nil {
		st.Early = ep.took
	}
	// The pages kept from the last build, added once the others are given
	// early.
	for url, r := range kept {
		p := s.Page(url)
		files.Add(render.OutputPath(url), r.out.HTML)
		lc.Add(url, r.links, SourceInfo(s, p))
		idx.AddPage(p, r.out.Sections)
		problems = append(problems, r.problems...)
	}
	if err := contract(); err != nil {
		return nil, st, err
	}
	if b.keep {
		b.last = next // the pages are right, whatever else is wrong
	}
	if missing {
		// Pages are missing: their links would only add noise.
		st.Took = time.Since(start)
		return nil, st, problems.Err()
	}
	if err := pl.finish(files, idx.Build().Files()); err != nil {
		st.Took = time.Since(start)
		return nil, st, err
	}
	if tree, ok := files.(*output.Tree); ok && b.keep {
		next.tree = tree
	}
	problems = append(problems, checkOutput(cfg.Src, files, lc, cfg.SkipLock)...)
	st.Took = time.Since(start)
	if len(problems) > 0 {
		return nil, st, problems.Err()
	}
	return &Result{Site: s, Files: files, Warnings: pl.warnings(), published: lc.Published}, st, nil
}

// previewOrder is the order in which a build renders its pages: first
// the pages a preview wants at once (firstPage), the costliest of them
// first, then the others from the costliest (that show every error, or
// every error of a platform) to the cheapest, so that no page that takes
// long starts last, keeping one core busy alone at the end of the build.
func previewOrder(pages []*site.Page, changed map[string]bool) []*site.Page {
	rank := func(p *site.Page) int {
		r := -renderCost(p.Kind)
		if firstPage(p, changed) {
			r -= 10
		}
		return r
	}
	order := slices.Clone(pages)
	slices.SortStableFunc(order, func(a, b *site.Page) int { return rank(a) - rank(b) })
	return order
}

// firstPage reports whether a preview wants p at once: the Errors page, and
// the page of a file that changed (content, or an error's data file).
func firstPage(p *site.Page, changed map[string]bool) bool {
	return p.Kind == site.KindErrors || changed[p.File] && p.Kind != site.KindPlatform
}

// changedFiles returns the set of paths changed, cleaned.
func changedFiles(changed []string) map[string]bool {
	files := make(map[string]bool, len(changed))
	for _, c := range changed {
		files[path.Clean(strings.TrimPrefix(c, "/"))] = true
	}
	return files
}

// The renderCost of the Errors page, and from which a page shows every
// error or every error of a platform.
const (
	costliest = 3
	slow      = 2
)

// renderCost ranks page kinds by how much they show: every error, every
// error for a platform or a section's children, or one thing.
func renderCost(k site.Kind) int {
	switch k {
	case site.KindErrors:
		return costliest
	case site.KindPlatform, site.KindMatrix:
		return slow
	case site.KindSection, site.KindPlatforms, site.KindGlossary:
		return 1
	}
	return 0
}

// earlyPages gives the pages of a build to BuildEarly's early function as
// they are rendered: once the first of previewOrder are (firstPage), and
// once all are.
type earlyPages struct {
	last      *state
	site      *site.Site
	early     func(*output.Tree, []string)
	start     time.Time
	firstLeft int // first pages not rendered yet
	left      int // pages not rendered yet
	changed   map[string]bool
	fresh     map[string]*rendered
	bad       bool // a page has a problem: nothing is given
	took      time.Duration
	mu        sync.Mutex
}

func newEarlyPages(last *state, s *site.Site, todo []*site.Page, changed map[string]bool, start time.Time, early func(*output.Tree, []string)) *earlyPages {
	e := &earlyPages{last: last, site: s, early: early, start: start, left: len(todo), changed: changed, fresh: map[string]*rendered{}}
	for _, p := range todo {
		if firstPage(p, changed) {
			e.firstLeft++
		}
	}
	return e
}

// done records a page rendered, and gives the pages once the first ones,
// and again once all, are done. A nil e does nothing.
func (e *earlyPages) done(p *site.Page, r *rendered) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fresh[p.URL] = r
	e.bad = e.bad || r.out.HTML == nil || len(r.problems) > 0
	e.left--
	wasFirst := e.firstLeft
	if firstPage(p, e.changed) {
		e.firstLeft--
	}
	if e.bad || e.left > 0 && !(wasFirst > 0 && e.firstLeft == 0) {
		return
	}
	tree, pages := e.tree()
	e.early(tree, pages)
	if e.took == 0 {
		e.took = time.Since(e.start)
	}
}

// tree returns the last output with the pages that are gone removed and
// those rendered so far added, and the paths of those pages.
func (e *earlyPages) tree() (*output.Tree, []string) {
	tree := e.last.tree.Clone()
	var pages []string
	for _, op := range e.last.site.Pages {
		if e.site.Page(op.URL) == nil {
			tree.Remove(render.OutputPath(op.URL))
			pages = append(pages, render.OutputPath(op.URL))
		}
	}
	for url, r := range e.fresh {
		tree.Add(render.OutputPath(url), r.out.HTML)
		pages = append(pages, render.OutputPath(url))
	}
	slices.Sort(pages)
	return tree, pages
}

// templatesKey is a digest of the templates a site is rendered with: its
// own over the theme's.
func templatesKey(theme fs.FS) [sha256.Size]byte { return digest(theme, "templates/*.html") }

// digest is a digest of the names and bytes of the files of fsys that
// match pattern.
func digest(fsys fs.FS, pattern string) [sha256.Size]byte {
	h := sha256.New()
	names, _ := fs.Glob(fsys, pattern)
	for _, n := range names {
		b, _ := fs.ReadFile(fsys, n)
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// parseMemo keeps each content page and error file a Builder parsed, by
// path, for the next build: a file whose bytes are the same is not
// parsed again, and gives the same *page.Page or *catalog.Error, which
// site.Changes then finds unchanged at once. It keeps what publishing
// made of each error too (publish.ErrorParts), while the error is the
// same and so are the causes, remedies and platforms.
type parseMemo struct {
	mu      sync.Mutex
	pages   map[string]*parsedPage
	errors  map[string]*catalog.ErrorFile
	schemas [sha256.Size]byte // what the error files were validated against

	parts    map[*catalog.Error]*publish.ErrorParts
	partsKey [sha256.Size]byte // the files of what they show besides the error

	// plain holds the plain text of each Markdown field turned (plainText).
	plain map[string]string

	// catalog is the last catalog loaded, with its problems, while
	// nothing below data/ changes (memoFS.generation).
	catalog         *catalog.Catalog
	catalogProblems diag.List
	catalogGen      int
}

type parsedPage struct {
	src      []byte
	page     *page.Page
	problems diag.List
}

// page returns the content file file, with the bytes src, parsed.
func (m *parseMemo) page(file string, src []byte) (*page.Page, diag.List) {
	m.mu.Lock()
	pp := m.pages[file]
	m.mu.Unlock()
	if pp == nil || string(pp.src) != string(src) {
		pp = &parsedPage{src: src}
		pp.page = page.Parse(file, src, &pp.problems)
		m.mu.Lock()
		if m.pages == nil {
			m.pages = map[string]*parsedPage{}
		}
		m.pages[file] = pp
		m.mu.Unlock()
	}
	return pp.page, pp.problems
}

// errorFile returns the error file file, with the bytes src, parsed with
// parse.
func (m *parseMemo) errorFile(file string, src []byte, parse func() *catalog.ErrorFile) *catalog.ErrorFile {
	m.mu.Lock()
	ef := m.errors[file]
	m.mu.Unlock()
	if ef == nil || string(ef.Src) != string(src) {
		ef = parse()
		m.mu.Lock()
		if m.errors == nil {
			m.errors = map[string]*catalog.ErrorFile{}
		}
		m.errors[file] = ef
		m.mu.Unlock()
	}
	return ef
}

// keepOnly drops from memo, a map of m, the files not in read: gone from
// the site.
func keepOnly[V any](m *parseMemo, memo map[string]V, read map[string]bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for f := range memo {
		if !read[f] {
			delete(memo, f)
		}
	}
}

// forgetErrors drops the error files when the schemas they were validated
// against, whose digest is key, changed.
func (m *parseMemo) forgetErrors(key [sha256.Size]byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.schemas != key {
		m.schemas, m.errors = key, nil
	}
}

// errorParts returns a publish.Config.Errors that takes the parts of an
// error from the last build when the error, and the causes, remedies and
// platforms of cat, are the same, and keeps those of this build.
func (m *parseMemo) errorParts(cat *catalog.Catalog) func(*catalog.Error, func() *publish.ErrorParts) *publish.ErrorParts {
	h := sha256.New()
	for _, f := range []string{"data/causes.yaml", "data/remedies.yaml", "data/platforms.yaml"} {
		h.Write(cat.Sources[f])
		h.Write([]byte{0})
	}
	key := [sha256.Size]byte(h.Sum(nil))
	m.mu.Lock()
	last := m.parts
	if key != m.partsKey {
		last = nil
	}
	m.parts, m.partsKey = make(map[*catalog.Error]*publish.ErrorParts, len(cat.Errors)), key
	m.mu.Unlock()
	return func(e *catalog.Error, made func() *publish.ErrorParts) *publish.ErrorParts {
		ep := last[e] // read only
		if ep == nil {
			ep = made()
		}
		m.mu.Lock()
		m.parts[e] = ep
		m.mu.Unlock()
		return ep
	}
}

// plainText returns plain, which turns a Markdown field into plain text,
// remembering its answers from build to build: the compact Errors page and
// the search index show the plain text of every error's summary, and
// parsing them all again after every edit was most of a preview's wait.
// It is called once a build; what the build does not turn is forgotten.
func (m *parseMemo) plainText(plain func(string) string) func(string) string {
	m.mu.Lock()
	last := m.plain
	m.plain = make(map[string]string, len(last))
	m.mu.Unlock()
	return func(md string) string {
		m.mu.Lock()
		t, ok := m.plain[md]
		if !ok {
			t, ok = last[md]
		}
		m.mu.Unlock()
		if !ok {
			t = plain(md)
		}
		m.mu.Lock()
		m.plain[md] = t
		m.mu.Unlock()
		return t
	}
}
