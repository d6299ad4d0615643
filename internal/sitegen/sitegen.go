// Package sitegen is the pipeline shared by build, check, serve and the
// tests: read the site root (an fs.FS) -> validate -> model -> render ->
// check -> output tree. It does no I/O of its own beyond reading the given
// file systems; the caller writes or serves the tree.
//
// Validation reports every problem of the input at once: what cannot be
// read (srcfs), front matter and data decoding (packages page, yamlx),
// JSON Schemas (schema), ids and references (catalog), two sources for one
// URL (site), glossary links (checkTermLinks) and unsafe link schemes
// (checkUnsafeLinks). Only an input without problems is rendered and
// published; then the rendered site is checked: Markdown limits
// (markdown), every link and anchor (linkcheck, fed page by page from the
// render loop) and the anchors recorded in anchors.lock (anchorlock). An
// input with problems still has the links of its Markdown pages checked,
// as far as they can be (checkLinksAnyway), so that a data problem does
// not hide a broken link. Build returns a diag.List of all the problems.
package sitegen

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"sync"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/par"
	"errdocs/internal/publish"
	"errdocs/internal/render"
	"errdocs/internal/site"
	"errdocs/internal/srcfs"
)

// InputDirs returns the folders of a site root that a build reads: an
// output folder must not be inside one.
func InputDirs() []string { return []string{"content", "data", "templates", "static"} }

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
	// Warnings are findings that do not fail the build, sorted.
	Warnings  diag.List
	published func() []string
}

// Published lists every page URL and anchor, as anchors.lock records
// them. It is made when asked for: a build without "errdocs lock" has no
// use for the 200,000 entries of a 10,000-page site.
func (r *Result) Published() []string { return r.published() }

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
	cfg = cfg.withDefaults()
	var problems diag.List
	// The pages and the data are read at once: each has a part that runs
	// on one CPU (walking content/, loading the schemas).
	var dataProblems diag.List
	loaded := make(chan *catalog.Catalog)
	go func() { loaded <- loadCatalog(cfg, nil, &dataProblems) }()
	pages := readPages(cfg.Src, &problems)
	problems = append(problems, checkStatic(cfg.Src)...)
	cat := <-loaded
	problems = append(problems, dataProblems...)
	pl := newPipeline(cfg, pages, cat, &problems)
	if len(problems) > 0 {
		return nil, append(problems, pl.checkLinksAnyway(pages, problems)...).Err()
	}

	lc := newLinkChecker(cfg, pl.site, pages)
	idx := pl.searchBuilder(nil)
	// The error contract depends on the data only: its 5,000 files at 5,000
	// errors are made and written while the pages render.
	contract := pl.startContract(files)
	pl.keep = output.Keeps(files)
	recycle := !pl.keep // a page on disk and checked is done with
	var mu sync.Mutex
	missing := false
	pl.renderPages(costliestFirst(pl.site.Pages), func(p *site.Page, out render.Output, pp diag.List) {
		if out.HTML != nil {
			files.Add(render.OutputPath(p.URL), out.HTML)
			lc.AddPage(p.URL, out.HTML, SourceInfo(pl.site, p))
			idx.AddPage(p, out.Sections)
			if recycle {
				pl.r.Recycle(out.HTML)
			}
		}
		mu.Lock()
		problems = append(problems, pp...)
		missing = missing || out.HTML == nil
		mu.Unlock()
	})
	if err := contract(); err != nil {
		return nil, err
	}
	if missing {
		// Pages are missing: their links would only add noise.
		return nil, problems.Err()
	}
	if err := pl.finish(files, idx.Build().Files()); err != nil {
		return nil, err
	}
	problems = append(problems, checkOutput(cfg.Src, files, lc, cfg.SkipLock)...)
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	return &Result{Site: pl.site, Files: files, Warnings: pl.warnings(), published: lc.Published}, nil
}

// readPages parses every Markdown file below content/, on all CPUs.
func readPages(fsys fs.FS, problems *diag.List) []*page.Page {
	type file struct {
		path     string
		page     *page.Page
		problems diag.List
	}
	var files []*file
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "content" {
				return fs.SkipAll
			}
			problems.Add(srcfs.Problem(p, err))
			return nil
		}
		// Dot-files and dot-folders are not listed (srcfs).
		if !d.IsDir() && path.Ext(d.Name()) == ".md" {
			files = append(files, &file{path: p})
		}
		return nil
	})
	if err != nil {
		problems.Add(diag.Problem{File: "content", Msg: err.Error()})
	}
	par.Each(len(files), func(i int) {
		f := files[i]
		if src, ok := readSource(fsys, f.path, &f.problems); ok {
			f.page = page.Parse(f.path, src, &f.problems)
		}
	})
	var pages []*page.Page
	for _, f := range files {
		*problems = append(*problems, f.problems...)
		if f.page != nil {
			pages = append(pages, f.page)
		}
	}
	return pages
}

// readSource reads the content file p, a regular file of at most
// MaxPageSize bytes.
func readSource(fsys fs.FS, p string, problems *diag.List) ([]byte, bool) {
	src, err := srcfs.ReadFile(fsys, p, MaxPageSize)
	if err != nil {
		problems.Add(srcfs.Problem(p, err))
		return nil, false
	}
	return src, true
}

// checkStatic returns a problem for each file below the site's static/
// that cannot be published (see srcfs), without reading any: they are
// copied once the site has rendered, and reported here with the other
// problems of the input.
func checkStatic(fsys fs.FS) diag.List {
	var problems diag.List
	fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = srcfs.Check(fsys, p, srcfs.MaxFileSize)
		}
		if err != nil && !(errors.Is(err, fs.ErrNotExist) && p == "static") {
			problems.Add(srcfs.Problem(p, err))
		}
		return nil
	})
	return problems
}

// copyStatic adds every file below static/ to the tree. A static file
// where a page is already is a problem: one URL has one source; so is a
// file that cannot be read (see srcfs).
func copyStatic(fsys fs.FS, tree output.Store) error {
	var problems diag.List
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "static" {
				return nil
			}
			problems.Add(srcfs.Problem(p, err))
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			problems.Add(srcfs.Problem(p, err))
			return nil
		}
		rel := strings.TrimPrefix(p, "static/")
		if tree.Has(rel) {
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
