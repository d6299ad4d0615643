package search_test

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"testing"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/markdown"
	"errdocs/internal/page"
	"errdocs/internal/site"
)

// siteInput reads a site root and renders every Markdown body once, as
// a build does, returning the model and each page's outline.
func siteInput(b testing.TB, root string) (*site.Site, *markdown.Renderer, map[*site.Page][]markdown.Section) {
	b.Helper()
	fsys := os.DirFS(root)
	var problems diag.List
	var pages []*page.Page
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == "content" {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if pg := page.Parse(p, src, &problems); pg != nil {
			pages = append(pages, pg)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	cat := catalog.Load(fsys, &problems)
	s := site.New(site.Config{BaseURL: "https://docs.example.com/"}, pages, cat, &problems)
	if len(problems) > 0 {
		b.Fatalf("corpus has problems: %v", problems.Err())
	}
	var terms []markdown.Term
	for _, t := range cat.Terms {
		terms = append(terms, markdown.Term{Name: t.Term, URL: site.TermURL(t.ID)})
	}
	md := markdown.New(markdown.Config{Terms: terms})
	outlines := map[*site.Page][]markdown.Section{}
	for _, p := range s.Pages {
		if p.Source == nil {
			continue
		}
		res, err := md.NewDoc().Render(p.Source.Body)
		if err != nil {
			b.Fatal(err)
		}
		outlines[p] = res.Sections
	}
	return s, md, outlines
}
