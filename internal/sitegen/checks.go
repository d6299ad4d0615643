package sitegen

import (
	"errors"
	"io/fs"
	"slices"

	"errdocs/internal/anchorlock"
	"errdocs/internal/diag"
	"errdocs/internal/linkcheck"
	"errdocs/internal/output"
	"errdocs/internal/page"
	"errdocs/internal/site"
)

// newLinkChecker returns the link checker the render loop feeds.
func newLinkChecker(cfg Config, s *site.Site, pages []*page.Page) *linkcheck.Checker {
	return linkcheck.New(linkCheckConfig(cfg, s, pages))
}

// linkCheckConfig says what the link checker knows besides the pages: the
// site's redirects, the drafts left out, and every data file, where links
// in prose fields are written.
func linkCheckConfig(cfg Config, s *site.Site, pages []*page.Page) linkcheck.Config {
	lc := linkcheck.Config{BaseURL: cfg.BaseURL, Redirects: map[string]string{}}
	for _, r := range s.Redirects() {
		lc.Redirects[r.From] = r.To
	}
	for _, p := range pages {
		if p.Draft && !cfg.Drafts {
			lc.Drafts = append(lc.Drafts, p.URL())
		}
	}
	files := make([]string, 0, len(s.Catalog.Sources))
	for f := range s.Catalog.Sources {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		lc.Sources = append(lc.Sources, linkcheck.Source{File: f, Text: s.Catalog.Sources[f]})
	}
	return lc
}

// SourceInfo says which file a page comes from: its Markdown body, its
// data file, or nothing of its own (a page made from all the data).
func SourceInfo(s *site.Site, p *site.Page) linkcheck.SourceInfo {
	switch {
	case p.Source != nil:
		return linkcheck.SourceInfo{Sources: []linkcheck.Source{{File: p.File, Text: p.Source.Body, FirstLine: p.Source.BodyLine}}}
	case p.File != "":
		return linkcheck.SourceInfo{Sources: []linkcheck.Source{{File: p.File, Text: s.Catalog.Sources[p.File]}}}
	}
	return linkcheck.SourceInfo{}
}

// checkOutput runs the checks of the rendered site: every link and
// anchor, and, unless skipLock, the anchors recorded in anchors.lock.
func checkOutput(src fs.FS, tree output.Store, lc *linkcheck.Checker, skipLock bool) diag.List {
	lc.SetFiles(tree.Paths())
	problems := lc.Check()
	if skipLock {
		return problems
	}
	lock, err := fs.ReadFile(src, anchorlock.File)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		problems.Add(diag.Problem{File: anchorlock.File, Msg: err.Error()})
	default:
		problems = append(problems, anchorlock.Check(lock, lc.Resolve)...)
	}
	return problems
}
