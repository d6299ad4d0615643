// Package output holds a built site in memory, as a map from slash-separated
// path to bytes, and writes it to disk atomically: a failed or interrupted
// build never leaves a half-written output folder behind.
package output

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"errdocs/internal/par"
)

// Store is where a build puts its files: a Tree in memory (serve, tests,
// check) or a Dir streaming them to disk (build). Both are safe for
// concurrent use.
type Store interface {
	Add(path string, data []byte)
	Has(path string) bool
	Paths() []string
	Len() int
}

// Keeps reports whether s keeps the bytes given to Add (a Tree) rather
// than writing them out before Add returns (a Dir), after which the
// caller may reuse them.
func Keeps(s Store) bool {
	_, written := s.(*Dir)
	return !written
}

// AddAll adds every file of files to s: the thousands of search index
// and error contract files would otherwise be written one at a time at the
// end of a build. Folders are written on all CPUs, but each folder's files
// by one goroutine, in path order: creating a file holds its folder's
// lock, and on ext4 while it searches for a free inode; a second writer in
// the same folder only spins on the lock.
func AddAll(s Store, files map[string][]byte) {
	byFolder := map[string][]string{}
	for p := range files {
		f := path.Dir(p)
		byFolder[f] = append(byFolder[f], p)
	}
	folders := slices.Sorted(maps.Keys(byFolder))
	par.Each(len(folders), func(i int) {
		paths := byFolder[folders[i]]
		slices.Sort(paths)
		for _, p := range paths {
			s.Add(p, files[p])
		}
	})
}

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

// Remove removes the file at path, if any.
func (t *Tree) Remove(path string) {
	t.mu.Lock()
	delete(t.files, path)
	t.mu.Unlock()
}

// Has reports whether there is a file at path.
func (t *Tree) Has(path string) bool {
	_, ok := t.Get(path)
	return ok
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

// All returns the files, in no set order. The tree is locked while the
// loop runs: its body must not use the tree.
func (t *Tree) All() iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {
		t.mu.Lock()
		defer t.mu.Unlock()
		for p, b := range t.files {
			if !yield(p, b) {
				return
			}
		}
	}
}

// Paths returns every path, sorted.
func (t *Tree) Paths() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Sorted(maps.Keys(t.files))
}

// Len returns the number of files.
func (t *Tree) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.files)
}

// WriteDir writes the tree to dir, replacing its previous contents
// atomically: the files go to a temporary sibling folder first, which is
// swapped in only when every file is written. On error dir is untouched
// and the temporary folder is removed.
func WriteDir(t *Tree, dir string) error { return WriteDirContext(context.Background(), t, dir) }

// WriteDirContext is WriteDir, giving up when ctx is done (an interrupt)
// before the swap: then dir is untouched, the temporary folder removed,
// and the error is ctx's.
func WriteDirContext(ctx context.Context, t *Tree, dir string) error {
	d, err := NewDir(dir)
	if err != nil {
		return err
	}
	for _, p := range t.Paths() {
		if err := ctx.Err(); err != nil {
			d.Abort()
			return err
		}
		data, _ := t.Get(p)
		d.Add(p, data)
	}
	if err := ctx.Err(); err != nil {
		d.Abort()
		return err
	}
	return d.Commit()
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
// killed before it could clean up: those named as NewDir names them that
// errdocs made (they hold Marker) or that are empty.
func CleanStale(dir string) {
	dir = filepath.Clean(dir)
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-*"))
	for _, m := range matches {
		if strings.HasPrefix(filepath.Base(m), "."+filepath.Base(dir)+".tmp-") && ours(m) {
			os.RemoveAll(m)
		}
	}
}
