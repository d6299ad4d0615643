package sitegen

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"errdocs/internal/output"
	"errdocs/internal/publish"
)

// benchCopy copies the benchmark corpus (see benchSite) to a temporary
// folder the benchmark may edit.
func benchCopy(b *testing.B) string {
	src := benchSite(b)
	dir := b.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	return dir
}

// serveConfig is the Config errdocs serve builds with: that of build.
func serveConfig(dir string) Config {
	return Config{Src: os.DirFS(dir), Theme: repoTheme, Publish: publish.Config{Minify: true}}
}

// firstGuide returns a published guide page of the corpus.
func firstGuide(b *testing.B, dir string) string {
	var found string
	fs.WalkDir(os.DirFS(dir), "content/guides", func(p string, d fs.DirEntry, err error) error {
		if found == "" && err == nil && !d.IsDir() && filepath.Base(p) != "_index.md" {
			found = p
		}
		return nil
	})
	if found == "" {
		b.Fatal("no guide page in content/guides")
	}
	return found
}

// BenchmarkBuilder measures rebuilds after one edit of each kind, on the
// benchmark corpus (see benchSite):
//
//	ERRDOCS_BENCH_SITE=/tmp/c10k go test -run - -bench Builder -benchtime 5x ./internal/sitegen
func BenchmarkBuilder(b *testing.B) {
	dir := benchCopy(b)
	builder := NewBuilder(serveConfig(dir))
	t0 := time.Now()
	if _, st, err := builder.Build(nil); err != nil {
		b.Fatal(err)
	} else {
		b.Logf("first (full) build: %v, %d pages", time.Since(t0).Round(time.Millisecond), st.Pages)
	}
	guide := firstGuide(b, dir)
	edits := []struct {
		name, file string
		edit       func(src []byte, i int) []byte
	}{
		{"guide-body", guide, func(src []byte, i int) []byte { return fmt.Appendf(src, "\nEdit %d.\n", i) }},
		{"guide-title", guide, func(src []byte, i int) []byte {
			return bytes.Replace(src, []byte("title: "), fmt.Appendf(nil, "title: %d ", i), 1)
		}},
		{"error-yaml", "data/errors/401.yaml", func(src []byte, i int) []byte {
			return bytes.Replace(src, []byte("summary: "), fmt.Appendf(nil, "summary: Edit %d. ", i), 1)
		}},
		{"error-title", "data/errors/401.yaml", func(src []byte, i int) []byte {
			return bytes.Replace(src, []byte("title: "), fmt.Appendf(nil, "title: Edit %d ", i), 1)
		}},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			orig, err := os.ReadFile(filepath.Join(dir, e.file))
			if err != nil {
				b.Fatal(err)
			}
			defer os.WriteFile(filepath.Join(dir, e.file), orig, 0o644)
			rendered := 0
			var early []time.Duration
			for i := 0; b.Loop(); i++ {
				if err := os.WriteFile(filepath.Join(dir, e.file), e.edit(slices.Clip(orig), i), 0o644); err != nil {
					b.Fatal(err)
				}
				_, st, err := builder.BuildEarly([]string{e.file}, func(*output.Tree, []string) {})
				if err != nil {
					b.Fatal(err)
				}
				rendered = st.Rendered
				early = append(early, st.Early)
			}
			slices.Sort(early)
			b.ReportMetric(float64(rendered), "pages-rendered")
			// When the edited pages (and /errors/) were ready for a preview.
			b.ReportMetric(float64(early[len(early)/2].Microseconds())/1000, "ms-early-median")
		})
	}
}

// BenchmarkBuilderFull measures a full build.
func BenchmarkBuilderFull(b *testing.B) {
	dir := benchCopy(b)
	builder := NewBuilder(serveConfig(dir))
	for b.Loop() {
		if _, _, err := builder.Build(nil); err != nil {
			b.Fatal(err)
		}
	}
}
