package output

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestCheckPlace refuses every output folder that would destroy or feed
// the site, by any name, and lets the others be.
func TestCheckPlace(t *testing.T) {
	tmp := t.TempDir()
	root := filepath.Join(tmp, "wrap", "site")
	for _, d := range []string{"content", "data", "static", "templates"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "data"), filepath.Join(tmp, "datalink")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(tmp, "sitelink")); err != nil {
		t.Fatal(err)
	}
	inputs := []string{"content", "data", "templates", "static"}
	tests := []struct {
		out  string
		want string // "" for no error, else a part of it
	}{
		{root, "is the site root"},
		{filepath.Join(tmp, "sitelink"), "is the site root"},
		{filepath.Join(root, "content", ".."), "is the site root"},
		{filepath.Join(tmp, "wrap"), "holds the site root"},
		{tmp, "holds the site root"},
		{"/", "holds the site root"},
		{filepath.Join(root, "data"), "is in data/"},
		{filepath.Join(root, "static", "build"), "is in static/"},
		{filepath.Join(root, "content", "new", "deeper"), "is in content/"},
		{filepath.Join(tmp, "datalink", "out"), "is in data/"},
		{filepath.Join(root, "templates"), "is in templates/"},
		{filepath.Join(root, "build"), ""},
		{filepath.Join(root, "static-build"), ""},
		{filepath.Join(tmp, "wrap", "build"), ""},
		{filepath.Join(tmp, "elsewhere", "out"), ""},
	}
	for _, tt := range tests {
		err := CheckPlace(tt.out, root, inputs)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckPlace(%s) = %v, want no error", tt.out, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckPlace(%s) = %v, want an error saying %q", tt.out, err, tt.want)
		}
	}
}

// TestReplacesOnlyOwn: a Dir replaces a folder it made or an empty one;
// it refuses any other, at NewDir and again at Commit, leaving it as it
// was and no temporary folder behind.
func TestReplacesOnlyOwn(t *testing.T) {
	write := func(out string) error {
		d, err := NewDir(out)
		if err != nil {
			return err
		}
		d.Add("index.html", []byte("new"))
		return d.Commit()
	}
	t.Run("not ours", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "docs")
		os.MkdirAll(filepath.Join(out, "notes"), 0o755)
		os.WriteFile(filepath.Join(out, "notes", "a.txt"), []byte("mine"), 0o644)
		before := snapshot(t, out)
		if err := write(out); err == nil || !strings.Contains(err.Error(), "was not made by errdocs") {
			t.Errorf("write = %v, want a refusal", err)
		}
		if got := snapshot(t, out); !equal(got, before) {
			t.Errorf("the folder changed: %v", got)
		}
		if s := siblings(t, out); len(s) > 0 {
			t.Errorf("left behind: %v", s)
		}
	})
	t.Run("a file", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "file")
		os.WriteFile(out, []byte("x"), 0o644)
		if err := write(out); err == nil {
			t.Error("write over a file: no error")
		}
	})
	t.Run("empty, then ours", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "empty")
		os.Mkdir(out, 0o755)
		for i := range 2 {
			if err := write(out); err != nil {
				t.Fatalf("write %d: %v", i, err)
			}
		}
		want := map[string]string{"/index.html": "new", "/" + Marker: markerText}
		if got := snapshot(t, out); !equal(got, want) {
			t.Errorf("output %v, want %v", got, want)
		}
	})
	t.Run("made foreign after NewDir", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "late")
		d, err := NewDir(out)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(out, 0o755)
		os.WriteFile(filepath.Join(out, "mine.txt"), []byte("mine"), 0o644)
		if err := d.Commit(); err == nil {
			t.Error("Commit over a foreign folder: no error")
		}
		if got := snapshot(t, out); len(got) != 1 || got["/mine.txt"] != "mine" {
			t.Errorf("the folder changed: %v", got)
		}
		if s := siblings(t, out); len(s) > 0 {
			t.Errorf("left behind: %v", s)
		}
	})
}

// TestAbortWhileWriting aborts a Dir while goroutines add files to it, as
// an interrupt does in the middle of a build: no temporary folder is left,
// however the writes and the removal interleave.
func TestAbortWhileWriting(t *testing.T) {
	for range 20 {
		out := filepath.Join(t.TempDir(), "build")
		d, err := NewDir(out)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				for i := range 200 {
					d.Add(filepath.ToSlash(filepath.Join("p", string(rune('a'+g)), strings.Repeat("x", i%7+1), "index.html")), []byte("x"))
				}
			})
		}
		if !d.Abort() {
			t.Fatal("Abort before Commit reported false")
		}
		wg.Wait()
		if s := siblings(t, out); len(s) > 0 {
			t.Fatalf("left behind: %v", s)
		}
		if err := d.Commit(); err == nil {
			t.Fatal("Commit after Abort: no error")
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatal("Commit after Abort made the output folder")
		}
	}
}
