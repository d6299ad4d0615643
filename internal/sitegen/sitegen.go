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
	"errdocs/internal/linkcheck"
	"errdocs/internal/markdown"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/publish"
	"errdocs/internal/render"
	"errdocs/internal/schema"
	"errdocs/internal/search"
	"errdocs/internal/site"
)

// MaxPageSize is the largest Markdown page read.
const MaxPageSize = 1 << 20

// DefaultBaseURL is where a site is published when --base-url is not
// given; the CMO data's example problem types use it.
const DefaultBaseURL = "https://docs.example.com/"

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
	// Publish holds the publishing options: minification, problem type
	// URIs, the build date, the OpenAPI description.
	Publish publish.Config
}

// Result is a built site.
type Result struct {
	Site *site.Site
	// Files holds every output file: the store given to BuildTo.
	Files output.Store
	// Tree is Files when the build was made in memory (Build), else nil.
	Tree *output.Tree
	// Published lists every page URL and anchor, as anchors.lock records
	// them.
	Published []string
	// Warnings are findings that do not fail the build, sorted.
	Warnings diag.List
}

// Build runs the whole pipeline in memory. When the input has problems it
// returns them all as a diag.List error, sorted by file and position.
func Build(cfg Config) (*Result, error) {
	tree := output.NewTree()
	res, err := BuildTo(cfg, tree)
	if res != nil {
		res.Tree = tree
	}
	return res, err
}

// BuildTo runs the whole pipeline, putting each output file into files as
// soon as it is made: with an output.Dir, a page is on disk and out of
// memory once rendered and checked. On problems the files already put are
// the caller's to discard (output.Dir.Abort).
func BuildTo(cfg Config, files output.Store) (*Result, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
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
	pub := publish.New(cfg.Publish, s, cfg.Src, &problems)
	static, _ := fs.Sub(theme, "static")
	pub.Assets(static, map[string][]byte{"css/chroma.css": markdown.CSS()}, &problems)
	r := render.New(render.Config{Templates: tmpl, Markdown: md, Asset: pub.Asset}, s, &problems)
	if len(problems) > 0 {
		return nil, problems.Err()
	}

	tree := files
	lc := newLinkChecker(cfg, s, pages)
	idx := search.NewBuilder(s, md.Plain, search.Config{})
	var minify func([]byte) ([]byte, error)
	if pub.Minify() {
		minify = publish.MinifyPage
	}
	if err := renderPages(r, s, tree, lc, idx, minify); err != nil {
		var list diag.List
		if !errors.As(err, &list) || tree.Len() < len(s.Pages) {
			return nil, err // pages are missing: their links would only add noise
		}
		problems = list
	}
	for p, b := range idx.Build().Files() {
		tree.Add(p, b)
	}
	if err := copyStatic(theme, tree); err != nil {
		return nil, err
	}
	tree.Add("css/chroma.css", markdown.CSS())
	if err := pub.AddFiles(tree); err != nil {
		return nil, err
	}
	problems = append(problems, checkOutput(cfg.Src, tree, lc, cfg.SkipLock)...)
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	return &Result{Site: s, Files: tree, Published: lc.Published(), Warnings: pub.Warnings()}, nil
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
// checker and its outline to the search index.
func renderPages(r *render.Renderer, s *site.Site, tree output.Store, lc *linkcheck.Checker, idx *search.Builder, minify func([]byte) ([]byte, error)) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	var problems diag.List
	errs := make([]error, len(s.Pages))
	for i, p := range s.Pages {
		g.Go(func() error {
			out, err := r.Render(p)
			errs[i] = err
			if out.HTML != nil && minify != nil {
				if out.HTML, err = minify(out.HTML); err != nil {
					errs[i] = err
				}
			}
			if out.HTML != nil {
				tree.Add(render.OutputPath(p.URL), out.HTML)
				lc.AddPage(p.URL, out.HTML, sourceInfo(s, p))
				idx.AddPage(p, out.Sections)
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

// copyStatic adds every file below static/ to the tree.
func copyStatic(fsys fs.FS, tree output.Store) error {
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
