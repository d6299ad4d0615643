package sitegen

import (
	"io/fs"
	"strings"
	"sync"

	"errdocs/internal/diag"
	"errdocs/internal/linkcheck"
	"errdocs/internal/page"
	"errdocs/internal/render"
	"errdocs/internal/site"
)

// checkLinksAnyway runs the link check that can still run when the input
// has problems (input), which stop the build before anything is
// published: a writer sees a broken link in a page in the same run as a
// typo in a data file, not one run later.
//
// It renders the pages written in Markdown (the content pages, and the
// Errors page with its intro) and checks the links found in a source file,
// a page body or a data field, against the pages of the model. What the
// input's problems may have left out is not held against a link:
//
//   - a page that could not be rendered, or whose ids come from data
//     with problems (every page but the plain content pages, then), takes
//     any fragment; so does the glossary, whose anchors checkTermLinks
//     checks;
//   - a path is not missing when it is that of an error or platform in a
//     data file that could not be read, or of a content file that could
//     not be parsed, or the glossary's (checkTermLinks checks links to
//     it), or when it names no page (a file the build would have made:
//     errors.json, a fingerprinted asset);
//   - a link no source holds comes from a template, which may have shown
//     data that did not decode, and is not reported; nor is a problem in
//     rendering.
//
// A page's own Markdown problems (a code block too large) are reported.
func (pl *pipeline) checkLinksAnyway(pages []*page.Page, input diag.List) diag.List {
	s := pl.site
	dataProblems := false
	for _, p := range input {
		dataProblems = dataProblems || strings.HasPrefix(p.File, "data/")
	}
	unparsed := map[string]bool{}
	for _, p := range input {
		if strings.HasPrefix(p.File, "content/") && strings.HasSuffix(p.File, ".md") {
			unparsed[page.URLOf(p.File)] = true
		}
	}
	for _, p := range pages {
		delete(unparsed, p.URL())
	}
	cfg := linkCheckConfig(pl.cfg, s, pages)
	cfg.Unknown = func(path string) bool {
		switch {
		case !strings.HasSuffix(path, "/"), unparsed[path], path == "/glossary/":
			return true
		case strings.HasPrefix(path, "/errors/"):
			return s.Catalog.Unread("error", strings.Trim(strings.TrimPrefix(path, "/errors/"), "/"))
		case strings.HasPrefix(path, "/platforms/"):
			return s.Catalog.Unread("platform", strings.Trim(strings.TrimPrefix(path, "/platforms/"), "/"))
		}
		return false
	}
	lc := linkcheck.New(cfg)
	var static []string
	fs.WalkDir(pl.theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			static = append(static, strings.TrimPrefix(p, "static/"))
		}
		return nil
	})
	lc.SetFiles(static)

	var todo []*site.Page
	for _, p := range s.Pages {
		if p.Source != nil {
			todo = append(todo, p)
		} else {
			lc.IDsUnknown(p.URL)
		}
	}
	var mu sync.Mutex
	var problems diag.List
	pl.renderPages(previewOrder(todo, nil), func(p *site.Page, out render.Output, pp diag.List) {
		if out.HTML == nil {
			lc.IDsUnknown(p.URL)
			return
		}
		lc.AddPage(p.URL, out.HTML, SourceInfo(s, p))
		if p.Kind == site.KindGlossary || dataProblems && p.Kind != site.KindPage && p.Kind != site.KindSection {
			lc.IDsUnknown(p.URL)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, q := range pp {
			if q.File == p.File && q.Line > 0 {
				problems = append(problems, q)
			}
		}
	})
	for _, q := range lc.Check() {
		if q.Line > 0 {
			problems = append(problems, q)
		}
	}
	return problems
}
