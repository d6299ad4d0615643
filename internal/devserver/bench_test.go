package devserver

import (
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
// debounce, the time from writing a page to the new bytes being served:
// the page is written in place, as an editor does, and polled over HTTP
// every millisecond. It reports the median and the slowest edit, and how
// long after each edit the server was done with it (ms-done-median: the
// whole build, search index and checks included). The next edit is made
// once the server is done, so each edit is measured on its own.
//
// The site is the repository's own, or the one $ERRDOCS_BENCH_SITE names,
// e.g. one made by bench/gen.py --pages 10000 --errors 5000:
//
//	ERRDOCS_BENCH_SITE=/tmp/c10k go test -run - -bench EditToServed -benchtime 10x ./internal/devserver
func BenchmarkEditToServed(b *testing.B) {
	var dir, file string
	if src := os.Getenv("ERRDOCS_BENCH_SITE"); src != "" {
		dir = b.TempDir()
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
		file = firstGuide(b, dir)
	} else {
		dir = newSite(b)
		file = "content/support.md"
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
	url := "http://" + ln.Addr().String() + page.URLOf(file)
	orig, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		b.Fatal(err)
	}
	poll := *client
	poll.Timeout = 5 * time.Second

	var took, done []time.Duration
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("Edit number %d.", i)
		rebuilt := s.rebuilt.Load()
		t0 := time.Now()
		if err := os.WriteFile(filepath.Join(dir, file), fmt.Appendf(slices.Clip(orig), "\n%s\n", marker), 0o644); err != nil {
			b.Fatal(err)
		}
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
			if time.Since(t0) > 30*time.Second {
				b.Fatalf("%s: edit not served after 30s", url)
			}
			time.Sleep(time.Millisecond)
		}
		took = append(took, time.Since(t0))
		b.StopTimer()
		for s.rebuilt.Load() == rebuilt {
			time.Sleep(time.Millisecond)
		}
		done = append(done, time.Since(t0))
		time.Sleep(100 * time.Millisecond) // let the next edit be a burst of its own
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
