// Package output holds a built site in memory, as a map from slash-separated
// path to bytes, and writes it to disk atomically: a failed or interrupted
// build never leaves a half-written output folder behind.
package output

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"testing/fstest"
)

// Tree is a set of output files. It is safe for concurrent use.
type Tree struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewTree returns an empty tree.
func NewTree() *Tree { return &Tree{files: map[string][]byte{}} }

// Add stores data at path ("errors/401/index.html"). A second Add to the
// same path replaces the first.
func (t *Tree) Add(path string, data []byte) {
	t.mu.Lock()
	t.files[path] = data
	t.mu.Unlock()
}

// Get returns the file at path.
func (t *Tree) Get(path string) ([]byte, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.files[path]
	return b, ok
}

// Clone returns a copy of t that shares the files' bytes, which must not
// be modified.
func (t *Tree) Clone() *Tree {
	t.mu.Lock()
	defer t.mu.Unlock()
	return &Tree{files: maps.Clone(t.files)}
}

// Paths returns every path, sorted.
func (t *Tree) Paths() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	ps := make([]string, 0, len(t.files))
	for p := range t.files {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// Len returns the number of files.
func (t *Tree) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.files)
}

// FS returns a read-only file system view of the tree.
func (t *Tree) FS() fs.FS {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := make(fstest.MapFS, len(t.files))
	for p, b := range t.files {
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return m
}

// WriteDir writes the tree to dir, replacing its previous contents
// atomically: the files go to a temporary sibling folder first, which is
// swapped in only when every file is written. On error dir is untouched
// and the temporary folder is removed.
func WriteDir(t *Tree, dir string) (err error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	made := map[string]bool{}
	for _, p := range t.Paths() {
		data, _ := t.Get(p)
		full := filepath.Join(tmp, filepath.FromSlash(p))
		if d := filepath.Dir(full); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
	}
	return swap(tmp, dir)
}

// swap moves tmp into place at dir, moving the old dir out of the way
// first and deleting it afterwards.
func swap(tmp, dir string) error {
	old := ""
	if info, err := os.Lstat(dir); err == nil {
		if !info.IsDir() {
			return fmt.Errorf("%s exists and is not a folder", dir)
		}
		old = fmt.Sprintf("%s.old-%d", tmp, time.Now().UnixNano())
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// CleanStale removes temporary folders left next to dir by a build that was
// killed before it could clean up.
func CleanStale(dir string) {
	dir = filepath.Clean(dir)
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-*"))
	for _, m := range matches {
		if strings.HasPrefix(filepath.Base(m), "."+filepath.Base(dir)+".tmp-") {
			os.RemoveAll(m)
		}
	}
}
