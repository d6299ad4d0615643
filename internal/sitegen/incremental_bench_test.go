package sitegen

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// benchSite copies the site root named by $ERRDOCS_BENCH_SRC (a corpus made
// by bench/gen.py) to a temporary folder, or skips the benchmark.
func benchSite(b *testing.B) string {
	src := os.Getenv("ERRDOCS_BENCH_SRC")
	if src == "" {
		b.Skip("set ERRDOCS_BENCH_SRC to a site root, e.g. one made by gen.py --pages 10000 --errors 5000")
	}
	dir := b.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	return dir
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

// BenchmarkBuilderGuideEdit measures a rebuild after an edit to the body
// of one guide page; BenchmarkBuilderFull a full build of the same site.
func BenchmarkBuilderGuideEdit(b *testing.B) {
	dir := benchSite(b)
	builder := NewBuilder(Config{Src: os.DirFS(dir), Theme: os.DirFS("../..")})
	if _, _, err := builder.Build(nil); err != nil {
		b.Fatal(err)
	}
	guide := firstGuide(b, dir)
	orig, err := os.ReadFile(filepath.Join(dir, guide))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		if err := os.WriteFile(filepath.Join(dir, guide), fmt.Appendf(orig, "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		_, st, err := builder.Build([]string{guide})
		if err != nil {
			b.Fatal(err)
		}
		if st.Rendered != 1 {
			b.Fatalf("rendered %d pages, want 1", st.Rendered)
		}
	}
}

func BenchmarkBuilderFull(b *testing.B) {
	dir := benchSite(b)
	builder := NewBuilder(Config{Src: os.DirFS(dir), Theme: os.DirFS("../..")})
	for b.Loop() {
		if _, _, err := builder.Build(nil); err != nil {
			b.Fatal(err)
		}
	}
}
