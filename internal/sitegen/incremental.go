package sitegen

import (
	"maps"
	"path"
	"reflect"
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
	"errdocs/internal/search"
	"errdocs/internal/site"
)

// A Builder builds a site again and again as its files change, as the dev
// server does, and re-renders only the pages that depend on what changed.
// Its output is byte for byte that of Build with the same Config, and so
// are its problems.
//
// It keeps every parsed content file (with its bytes, so a save that
// changes nothing costs nothing), every parsed error file (see
// catalog.Cache), the catalog, and the pipeline and pages of its last
// build. A rebuild reads only the files it is told changed, runs the steps
// before rendering again (the model, reference checks, publisher checks,
// templates), and renders the dirty pages:
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
//   - any template, or a static CSS or JS file whose fingerprint changed:
//     every page.
//
// The steps after rendering (search index, static files, publisher files,
// link and anchor checks) run on the whole site, reusing what they can:
// the search index keeps the documents of unchanged pages and data (see
// search.Cache), the publisher the error contract and its data checks
// while the catalog is the same (publish.Cache), the link checker each
// page's parsed links and its problems (see linkcheck.Checker.Check).
//
// The commonest edit, to the body of a published page, takes a shorter
// way (quick): the model, templates and publisher files of the last build
// stay, and only that page, the search index and its link check are
// redone. Either way the rendered pages can be had before the steps after
// rendering (BuildEarly).
//
// These rules follow what the default templates show; a site's own
// templates that show more (say, every error on each error's page) need
// a full rebuild to be previewed exactly: restart serve.
//
// A Builder is safe for concurrent use; its builds run one at a time.
type Builder struct {
	cfg Config

	mu      sync.Mutex
	sources map[string]*source // content file -> its last read
	cat     *catalog.Catalog
	catProb diag.List
	// staticProb holds the problems of static/ (checkStatic).
	staticProb diag.List
	tmplGen    int // bumped on every template change
	last       *snapshot
	// behind is set when sources read since the last snapshot are not in
	// it: a build stopped at problems before rendering. The quick path,
	// which knows only of the files it is given, must not be taken then.
	behind  bool
	search  search.Cache
	catalog *catalog.Cache   // nil after a schema changed
	hold    func(*site.Page) // see pipeline.hold
}

// source is one content file as last read.
type source struct {
	src      []byte
	page     *page.Page // nil when it has problems
	problems diag.List
}

// snapshot is the last build that rendered every page.
type snapshot struct {
	pl      *pipeline
	tmplGen int
	pages   map[string]*rendered // by URL
	lc      *linkcheck.Checker
	// tree is every output file; nil when the publisher's files could not
	// be made, which the quick path does not redo.
	tree *output.Tree
	// index holds the paths of the search index files in tree.
	index []string
}

// rendered is one rendered page.
type rendered struct {
	out      render.Output
	problems diag.List
}

// Stats says what a build did.
type Stats struct {
	Full     bool          // every page was rendered
	Rendered int           // pages rendered
	Pages    int           // pages in the site
	Took     time.Duration // the whole build
	// Early is when the edited pages were given to BuildEarly's early
	// function, counted from the start; 0 if they were not.
	Early time.Duration
}

// NewBuilder returns a Builder for cfg. Its first Build is a full one.
func NewBuilder(cfg Config) *Builder {
	cfg = cfg.withDefaults()
	cfg.Publish.Cache = new(publish.Cache)
	return &Builder{cfg: cfg}
}

// Build builds the site after the files at the given paths (slash-separated,
// relative to the site root; files or folders, created, written or removed)
// changed. A nil changed, or the first call, reads everything. On problems
// it returns them all as a diag.List error, like Build.
func (b *Builder) Build(changed []string) (*Result, Stats, error) {
	return b.BuildEarly(changed, nil)
}

// BuildEarly is Build, and it calls early, if not nil, as soon as the
// pages to render again are rendered without problems, before the search
// index, the publisher's files and the checks of the whole site are
// redone: with the last output, those pages replaced and the pages that
// are gone removed. Every page of that tree is as BuildEarly's result will
// have it, if it has no problems (but see below); the other files may
// differ. A preview can show the pages at once and the whole result when
// BuildEarly returns; that result may still have problems (a broken
// link), and then the early output was not a good build. early is not called after a
// change of the fingerprinted assets, which the last output lacks, nor
// when no page was rendered. early owns the tree it is given; pages lists
// the paths of the pages in it that may differ from the last output's
// (rendered again, or removed).
//
// When the only pages still rendering show every error or every error of
// a platform (the Errors page, the matrix, the platform pages), early is
// first called with the others rendered and those as the last output has
// them, then again with every page: an edit of an error shows on the
// error's own page before the Errors page is done. Those pages of the
// first tree are the only ones that may differ from the result.
func (b *Builder) BuildEarly(changed []string, early func(tree *output.Tree, pages []string)) (*Result, Stats, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	start := time.Now()
	before := make(map[string]*source, len(changed))
	for _, p := range changed {
		before[path.Clean(p)] = b.sources[path.Clean(p)]
	}
	dataChanged, staticChanged := b.apply(changed)
	if res, st, err, ok := b.quick(start, changed, before, dataChanged || staticChanged, early); ok {
		return res, st, err
	}
	b.behind = true // until the snapshot is taken

	var problems diag.List
	pages := b.pages(&problems)
	problems = append(problems, b.staticProb...)
	problems = append(problems, b.catProb...)
	pl := newPipeline(b.cfg, pages, b.cat, &problems)
	if len(problems) > 0 {
		return nil, Stats{}, append(problems, pl.checkLinksAnyway(pages, problems)...).Err()
	}
	pl.hold, pl.keep = b.hold, true
	s := pl.site
	// The error contract depends on the data only: as in Build, it is made
	// while the pages render, and AddContract below takes it.
	go pl.pub.Contract()

	all, dirty := b.dirty(pl, dataChanged)
	todo := s.Pages
	if !all {
		todo = nil
		for _, p := range s.Pages {
			if dirty[p.URL] {
				todo = append(todo, p)
			}
		}
	}
	st := Stats{Full: all, Rendered: len(todo), Pages: len(s.Pages)}
	canEarly := early != nil && b.last != nil && b.last.tree != nil &&
		maps.Equal(b.last.pl.pub.AssetURLs(), pl.pub.AssetURLs())
	// The pages that show every error, or every error of a platform,
	// render longest: when only they are left, the others are given early
	// at once, and all of them when those are done.
	light := 0
	for _, p := range todo {
		if renderCost(p.Kind) < slow {
			light++
		}
	}
	order := previewFirst(todo)
	if all {
		order = costliestFirst(todo) // the shortest build
	}
	heavy := len(todo) - light
	var mu sync.Mutex
	var first sync.WaitGroup // giving the others early
	started := false
	fresh := make(map[string]*rendered, len(todo))
	pl.renderPages(order, func(p *site.Page, out render.Output, problems diag.List) {
		mu.Lock()
		defer mu.Unlock()
		fresh[p.URL] = &rendered{out, problems}
		if renderCost(p.Kind) < slow {
			light--
		} else {
			heavy--
		}
		if canEarly && light == 0 && heavy > 0 && !started {
			started = true
			done := maps.Clone(fresh)
			first.Go(func() {
				if tree, given := b.earlyTree(s, all, done); tree != nil {
					early(tree, given)
					st.Early = time.Since(start)
				}
			})
		}
	})
	first.Wait()
	snap := &snapshot{pl: pl, tmplGen: b.tmplGen, pages: make(map[string]*rendered, len(s.Pages))}
	missing := false
	for _, p := range s.Pages {
		r := fresh[p.URL]
		if r == nil {
			r = b.last.pages[p.URL]
		}
		snap.pages[p.URL] = r
		problems = append(problems, r.problems...)
		missing = missing || r.out.HTML == nil
	}
	if missing {
		// As Build: pages are missing, their links would only add noise.
		// The next build starts again from the last whole one.
		st.Took = time.Since(start)
		return nil, st, problems.Err()
	}
	if canEarly && len(fresh) > 0 && len(problems) == 0 {
		tree, given := b.earlyTree(s, all, fresh)
		early(tree, given)
		if st.Early == 0 {
			st.Early = time.Since(start)
		}
	}

	// The search index reads the model and the pages' outlines, not their
	// HTML: it is made while the links are read and the contract added.
	indexed := make(chan map[string][]byte, 1)
	go func() { indexed <- b.index(snap).Files() }()

	lcfg := linkCheckConfig(b.cfg, s, pages)
	if b.last == nil {
		snap.lc = linkcheck.New(lcfg)
	} else {
		snap.lc = b.last.lc.Reuse(lcfg, func(url string) (linkcheck.SourceInfo, bool) {
			if p := s.Page(url); p != nil {
				return SourceInfo(s, p), true
			}
			return linkcheck.SourceInfo{}, false
		})
	}
	for url, r := range fresh {
		snap.lc.AddPage(url, r.out.HTML, SourceInfo(s, s.Page(url)))
	}
	b.last, b.behind = snap, false

	tree := output.NewTree()
	for _, p := range s.Pages {
		tree.Add(render.OutputPath(p.URL), snap.pages[p.URL].out.HTML)
	}
	err := pl.pub.AddContract(tree)
	index := <-indexed // before returning: the next build's index uses b.search
	if err == nil {
		err = pl.finish(tree, index)
	}
	if err != nil {
		st.Took = time.Since(start)
		return nil, st, err
	}
	snap.tree = tree
	snap.index = slices.Collect(maps.Keys(index))
	res, err := b.check(problems)
	st.Took = time.Since(start)
	return res, st, err
}

// earlyTree returns the last output with the pages of s that are gone
// removed and the rendered pages added: the pages as they will be
// published, which link to the same assets as the last output, which has
// the rest; and the paths of the pages removed or added. It returns nil if
// a page has a problem, rendered or kept from the last build (all: none
// is kept).
func (b *Builder) earlyTree(s *site.Site, all bool, rendered map[string]*rendered) (*output.Tree, []string) {
	for _, r := range rendered {
		if len(r.problems) > 0 || r.out.HTML == nil {
			return nil, nil
		}
	}
	if !all {
		for _, p := range s.Pages {
			if kept := b.last.pages[p.URL]; rendered[p.URL] == nil && kept != nil && len(kept.problems) > 0 {
				return nil, nil
			}
		}
	}
	tree := b.last.tree.Clone()
	var pages []string
	for _, op := range b.last.pl.site.Pages {
		if s.Page(op.URL) == nil {
			tree.Remove(render.OutputPath(op.URL))
			pages = append(pages, render.OutputPath(op.URL))
		}
	}
	for url, r := range rendered {
		tree.Add(render.OutputPath(url), r.out.HTML)
		pages = append(pages, render.OutputPath(url))
	}
	slices.Sort(pages)
	return tree, pages
}

// index builds the search index of a build.
func (b *Builder) index(snap *snapshot) *search.Index {
	idx := snap.pl.searchBuilder(&b.search)
	for _, p := range snap.pl.site.Pages {
		idx.AddPage(p, snap.pages[p.URL].out.Sections)
	}
	return idx.Build()
}

// check runs the checks of the output of the last build, as Build does,
// adding their problems to those of rendering.
func (b *Builder) check(problems diag.List) (*Result, error) {
	last := b.last
	problems = append(slices.Clip(problems), checkOutput(b.cfg.Src, last.tree, last.lc, b.cfg.SkipLock)...)
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	// The checker is the next build's too: what it publishes now is taken
	// now.
	published := last.lc.Published()
	return &Result{Site: last.pl.site, Files: last.tree, Tree: last.tree,
		Warnings: last.pl.warnings(), published: func() []string { return published }}, nil
}

// quick handles the commonest edit, to the body of published pages, with
// the last pipeline and tree: when every changed file is a content page
// that parses with the same front matter as before, the model is the same
// but for those pages' sources, and no other page shows a page's body. It
// reports false, having changed nothing, for any other edit, and for an
// edit with problems found before the link check, which the full path
// then reports as Build does.
//
// It updates the last Site in place: a Site returned by an earlier Build
// must not be used while Build runs.
func (b *Builder) quick(start time.Time, changed []string, before map[string]*source, otherChanged bool, early func(*output.Tree, []string)) (*Result, Stats, error, bool) {
	last := b.last
	if last == nil || last.tree == nil || b.behind || changed == nil || otherChanged || last.tmplGen != b.tmplGen {
		return nil, Stats{}, nil, false
	}
	var edits []*site.Page
	var pages []*page.Page
	for _, p := range changed {
		p = path.Clean(p)
		if !strings.HasPrefix(p, "content/") {
			return nil, Stats{}, nil, false
		}
		old, cur := before[p], b.sources[p]
		if old == cur && old != nil || hiddenContent(p) {
			continue // the same bytes, or not read
		}
		if old == nil || cur == nil || old.page == nil || cur.page == nil ||
			old.page.BodyLine != cur.page.BodyLine ||
			!reflect.DeepEqual(old.page.FrontMatter, cur.page.FrontMatter) {
			return nil, Stats{}, nil, false
		}
		sp := last.pl.site.Page(cur.page.URL())
		if sp == nil || sp.Source != old.page {
			if sp == nil && cur.page.Draft && !b.cfg.Drafts {
				continue // an unpublished draft
			}
			return nil, Stats{}, nil, false
		}
		if sp.Kind == site.KindGlossary {
			return nil, Stats{}, nil, false // its headings are glossary link targets
		}
		edits = append(edits, sp)
		pages = append(pages, cur.page)
	}
	for _, s := range b.sources {
		if len(s.problems) > 0 {
			return nil, Stats{}, nil, false
		}
	}
	if len(b.catProb) > 0 || len(b.staticProb) > 0 {
		return nil, Stats{}, nil, false
	}
	var problems diag.List
	checkTerms := termLinkChecker(last.pl.site, last.pl.md)
	for _, p := range pages {
		checkTerms(p.File, p.Body, p.BodyLine, &problems)
		checkUnsafeBody(p, last.pl.md, &problems)
	}
	if len(problems) > 0 {
		return nil, Stats{}, nil, false
	}
	olds := make([]*page.Page, len(edits))
	for i, sp := range edits {
		olds[i], sp.Source = sp.Source, pages[i]
	}
	var mu sync.Mutex
	fresh := make([]*rendered, len(edits))
	last.pl.renderPages(edits, func(p *site.Page, out render.Output, pp diag.List) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, pp...)
		fresh[slices.Index(edits, p)] = &rendered{out, pp}
	})
	if len(problems) > 0 {
		for i, sp := range edits {
			sp.Source = olds[i] // as they were, for the full path to compare
		}
		return nil, Stats{}, nil, false
	}

	tree := last.tree.Clone()
	for i, sp := range edits {
		last.pages[sp.URL] = fresh[i]
		last.lc.AddPage(sp.URL, fresh[i].out.HTML, SourceInfo(last.pl.site, sp))
		tree.Add(render.OutputPath(sp.URL), fresh[i].out.HTML)
	}
	st := Stats{Rendered: len(edits), Pages: len(last.pl.site.Pages)}
	if early != nil && len(edits) > 0 {
		pages := make([]string, len(edits))
		for i, sp := range edits {
			pages[i] = render.OutputPath(sp.URL)
		}
		early(tree.Clone(), pages)
		st.Early = time.Since(start)
	}
	index := b.index(last).Files()
	for _, p := range last.index {
		tree.Remove(p)
	}
	for p, data := range index {
		tree.Add(p, data)
	}
	last.tree = tree
	last.index = slices.Collect(maps.Keys(index))
	for _, p := range last.pl.site.Pages {
		problems = append(problems, last.pages[p.URL].problems...)
	}
	res, err := b.check(problems)
	st.Took = time.Since(start)
	return res, st, err, true
}
