package linkcheck_test

import (
	"os"
	"runtime"
	"sync"
	"testing"

	"errdocs/internal/benchcorpus"
	"errdocs/internal/linkcheck"
	"errdocs/internal/render"
	"errdocs/internal/sitegen"
)

// builtSite is a rendered site, as the link checker is fed it: the
// configuration, every page with its HTML and sources, and every file.
type builtSite struct {
	cfg   linkcheck.Config
	pages []builtPage
	files []string
	bytes int64 // of HTML
}

type builtPage struct {
	url  string
	html []byte
	src  linkcheck.SourceInfo
}

// buildSite renders the site at dir in memory with the repository's theme.
func buildSite(b *testing.B, dir string) *builtSite {
	b.Helper()
	res, err := sitegen.Build(sitegen.Config{Src: os.DirFS(dir), Theme: os.DirFS("../.."), BaseURL: "https://docs.example.com/"})
	if err != nil {
		b.Fatal(err)
	}
	s := &builtSite{cfg: linkcheck.Config{BaseURL: "https://docs.example.com/", Redirects: map[string]string{}}}
	for _, r := range res.Site.Redirects() {
		s.cfg.Redirects[r.From] = r.To
	}
	for f, text := range res.Site.Catalog.Sources {
		s.cfg.Sources = append(s.cfg.Sources, linkcheck.Source{File: f, Text: text})
	}
	for _, p := range res.Site.Pages {
		html, ok := res.Tree.Get(render.OutputPath(p.URL))
		if !ok {
			b.Fatalf("no output for %s", p.URL)
		}
		s.pages = append(s.pages, builtPage{url: p.URL, html: html, src: sitegen.SourceInfo(res.Site, p)})
		s.bytes += int64(len(html))
	}
	s.files = res.Tree.Paths()
	return s
}

var (
	seedOnce, corpusOnce sync.Once
	seedSite, corpusSite *builtSite
)

// BenchmarkChecker feeds every page of a rendered site to a fresh Checker
// and checks it, as a build does: on the seed site and on the benchmark
// corpus. "add" is AddPage alone; "check" is AddPage, SetFiles, Check and
// Published. retained-B/op is the heap the Checker holds once done.
func BenchmarkChecker(b *testing.B) {
	b.Run("seed", func(b *testing.B) {
		seedOnce.Do(func() { seedSite = buildSite(b, "../..") })
		benchChecker(b, seedSite)
	})
	b.Run("corpus", func(b *testing.B) {
		corpusOnce.Do(func() { corpusSite = buildSite(b, benchcorpus.Dir(b)) })
		if corpusSite == nil {
			b.Skip("no corpus")
		}
		benchChecker(b, corpusSite)
	})
}

func benchChecker(b *testing.B, s *builtSite) {
	b.Run("add", func(b *testing.B) {
		b.SetBytes(s.bytes)
		b.ReportAllocs()
		for b.Loop() {
			c := linkcheck.New(s.cfg)
			for _, p := range s.pages {
				c.AddPage(p.url, p.html, p.src)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		b.SetBytes(s.bytes)
		b.ReportAllocs()
		var c *linkcheck.Checker
		for b.Loop() {
			c = linkcheck.New(s.cfg)
			for _, p := range s.pages {
				c.AddPage(p.url, p.html, p.src)
			}
			c.SetFiles(s.files)
			if ps := c.Check(); len(ps) > 0 {
				b.Fatal(ps)
			}
			c.Published()
		}
		b.ReportMetric(float64(retained(&c)), "retained-B/op")
	})
}

// retained returns how many bytes of heap *c holds: what is freed when
// *c is dropped. It sets *c to nil.
func retained(c **linkcheck.Checker) uint64 {
	// Two collections each: the first moves what sync.Pools hold to their
	// victim caches, the second frees it.
	var with, without runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&with)
	*c = nil
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&without)
	if with.HeapAlloc < without.HeapAlloc {
		return 0
	}
	return with.HeapAlloc - without.HeapAlloc
}
