package sitegen

import (
	"bytes"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"errdocs/internal/benchcorpus"
	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/markdown"
	"errdocs/internal/page"
	"errdocs/internal/publish"
	"errdocs/internal/site"
)

// benchSite returns the root of the benchmark corpus (benchcorpus.Dir).
func benchSite(b *testing.B) string { return benchcorpus.Dir(b) }

// BenchmarkBuild is the whole pipeline over the corpus as "errdocs build"
// runs it by default, every check on and CSS and JS minified, without
// writing to disk.
func BenchmarkBuild(b *testing.B) {
	dir := benchSite(b)
	cfg := Config{Src: os.DirFS(dir), Theme: repoTheme, BaseURL: "https://docs.example.com/",
		Publish: publish.Config{Minify: true}}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad reads and validates the corpus: its pages (front matter)
// and its data (YAML, JSON Schemas, references), then makes the model.
func BenchmarkLoad(b *testing.B) {
	cfg := Config{Src: os.DirFS(benchSite(b)), Theme: repoTheme}.withDefaults()
	for b.Loop() {
		var problems diag.List
		bl := &Builder{cfg: cfg}
		pages := bl.readPages(&problems)
		cat := bl.loadCatalog(&problems)
		newPipeline(cfg, pages, cat, &problems)
		if len(problems) > 0 {
			b.Fatal(problems.Err())
		}
	}
}

// BenchmarkRender renders the corpus's pages of each kind, one at a time,
// with everything a build does to a page but the link check and writing:
// templates, Markdown, data fields, code highlighting.
func BenchmarkRender(b *testing.B) {
	cfg := Config{Src: os.DirFS(benchSite(b)), Theme: repoTheme}.withDefaults()
	var problems diag.List
	bl := &Builder{cfg: cfg}
	pages := bl.readPages(&problems)
	pl := newPipeline(cfg, pages, bl.loadCatalog(&problems), &problems)
	if len(problems) > 0 {
		b.Fatal(problems.Err())
	}
	for _, kind := range []site.Kind{site.KindPage, site.KindError, site.KindErrors, site.KindPlatform, site.KindSection, site.KindMatrix, site.KindPlatforms, site.KindGlossary, site.KindHome} {
		var of []*site.Page
		for _, p := range pl.site.Pages {
			if p.Kind == kind && len(of) < 1000 {
				of = append(of, p)
			}
		}
		b.Run(string(kind), func(b *testing.B) {
			for b.Loop() {
				for _, p := range of {
					if out, pp := pl.renderPage(p); out.HTML == nil || len(pp) > 0 {
						b.Fatalf("rendering %s: %v", p.URL, pp)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(of)), "us/page")
		})
	}
}

// BenchmarkFloor renders the corpus Markdown with the same goldmark and
// chroma configuration as a build, on all CPUs, and nothing else: the floor
// a full build is compared with. "all" renders every Markdown text of the
// corpus once: the page bodies, the prose fields of the data (as the
// templates do, inline) and the example responses (highlighted); "bodies"
// renders the page bodies only, the floor of the earlier rounds.
func BenchmarkFloor(b *testing.B) {
	dir := benchSite(b)
	fsys := os.DirFS(dir)
	var problems diag.List
	var bodies [][]byte
	fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			src, _ := fs.ReadFile(fsys, p)
			if pg := page.Parse(p, src, &problems); pg != nil {
				bodies = append(bodies, pg.Body)
			}
		}
		return nil
	})
	cat := catalog.Load(fsys, &problems)
	var terms []markdown.Term
	for _, t := range cat.Terms {
		terms = append(terms, markdown.Term{Name: t.Term, URL: site.TermURL(t.ID)})
	}
	md := markdown.New(markdown.Config{Terms: terms})
	prose, examples := dataMarkdown(cat)

	// work is one text to render: a page body, inline prose or an example.
	type work struct {
		body   []byte
		inline string
		json   string
	}
	var all, pagesOnly []work
	for _, body := range bodies {
		pagesOnly = append(pagesOnly, work{body: body})
	}
	all = append(all, pagesOnly...)
	for _, s := range prose {
		all = append(all, work{inline: s})
	}
	for _, s := range examples {
		all = append(all, work{json: s})
	}
	for _, run := range []struct {
		name string
		work []work
	}{{"all", all}, {"bodies", pagesOnly}} {
		b.Run(run.name, func(b *testing.B) {
			for b.Loop() {
				var wg sync.WaitGroup
				next := make(chan work, 64)
				for range runtime.GOMAXPROCS(0) {
					wg.Go(func() {
						var code bytes.Buffer
						for w := range next {
							var err error
							switch {
							case w.body != nil:
								_, err = md.NewDoc().Render(w.body)
							case w.json != "":
								code.Reset()
								markdown.Highlight(&code, w.json, "json")
							default:
								_, err = md.NewDoc().Inline(w.inline)
							}
							if err != nil {
								b.Error(err)
							}
						}
					})
				}
				for _, w := range run.work {
					next <- w
				}
				close(next)
				wg.Wait()
			}
			b.ReportMetric(float64(len(run.work)), "texts")
		})
	}
}

// dataMarkdown returns every Markdown text of the data once, and the
// example response bodies.
func dataMarkdown(cat *catalog.Catalog) (prose, examples []string) {
	for _, text := range cat.Prose() {
		prose = append(prose, text)
	}
	for _, e := range cat.Errors {
		if e.Example != nil {
			examples = append(examples, e.Example.Body)
		}
	}
	return slices.DeleteFunc(prose, func(s string) bool { return s == "" }), examples
}
