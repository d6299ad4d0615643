package output

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot returns every file below dir with its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[strings.TrimPrefix(p, dir)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// siblings returns the names next to dir other than dir itself: temporary
// folders left behind.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if e.Name() != filepath.Base(dir) {
			out = append(out, e.Name())
		}
	}
	return out
}

func tree(files map[string]string) *Tree {
	t := NewTree()
	for p, s := range files {
		t.Add(p, []byte(s))
	}
	return t
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func TestWriteDirReplaces(t *testing.T) {
	out := filepath.Join(t.TempDir(), "build")
	if err := WriteDir(tree(map[string]string{"index.html": "one", "old.html": "old"}), out); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"/index.html": "two", "/errors/401/index.html": "401", "/" + Marker: markerText}
	if err := WriteDir(tree(map[string]string{"index.html": "two", "errors/401/index.html": "401"}), out); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, out); !equal(got, want) {
		t.Errorf("build/ holds %v, want %v", got, want)
	}
	if s := siblings(t, out); len(s) > 0 {
		t.Errorf("left behind: %v", s)
	}
}

// TestWriteDirFailsAtomically fails a write half-way (a file where a later
// file needs a folder) and by cancellation: the previous output stays
// byte-identical and no temporary folder is left.
func TestWriteDirFailsAtomically(t *testing.T) {
	prev := map[string]string{"index.html": "previous", "css/site.css": "body{}"}
	tests := []struct {
		name  string
		files map[string]string
		ctx   func() context.Context
	}{
		{
			name:  "write error mid-way",
			files: map[string]string{"a.html": "a", "b": "a file", "b/c.html": "needs b to be a folder", "z.html": "z"},
			ctx:   context.Background,
		},
		{
			name:  "interrupted",
			files: map[string]string{"a.html": "a", "z.html": "z"},
			ctx: func() context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "build")
			if err := WriteDir(tree(prev), out); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			if err := WriteDirContext(tt.ctx(), tree(tt.files), out); err == nil {
				t.Fatal("WriteDirContext succeeded, want an error")
			}
			if got := snapshot(t, out); !equal(got, before) {
				t.Errorf("build/ changed: %v, want %v", got, before)
			}
			if s := siblings(t, out); len(s) > 0 {
				t.Errorf("left behind: %v", s)
			}
		})
	}
}

// TestCleanStale removes the temporary folders a killed build left, and
// nothing else: not a folder of the same name pattern that errdocs did
// not make.
func TestCleanStale(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "build")
	for _, d := range []string{".build.tmp-123", ".build.tmp-456.old-789", ".build.tmp-empty", ".other.tmp-1", "keep", ".build.tmp-notours"} {
		if err := os.MkdirAll(filepath.Join(parent, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{".build.tmp-123/" + Marker, ".build.tmp-456.old-789/" + Marker, ".other.tmp-1/" + Marker, ".build.tmp-notours/notes.txt"} {
		if err := os.WriteFile(filepath.Join(parent, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	CleanStale(out)
	got := siblings(t, out)
	want := []string{".build.tmp-notours", ".other.tmp-1", "keep"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("after CleanStale: %v, want %v", got, want)
	}
}
