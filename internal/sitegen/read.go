package sitegen

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"path"
	"strings"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/par"
	"errdocs/internal/schema"
	"errdocs/internal/srcfs"
)

// This file is a build's reading of the site root.

// readPages parses every Markdown file below content/, on all CPUs, or,
// for a Builder, takes it as the last build parsed it when its bytes are
// the same.
func (b *Builder) readPages(problems *diag.List) []*page.Page {
	fsys := b.cfg.Src
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
		src, ok := readSource(fsys, f.path, &f.problems)
		switch {
		case !ok:
		case b.memo != nil:
			var pp diag.List
			f.page, pp = b.parsed.page(f.path, src)
			f.problems = append(f.problems, pp...)
		default:
			f.page = page.Parse(f.path, src, &f.problems)
		}
	})
	var pages []*page.Page
	read := make(map[string]bool, len(files))
	for _, f := range files {
		read[f.path] = true
		*problems = append(*problems, f.problems...)
		if f.page != nil {
			pages = append(pages, f.page)
		}
	}
	keepOnly(&b.parsed, b.parsed.pages, read)
	return pages
}

// loadCatalog reads data/, validating each file against the JSON schemas
// of the site root or else the theme. A Builder parses again only the
// error files whose bytes, or the schemas, changed since its last build.
func (b *Builder) loadCatalog(problems *diag.List) *catalog.Catalog {
	if b.memo != nil {
		gen := b.memo.generation("data")
		if c := b.parsed.catalog; c != nil && b.parsed.catalogGen == gen {
			// Nothing below data/ changed: the catalog is the last one.
			*problems = append(*problems, b.parsed.catalogProblems...)
			return c
		}
		var found diag.List
		c := b.loadCatalogFrom(&found)
		b.parsed.catalog, b.parsed.catalogGen, b.parsed.catalogProblems = c, gen, found
		*problems = append(*problems, found...)
		return c
	}
	return b.loadCatalogFrom(problems)
}

// loadCatalogFrom reads the catalog from the site root.
func (b *Builder) loadCatalogFrom(problems *diag.List) *catalog.Catalog {
	theme := overlay{b.cfg.Src, b.cfg.Theme}
	schemas := schema.Load(theme, problems)
	cfg := catalog.Config{Schemas: schemas}
	if b.memo != nil {
		b.parsed.forgetErrors(schemasKey(theme))
		cfg.Parse = func(file string, src []byte) *catalog.ErrorFile {
			return b.parsed.errorFile(file, src, func() *catalog.ErrorFile { return catalog.ParseErrorFile(file, src, schemas) })
		}
	}
	c := catalog.LoadWith(b.cfg.Src, cfg, problems)
	read := make(map[string]bool, len(c.Sources))
	for f := range c.Sources {
		read[f] = true
	}
	keepOnly(&b.parsed, b.parsed.errors, read)
	return c
}

// schemasKey is a digest of the JSON schemas the data is validated
// against.
func schemasKey(theme fs.FS) [sha256.Size]byte { return digest(theme, schema.Dir+"/*.json") }

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
