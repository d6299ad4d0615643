package srcfs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// TestOSRoot reads a folder through os.Root, as the command does: every
// kind of file a hostile site could hold.
func TestOSRoot(t *testing.T) {
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	write := func(name, s string) {
		t.Helper()
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(site, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	write("outside.md", "secret")
	write("site/content/page.md", "page")
	write("site/shared/big.md", strings.Repeat("x", 2000))
	write("site/static/.git/config", "[remote]")
	write("site/static/.htaccess", "deny")
	link("../../outside.md", "content/out.md")
	link("/dev/zero", "content/zero.md")
	link("../shared/big.md", "content/big.md")
	link("page.md", "content/alias.md")
	if err := syscall.Mkfifo(filepath.Join(site, "content/pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(site)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := root.FS()

	tests := []struct {
		name  string
		limit int64
		want  string // the data, or "error: " and the problem
	}{
		{"content/page.md", 100, "page"},
		{"content/alias.md", 100, "page"}, // a symlink inside the root
		{"content/out.md", 100, "error: content/out.md: a symlink to a file outside the site root; the build reads only what is inside it"},
		{"content/zero.md", 100, "error: content/zero.md: a symlink to a file outside the site root; the build reads only what is inside it"},
		{"content/pipe.md", 100, "error: content/pipe.md: a named pipe, not a regular file; the build reads only regular files"},
		// The limit is on the file, not on the symlink's few bytes.
		{"content/big.md", 1000, "error: content/big.md: file is 2000 bytes, over the 1000 byte limit"},
		{"static/.git/config", 100, "error: static/.git/config: file does not exist"},
		{"static/.htaccess", 100, "error: static/.htaccess: file does not exist"},
	}
	for _, tt := range tests {
		b, err := ReadFile(fsys, tt.name, tt.limit)
		got := string(b)
		if err != nil {
			got = "error: " + Problem(tt.name, err).String()
		}
		if got != tt.want {
			t.Errorf("ReadFile(%s) = %q, want %q", tt.name, got, tt.want)
		}
		if cerr := Check(fsys, tt.name, tt.limit); (cerr != nil) != (err != nil) {
			t.Errorf("Check(%s) = %v, ReadFile's error %v", tt.name, cerr, err)
		}
	}

	// Opened through an FS (as fs.ReadFile and html/template do), the pipe
	// is refused too, and dot names are not listed.
	if _, err := fs.ReadFile(New(fsys), "content/pipe.md"); err == nil {
		t.Error("fs.ReadFile of a named pipe: no error")
	}
	var found []string
	fs.WalkDir(New(fsys), "static", func(p string, d fs.DirEntry, err error) error {
		found = append(found, p)
		return nil
	})
	if strings.Join(found, " ") != "static" {
		t.Errorf("the walk of static/ found %q, want only static itself", found)
	}
}

// growing is a file system whose one file says it is small but goes on.
type growing struct{}

func (growing) Open(name string) (fs.File, error) {
	return &growingFile{}, nil
}

type growingFile struct{ n int }

func (f *growingFile) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"f": {Data: []byte("x")}}.Stat("f")
}
func (f *growingFile) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	f.n += len(p)
	return len(p), nil
}
func (f *growingFile) Close() error { return nil }

// TestGrowing: a file that grows while it is read (its size, checked
// first, was small) is cut off at the limit.
func TestGrowing(t *testing.T) {
	_, err := ReadFile(growing{}, "f", 4096)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Limit != 4096 {
		t.Errorf("ReadFile of a growing file: %v, want over the 4096 byte limit", err)
	}
	f, err := New(growing{}).Open("f")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, f)
	if !errors.As(err, &tl) || n > MaxFileSize+1 {
		t.Errorf("reading a growing file: %d bytes, %v; want at most MaxFileSize and an error", n, err)
	}
}

// TestMapFS: the tests' MapFS reads as a folder does.
func TestMapFS(t *testing.T) {
	m := fstest.MapFS{
		"content/a.md":      {Data: []byte("a")},
		"content/.hidden":   {Data: []byte("h")},
		"content/.dir/x.md": {Data: []byte("x")},
	}
	es, err := fs.ReadDir(New(m), "content")
	if err != nil || len(es) != 1 || es[0].Name() != "a.md" {
		t.Errorf("ReadDir = %v, %v; want a.md only", es, err)
	}
	if b, err := ReadFile(m, "content/a.md", 10); err != nil || !bytes.Equal(b, []byte("a")) {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
	if _, err := ReadFile(m, "content", 10); err == nil {
		t.Error("ReadFile of a folder: no error")
	}
}
