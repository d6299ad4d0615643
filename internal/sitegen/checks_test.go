package sitegen_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"errdocs/internal/diag"
	"errdocs/internal/sitegen"
)

// updateChecks reports whether -update was given (the flag is defined by
// the package's internal tests, which share this test binary): it rewrites
// the want sections of testdata/bad/*.txt with what the build reports.
func updateChecks() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// checksTheme is what main.go embeds: the repository's templates/, static/
// and data/schema/.
func checksTheme(t testing.TB) fstest.MapFS {
	t.Helper()
	theme := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, dir := range []string{"templates", "static", "data/schema"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, p)
			theme[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return theme
}

// problemsOf returns the build's problems as main prints them, one per
// line; "" for a build without problems.
func problemsOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("Build returned %T, want a diag.List: %v", err, err)
	}
	return list.Error() + "\n"
}

// TestBadInput builds each site of testdata/bad/*.txt: the files of the
// archive are the site root, and its "want" file the exact problems, one
// "file:line:col: message" a line. Run with -update to rewrite them.
//
// The site is written to a temporary folder and read through os.Root, as
// the command reads it. Besides plain files an archive may hold
//
//	-- symlink content/x.md --   a symlink; its text is the target
//	-- fifo content/x.md --      a named pipe
//	-- outside/x.md --           a file beside the site root, not in it
//	                             (a symlink reaches it as ../outside/x.md
//	                             from the root)
func TestBadInput(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 25 {
		t.Fatalf("found %d cases in testdata/bad, want at least 25", len(files))
	}
	theme := checksTheme(t)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, hasWant := "", false
			for _, f := range ar.Files {
				if f.Name == "want" {
					want, hasWant = string(f.Data), true
				}
			}
			src := writeArchive(t, ar)
			_, err = sitegen.Build(sitegen.Config{Src: src, Theme: theme})
			got := problemsOf(t, err)
			// serve's Builder reports the same.
			_, _, berr := sitegen.NewBuilder(sitegen.Config{Src: src, Theme: theme}).Build(nil)
			if b := problemsOf(t, berr); b != got {
				t.Errorf("the Builder reports\n%s\nBuild reports\n%s", b, got)
			}
			if updateChecks() {
				writeWant(t, file, ar, got)
				return
			}
			if !hasWant {
				t.Fatalf("%s has no want section; run go test -run TestBadInput -update", file)
			}
			if got == "" {
				t.Fatalf("the build reported no problems, want\n%s", want)
			}
			if got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// writeArchive writes the site of ar (see TestBadInput) to a temporary
// folder and returns its root's file system, as os.OpenRoot gives it.
func writeArchive(t *testing.T, ar *txtar.Archive) fs.FS {
	t.Helper()
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		kind, name, special := strings.Cut(f.Name, " ")
		if !special {
			kind, name = "file", f.Name
		}
		if name == "want" {
			continue
		}
		dst := filepath.Join(site, filepath.FromSlash(name))
		if rest, ok := strings.CutPrefix(name, "outside/"); ok {
			dst = filepath.Join(tmp, "outside", filepath.FromSlash(rest))
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch kind {
		case "file":
			err = os.WriteFile(dst, f.Data, 0o644)
		case "symlink":
			err = os.Symlink(strings.TrimSpace(string(f.Data)), dst)
		case "fifo":
			err = syscall.Mkfifo(dst, 0o644)
		default:
			t.Fatalf("unknown archive entry %q", f.Name)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root.FS()
}

func writeWant(t *testing.T, file string, ar *txtar.Archive, got string) {
	t.Helper()
	files := ar.Files[:0]
	for _, f := range ar.Files {
		if f.Name != "want" {
			files = append(files, f)
		}
	}
	ar.Files = append(files, txtar.File{Name: "want", Data: []byte(got)})
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSizeCaps checks the limits that keep a build fast on hostile input:
// too large to put in a txtar file.
func TestSizeCaps(t *testing.T) {
	big := func(n int) []byte { return bytes.Repeat([]byte("x"), n) }
	page := func(body []byte) []byte {
		return append([]byte("---\ntitle: Big\n---\n\nSome text.\n\n"), body...)
	}
	code := append(append([]byte("```json\n"), bytes.Repeat([]byte("{\"a\": [1, 2, 3]}\n"), 5000)...), "```\n"...)
	tests := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{
			name:  "page over MaxPageSize",
			files: map[string][]byte{"content/big.md": page(big(sitegen.MaxPageSize))},
			want:  "content/big.md: file is 1048608 bytes, over the 1048576 byte limit\n",
		},
		{
			name:  "data file over MaxFileSize",
			files: map[string][]byte{"data/remedies.yaml": append([]byte("# "), big(1<<20)...)},
			want:  "data/remedies.yaml: file is 1048578 bytes, over the 1048576 byte limit\n",
		},
		{
			name:  "code block over the highlighting cap",
			files: map[string][]byte{"content/big.md": page(code)},
			want:  "content/big.md:7:1: code block of 85000 bytes is over the 65536 byte limit for highlighting; shorten it or link to a file\n",
		},
		{
			name:  "Markdown too complex to parse quickly",
			files: map[string][]byte{"content/big.md": page(bytes.Repeat([]byte("[a]("), 20000))},
			want:  "content/big.md:7:1: Markdown too complex to render quickly: a block of 80000 bytes with 60000 link, emphasis, list or quote markers; split it into shorter paragraphs or use less markup\n",
		},
		{
			name: "example body over the schema's maxLength",
			files: map[string][]byte{"data/errors/400.yaml": append([]byte("id: \"400\"\nstatus: 400\ntitle: Bad Request\nexample:\n  body: "),
				big(70000)...)},
			want: "data/errors/400.yaml:5:9: 70000 characters, over the limit of 65536 (error.schema.json)\n",
		},
	}
	theme := checksTheme(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fstest.MapFS{}
			for name, b := range tt.files {
				src[name] = &fstest.MapFile{Data: b}
			}
			_, err := sitegen.Build(sitegen.Config{Src: src, Theme: theme})
			if got := problemsOf(t, err); got != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// repoSite returns the CMO site at the repository root, its content/,
// data/ and anchors.lock, in memory: a test may change it.
func repoSite(t *testing.T) fstest.MapFS {
	t.Helper()
	root := os.DirFS("../..")
	src := fstest.MapFS{}
	for _, dir := range []string{"content", "data"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, p)
			src[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	lock, err := fs.ReadFile(root, "anchors.lock")
	if err != nil {
		t.Fatal(err)
	}
	src["anchors.lock"] = &fstest.MapFile{Data: lock}
	return src
}

// TestRepoSiteChecks builds the CMO site at the repository root: every
// check passes, its anchors.lock included, and the anchors support links
// to are published.
func TestRepoSiteChecks(t *testing.T) {
	res, err := sitegen.Build(sitegen.Config{Src: repoSite(t), Theme: checksTheme(t)})
	if err != nil {
		t.Fatalf("the CMO site has problems:\n%s", problemsOf(t, err))
	}
	for _, want := range []string{"/errors/#401", "/errors/#400-missing-or-malformed-parameter", "/errors/401/#401-tmus", "/glossary/#access-token"} {
		found := false
		for _, e := range res.Published() {
			found = found || e == want
		}
		if !found {
			t.Errorf("published entries lack %s", want)
		}
	}
}
