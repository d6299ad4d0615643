package publish_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"errdocs/internal/diag"
	"errdocs/internal/publish"
	"errdocs/internal/sitegen"
)

// repoRoot is the seed site and the default theme.
const repoRoot = "../.."

// buildFS builds a site root with the default theme.
func buildFS(t *testing.T, src fstest.MapFS, drafts bool, pub publish.Config) (*sitegen.Result, error) {
	t.Helper()
	return sitegen.Build(sitegen.Config{
		Src: src, Theme: os.DirFS(repoRoot), BaseURL: "https://docs.example.com/",
		Drafts: drafts, Publish: pub,
	})
}

// TestSites builds each testdata/sites/*.txtar. An archive holds a site
// root and what to expect: "want-problems" (every problem of the failed
// build, one a line), "want-warnings", or "want/<path>" (a built file,
// byte for byte). Lines of its comment set options: "drafts", "strict".
func TestSites(t *testing.T) {
	files, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test sites")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts := strings.Fields(string(ar.Comment))
			src := fstest.MapFS{}
			want := map[string]string{}
			for _, f := range ar.Files {
				if f.Name == "want-problems" || f.Name == "want-warnings" || strings.HasPrefix(f.Name, "want/") {
					want[f.Name] = string(f.Data)
					continue
				}
				src[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			res, err := buildFS(t, src, slices.Contains(opts, "drafts"), publish.Config{Strict: slices.Contains(opts, "strict")})

			var problems diag.List
			if err != nil && !errors.As(err, &problems) {
				t.Fatalf("build: %v", err)
			}
			if got, w := lines(problems), want["want-problems"]; got != w {
				t.Errorf("problems:\n%s\nwant:\n%s", got, w)
			}
			if res == nil {
				return
			}
			if got, w := lines(res.Warnings), want["want-warnings"]; got != w {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, w)
			}
			for name, w := range want {
				p, ok := strings.CutPrefix(name, "want/")
				if !ok {
					continue
				}
				got, ok := res.Tree.Get(p)
				if !ok {
					t.Errorf("%s was not built", p)
				} else if !bytes.Equal(got, []byte(w)) {
					t.Errorf("%s:\n%s\nwant:\n%s", p, got, w)
				}
			}
		})
	}
}

func lines(l diag.List) string {
	var b strings.Builder
	for _, p := range l {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}
