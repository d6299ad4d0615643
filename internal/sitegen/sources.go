package sitegen

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/page"
	"errdocs/internal/srcfs"
)

// This file is the Builder's reading: it keeps the content files and the
// catalog up to date with the paths it is told changed.

// apply reads what changed and reports whether the catalog was reloaded
// and whether a static file changed.
func (b *Builder) apply(changed []string) (dataChanged, staticChanged bool) {
	if b.sources == nil || changed == nil {
		if b.sources == nil {
			b.sources = map[string]*source{}
		}
		b.readContent("content")
		b.catalog = nil
		b.loadCatalog()
		b.tmplGen++
		b.staticProb = checkStatic(b.cfg.Src)
		return true, true
	}
	var dataFiles []string // the data paths changed
	onlyFiles := true      // and each is a YAML file
	for _, p := range changed {
		p = path.Clean(strings.TrimPrefix(p, "/"))
		top, _, _ := strings.Cut(p, "/")
		switch top {
		case "content":
			b.readContent(p)
		case "data":
			dataFiles = append(dataFiles, p)
			onlyFiles = onlyFiles && path.Ext(p) == ".yaml"
			dataChanged = true
			if p == "data" || strings.HasPrefix(p, "data/schema/") || p == "data/schema" {
				b.catalog = nil // files must be validated again
			}
		case "templates":
			b.tmplGen++
		case "static":
			if !staticChanged {
				b.staticProb = checkStatic(b.cfg.Src)
			}
			staticChanged = true
		case ".":
			return b.apply(nil)
		}
		// Anything else is not input, or (anchors.lock) read by every
		// build.
	}
	if dataChanged {
		if b.catalog != nil && onlyFiles {
			// The watcher names every file written: the others need not
			// be read again. A folder may hold any.
			b.catalog.Changed(dataFiles)
		}
		b.loadCatalog()
	}
	return dataChanged, staticChanged
}

func (b *Builder) loadCatalog() {
	if b.catalog == nil {
		b.catalog = new(catalog.Cache)
	}
	b.catProb = nil
	b.cat = loadCatalog(b.cfg, b.catalog, &b.catProb)
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
			b.sources[q] = &source{problems: diag.List{srcfs.Problem(q, err)}}
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
		b.readSource(q)
		return nil
	})
	if err != nil {
		seen[p] = true
		b.sources[p] = &source{problems: diag.List{srcfs.Problem(p, err)}}
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
func (b *Builder) readSource(p string) {
	var problems diag.List
	src, ok := readSource(b.cfg.Src, p, &problems)
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
