package output

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

// TestTreeFS checks the tree's file system with testing/fstest, which
// opens, reads, seeks and lists every file and folder it holds.
func TestTreeFS(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // every file
	}{
		{"empty", map[string]string{}, nil},
		{"one file", map[string]string{"index.html": "home"}, []string{"index.html"}},
		{"site", map[string]string{
			"index.html":              "<h1>home</h1>",
			"404.html":                "not found",
			"errors/index.html":       "errors",
			"errors/401/index.html":   "401",
			"errors/401.json":         `{"id":"401"}`,
			"errors/empty.txt":        "",
			"css/site.css":            "body{}",
			"css/site.0123456789.css": "body{}",
			"a/b/c/d/deep.txt":        "deep",
		}, []string{"404.html", "a/b/c/d/deep.txt", "css/site.0123456789.css", "css/site.css",
			"errors/401.json", "errors/401/index.html", "errors/empty.txt", "errors/index.html", "index.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := fstest.TestFS(tree(tt.files).FS(), tt.want...); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestTreeFSSnapshot: FS shows the tree as it was when FS was called.
func TestTreeFSSnapshot(t *testing.T) {
	tr := tree(map[string]string{"a.html": "old"})
	fsys := tr.FS()
	tr.Add("a.html", []byte("new"))
	tr.Add("b.html", []byte("added"))
	if b, err := fs.ReadFile(fsys, "a.html"); err != nil || string(b) != "old" {
		t.Errorf("a.html = %q, %v; want %q", b, err, "old")
	}
	if _, err := fs.Stat(fsys, "b.html"); err == nil {
		t.Errorf("b.html, added after FS, is in it")
	}
	for _, name := range []string{"/a.html", "../a.html", "a.html/", ""} {
		if _, err := fsys.Open(name); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", name)
		}
	}
}

// TestTreeFSServes: http.FileServer serves a page from the tree, as the
// browser tests do.
func TestTreeFSServes(t *testing.T) {
	srv := httptest.NewServer(http.FileServerFS(tree(map[string]string{"errors/401/index.html": "<p>401</p>"}).FS()))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/errors/401/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || string(body) != "<p>401</p>" {
		t.Errorf("GET /errors/401/: %s %q, want 200 %q", res.Status, body, "<p>401</p>")
	}
}
