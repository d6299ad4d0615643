package diff

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"errdocs/internal/sitegen"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txt")

// TestCompare builds the two sites of each testdata/*.txt, the files
// under base/ and under head/ (each a site root, with the repository's
// theme), and compares the Markdown report with the archive's "want"
// section. Run with -update to rewrite them.
func TestCompare(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no test cases")
	}
	theme := os.DirFS("../..")
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sites := map[string]fstest.MapFS{"base": {}, "head": {}}
			want := ""
			for _, f := range ar.Files {
				side, name, _ := strings.Cut(f.Name, "/")
				switch {
				case f.Name == "want":
					want = string(f.Data)
				case sites[side] != nil:
					sites[side][name] = &fstest.MapFile{Data: f.Data}
				default:
					t.Fatalf("unknown section %q: want base/..., head/... or want", f.Name)
				}
			}
			builds := map[string]Build{}
			for side, src := range sites {
				res, err := sitegen.Build(sitegen.Config{Src: src, Theme: theme, SkipLock: true})
				if err != nil {
					t.Fatalf("building %s: %v", side, err)
				}
				if builds[side], err = FromResult(res); err != nil {
					t.Fatal(err)
				}
			}
			var b bytes.Buffer
			if err := Compare(builds["base"], builds["head"]).WriteMarkdown(&b, "`base`", "`head`"); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if *update {
				for i, f := range ar.Files {
					if f.Name == "want" {
						ar.Files = ar.Files[:i]
						break
					}
				}
				ar.Files = append(ar.Files, txtar.File{Name: "want", Data: []byte(got)})
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("report:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
