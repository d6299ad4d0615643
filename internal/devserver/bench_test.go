package devserver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"errdocs/internal/page"
)

// BenchmarkEditToServed measures, on a running server with the default
// debounce, the time from writing a file to the new bytes being served,
// for four kinds of edit: a page's body, a page's title (which its
// section's pages show too), an error's summary, and an error's title,
// timed until both the error's page and /errors/ show it. The file is written in place, as an editor does, and the
// page polled over HTTP every millisecond. It reports the median and the
// slowest edit, and how long after each edit the server was done with it
// (ms-done-median: the whole build, search index and checks included).
// The next edit is made once the server is done, so each edit is
// measured on its own.
//
// The site is the repository's own, or the one $ERRDOCS_BENCH_SITE names,
// e.g. one made by bench/gen.py --pages 10000 --errors 5000:
//
//	ERRDOCS_BENCH_SITE=/tmp/c10k go test -run - -bench EditToServed -benchtime 10x ./internal/devserver
func BenchmarkEditToServed(b *testing.B) {
	var dir, guide string
	if src := os.Getenv("ERRDOCS_BENCH_SITE"); src != "" {
		dir = b.TempDir()
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
		guide = firstGuide(b, dir)
	} else {
		dir = newSite(b)
		guide = "content/support.md"
	}
	t0 := time.Now()
	s, ln, w, err := start(Config{Dir: dir, Site: siteConfig("")})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first build of %s: %v, %d files", dir, time.Since(t0).Round(time.Millisecond), s.cur.Load().tree.Len())
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- s.serve(ctx, ln, w) }()
	defer func() {
		cancel()
		<-stopped
	}()
	base := "http://" + ln.Addr().String()
	edits := []struct {
		name, file string
		urls       []string
		edit       func(src []byte, marker string) []byte
	}{
		{"body", guide, []string{page.URLOf(guide)}, func(src []byte, marker string) []byte {
			return fmt.Appendf(src, "\n%s\n", marker)
		}},
		{"title", guide, []string{page.URLOf(guide)}, func(src []byte, marker string) []byte {
			return bytes.Replace(src, []byte("title: "), []byte("title: "+marker+" "), 1)
		}},
		{"error", "data/errors/401.yaml", []string{"/errors/401/"}, func(src []byte, marker string) []byte {
			return bytes.Replace(src, []byte("summary: "), []byte("summary: "+marker+" "), 1)
		}},
		{"error-title", "data/errors/401.yaml", []string{"/errors/401/", "/errors/"}, func(src []byte, marker string) []byte {
			return bytes.Replace(src, []byte("title: "), []byte("title: "+marker+" "), 1)
		}},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			orig, err := os.ReadFile(filepath.Join(dir, e.file))
			if err != nil {
				b.Fatal(err)
			}
			defer os.WriteFile(filepath.Join(dir, e.file), orig, 0o644)
			var urls []string
			for _, u := range e.urls {
				urls = append(urls, base+u)
			}
			editToServed(b, s, urls, filepath.Join(dir, e.file), func(marker string) []byte {
				return e.edit(slices.Clip(orig), marker)
			})
		})
	}
}

// editToServed writes file with each edit in turn and waits until every
// one of urls shows it.
func editToServed(b *testing.B, s *Server, urls []string, file string, edit func(marker string) []byte) {
	poll := *client
	poll.Timeout = 5 * time.Second
	var took, done []time.Duration
	waitIdle(s) // after the last benchmark's edits and their undoing
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("Edit%dx%d", b.N, i)
		started := s.rebuilds.Load()
		t0 := time.Now()
		if err := os.WriteFile(file, edit(marker), 0o644); err != nil {
			b.Fatal(err)
		}
		for _, url := range urls {
			for {
				resp, err := poll.Get(url)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if strings.Contains(string(body), marker) {
					break
				}
				if time.Since(t0) > 60*time.Second {
					b.Fatalf("%s: edit not served after 60s", url)
				}
				time.Sleep(time.Millisecond)
			}
		}
		took = append(took, time.Since(t0))
		b.StopTimer()
		for s.rebuilds.Load() == started || s.rebuilt.Load() != s.rebuilds.Load() {
			time.Sleep(time.Millisecond)
		}
		done = append(done, time.Since(t0))
		waitIdle(s) // let the next edit be a burst of its own
		b.StartTimer()
	}
	slices.Sort(took)
	slices.Sort(done)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "ms-max")
	b.ReportMetric(float64(done[len(done)/2].Microseconds())/1000, "ms-done-median")
	b.Logf("edit to served, %d edits of %s: %v", len(took), file, took)
	b.Logf("edit to done: %v", done)
}

// waitIdle waits until the server has had no change to rebuild for a
// while.
func waitIdle(s *Server) {
	for {
		n := s.rebuilds.Load()
		time.Sleep(200 * time.Millisecond) // longer than the debounce
		if s.rebuilds.Load() == n && s.rebuilt.Load() == n {
			return
		}
	}
}

// firstGuide returns a published page below content/guides of a corpus.
func firstGuide(b *testing.B, dir string) string {
	var found string
	fs.WalkDir(os.DirFS(dir), "content/guides", func(p string, d fs.DirEntry, err error) error {
		if found != "" || err != nil || d.IsDir() || path.Base(p) == "_index.md" {
			return nil
		}
		src, _ := os.ReadFile(filepath.Join(dir, p))
		if !strings.Contains(string(src), "\ndraft: true") {
			found = p
		}
		return nil
	})
	if found == "" {
		b.Fatal("no published page below content/guides")
	}
	return found
}
