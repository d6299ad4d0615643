// Package sitegen is the pipeline shared by build, check, serve and the
// tests: read the site root (an fs.FS) -> validate -> model -> render ->
// check -> output tree. It does no I/O of its own beyond reading the given
// file systems; the caller writes or serves the tree.
//
// Validation reports every problem of the input at once: front matter and
// data decoding (packages page, yamlx), JSON Schemas (schema), ids and
// references (catalog), two sources for one URL (site), glossary links
// (checkTermLinks). Only an input without problems is rendered; then the
// rendered site is checked: Markdown limits (markdown), every link and
// anchor (linkcheck, fed page by page from the render loop) and the
// anchors recorded in anchors.lock (anchorlock). Build returns a diag.List
// of all the problems of the stage that found some.
package sitegen

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/linkcheck"
	"errdocs/internal/markdown"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/render"
	"errdocs/internal/schema"
	"errdocs/internal/site"
)

// MaxPageSize is the largest Markdown page read.
const MaxPageSize = 1 << 20

// Config says what to build.
type Config struct {
	// Src is the site root: content/, data/, and optionally templates/ and
	// static/, which override the files of Theme of the same name.
	Src fs.FS
	// Theme holds the default templates/, static/ and data/schema/.
	Theme   fs.FS
	BaseURL string
	Drafts  bool
	// SkipLock skips comparing the site with its anchors.lock (for
	// "errdocs lock", which rewrites it).
	SkipLock bool
}

// Result is a built site.
type Result struct {
	Site *site.Site
	Tree *output.Tree
	// Published lists every page URL and anchor, as anchors.lock records
	// them.
	Published []string
}

// Build runs the whole pipeline. When the input has problems it returns
// them all as a diag.List error, sorted by file and position.
func Build(cfg Config) (*Result, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost/"
	}
	var problems diag.List
	theme := overlay{cfg.Src, cfg.Theme}
	pages := readPages(cfg.Src, &problems)
	cat := catalog.LoadWith(cfg.Src, catalog.Config{Schemas: schema.Load(theme, &problems)}, &problems)
	s := site.New(site.Config{BaseURL: cfg.BaseURL, Drafts: cfg.Drafts}, pages, cat, &problems)

	terms := make([]markdown.Term, 0, len(cat.Terms))
	for _, t := range cat.Terms {
		terms = append(terms, markdown.Term{Name: t.Term, URL: site.TermURL(t.ID)})
	}
	md := markdown.New(markdown.Config{Terms: terms})
	checkTermLinks(s, md, &problems)
	tmpl, _ := fs.Sub(theme, "templates")
	r := render.New(render.Config{Templates: tmpl, Markdown: md}, s, &problems)
	if len(problems) > 0 {
		return nil, problems.Err()
	}

	tree := output.NewTree()
	lc := newLinkChecker(cfg, s, pages)
	if err := renderPages(r, s, tree, lc); err != nil {
		var list diag.List
		if !errors.As(err, &list) || tree.Len() < len(s.Pages) {
			return nil, err // pages are missing: their links would only add noise
		}
		problems = list
	}
	if err := copyStatic(theme, tree); err != nil {
		return nil, err
	}
	tree.Add("css/chroma.css", markdown.CSS())
	if err := addHosting(s, tree); err != nil {
		return nil, err
	}
	problems = append(problems, checkOutput(cfg.Src, tree, lc, cfg.SkipLock)...)
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	return &Result{Site: s, Tree: tree, Published: lc.Published()}, nil
}

// readPages parses every Markdown file below content/.
func readPages(fsys fs.FS, problems *diag.List) []*page.Page {
	var pages []*page.Page
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "content" {
				return fs.SkipAll
			}
			problems.Add(diag.Problem{File: p, Msg: err.Error()})
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != "content" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || path.Ext(name) != ".md" {
			return nil
		}
		info, err := d.Info()
		if err == nil && info.Size() > MaxPageSize {
			problems.Add(diag.Problem{File: p, Msg: fmt.Sprintf("file is %d bytes, over the %d byte limit", info.Size(), MaxPageSize)})
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			problems.Add(diag.Problem{File: p, Msg: err.Error()})
			return nil
		}
		if pg := page.Parse(p, src, problems); pg != nil {
			pages = append(pages, pg)
		}
		return nil
	})
	if err != nil {
		problems.Add(diag.Problem{File: "content", Msg: err.Error()})
	}
	return pages
}

// renderPages renders every page, on all CPUs, and gives each to the link
// checker.
func renderPages(r *render.Renderer, s *site.Site, tree *output.Tree, lc *linkcheck.Checker) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	var problems diag.List
	errs := make([]error, len(s.Pages))
	for i, p := range s.Pages {
		g.Go(func() error {
			b, err := r.Page(p)
			errs[i] = err
			if b != nil {
				tree.Add(render.OutputPath(p.URL), b)
				lc.AddPage(p.URL, b, sourceInfo(s, p))
			}
			return nil
		})
	}
	g.Wait()
	for i, err := range errs {
		var list diag.List
		switch {
		case errors.As(err, &list):
			problems = append(problems, list...)
		case err != nil:
			problems.Add(diag.Problem{File: s.Pages[i].File, Msg: fmt.Sprintf("rendering %s: %v", s.Pages[i].URL, err)})
		}
	}
	return problems.Err()
}

// copyStatic adds every file below static/ to the tree. A static file
// where a page is already is a problem: one URL has one source.
func copyStatic(fsys fs.FS, tree *output.Tree) error {
	var problems diag.List
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "static/")
		if _, dup := tree.Get(rel); dup {
			problems.Add(diag.Problem{File: p, Msg: "/" + rel + " is also a page; one URL has one source"})
			return nil
		}
		tree.Add(rel, b)
		return nil
	})
	if err != nil {
		return err
	}
	return problems.Err()
}
