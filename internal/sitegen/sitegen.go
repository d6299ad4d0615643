// Package sitegen is the pipeline shared by build, check, serve and the
// tests: read the site root (an fs.FS) -> validate -> model -> render ->
// output tree. It does no I/O of its own beyond reading the given file
// systems; the caller writes or serves the tree.
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
	"errdocs/internal/markdown"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/render"
	"errdocs/internal/site"
)

// MaxPageSize is the largest Markdown page read.
const MaxPageSize = 1 << 20

// Config says what to build.
type Config struct {
	// Src is the site root: content/, data/, and optionally templates/ and
	// static/, which override the files of Theme of the same name.
	Src fs.FS
	// Theme holds the default templates/ and static/.
	Theme   fs.FS
	BaseURL string
	Drafts  bool
}

// Result is a built site.
type Result struct {
	Site *site.Site
	Tree *output.Tree
}

// Build runs the whole pipeline. When the input has problems it returns
// them all as a diag.List error, sorted by file and position.
func Build(cfg Config) (*Result, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost/"
	}
	var problems diag.List
	pages := readPages(cfg.Src, &problems)
	cat := catalog.Load(cfg.Src, &problems)
	s := site.New(site.Config{BaseURL: cfg.BaseURL, Drafts: cfg.Drafts}, pages, cat, &problems)

	theme := overlay{cfg.Src, cfg.Theme}
	r := newRenderer(theme, s, glossaryTerms(cat), &problems)
	if len(problems) > 0 {
		return nil, problems.Err()
	}

	tree := output.NewTree()
	if err := renderPages(r, s.Pages, tree); err != nil {
		return nil, err
	}
	if err := finish(theme, s, tree, nil); err != nil {
		return nil, err
	}
	return &Result{Site: s, Tree: tree}, nil
}

// glossaryTerms returns the terms linked where they appear in prose.
func glossaryTerms(cat *catalog.Catalog) []markdown.Term {
	terms := make([]markdown.Term, 0, len(cat.Terms))
	for _, t := range cat.Terms {
		terms = append(terms, markdown.Term{Name: t.Term, URL: site.TermURL(t.ID)})
	}
	return terms
}

// newRenderer parses the templates of theme for s.
func newRenderer(theme fs.FS, s *site.Site, terms []markdown.Term, problems *diag.List) *render.Renderer {
	md := markdown.New(markdown.Config{Terms: terms})
	tmpl, _ := fs.Sub(theme, "templates")
	return render.New(render.Config{Templates: tmpl, Markdown: md}, s, problems)
}

// finish adds everything that is not a rendered page to a tree whose pages
// are rendered: static files, the chroma stylesheet, the hosting files.
// Build and the Builder (serve) both end here, so whole-site outputs and
// checks belong here to keep build and serve byte-identical.
// m, when not nil, keeps outputs from one call to the next (serve).
func finish(theme fs.FS, s *site.Site, tree *output.Tree, m *memo) error {
	if err := copyStatic(theme, tree); err != nil {
		return err
	}
	tree.Add("css/chroma.css", markdown.CSS())
	return addHosting(s, tree, m)
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
		src, ok := readSource(fsys, p, d, problems)
		if !ok {
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

// readSource reads the content file p, whose directory entry is d,
// enforcing MaxPageSize.
func readSource(fsys fs.FS, p string, d fs.DirEntry, problems *diag.List) ([]byte, bool) {
	info, err := d.Info()
	if err == nil && info.Size() > MaxPageSize {
		problems.Add(diag.Problem{File: p, Msg: fmt.Sprintf("file is %d bytes, over the %d byte limit", info.Size(), MaxPageSize)})
		return nil, false
	}
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		problems.Add(diag.Problem{File: p, Msg: err.Error()})
		return nil, false
	}
	return src, true
}

// renderPages renders pages into tree, on all CPUs.
func renderPages(r *render.Renderer, pages []*site.Page, tree *output.Tree) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	var problems diag.List
	errs := make([]error, len(pages))
	for i, p := range pages {
		g.Go(func() error {
			b, err := r.Page(p)
			if err != nil {
				errs[i] = err
				return nil
			}
			tree.Add(render.OutputPath(p.URL), b)
			return nil
		})
	}
	g.Wait()
	for i, err := range errs {
		if err != nil {
			problems.Add(diag.Problem{File: pages[i].File, Msg: fmt.Sprintf("rendering %s: %v", pages[i].URL, err)})
		}
	}
	return problems.Err()
}

// copyStatic adds every file below static/ to the tree.
func copyStatic(fsys fs.FS, tree *output.Tree) error {
	return fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
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
		tree.Add(strings.TrimPrefix(p, "static/"), b)
		return nil
	})
}
