package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Dir streams a build's files to a temporary folder beside the output
// folder as they are made, so a build never holds the whole site in
// memory, and swaps it in with Commit. Abort, or an error, leaves the
// previous output folder untouched and removes the temporary one.
type Dir struct {
	dir, tmp string

	mu    sync.Mutex
	paths map[string]bool
	made  map[string]bool // folders created
	err   error           // the first write error
}

// NewDir starts writing the output folder dir.
func NewDir(dir string) (*Dir, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Dir{dir: dir, tmp: tmp, paths: map[string]bool{}, made: map[string]bool{tmp: true}}, nil
}

// Add writes data to path below the temporary folder. A write error is
// kept and returned by Commit.
func (d *Dir) Add(path string, data []byte) {
	full := filepath.Join(d.tmp, filepath.FromSlash(path))
	folder := filepath.Dir(full)
	d.mu.Lock()
	d.paths[path] = true
	made := d.made[folder]
	d.mu.Unlock()
	var err error
	if !made {
		if err = d.mkdir(folder); err == nil {
			d.mu.Lock()
			for f := folder; !d.made[f] && f != filepath.Dir(f); f = filepath.Dir(f) {
				d.made[f] = true // and its parents, which MkdirAll made
			}
			d.mu.Unlock()
		}
	}
	if err == nil {
		err = os.WriteFile(full, data, 0o644)
	}
	if err != nil {
		d.mu.Lock()
		if d.err == nil {
			d.err = fmt.Errorf("writing %s: %w", path, err)
		}
		d.mu.Unlock()
	}
}

// mkdir makes folder. When its parent is known to exist it makes just
// the folder: MkdirAll would first stat it and its parent, and on some
// file systems each of those calls costs as much as writing a page.
func (d *Dir) mkdir(folder string) error {
	d.mu.Lock()
	parentMade := d.made[filepath.Dir(folder)]
	d.mu.Unlock()
	if parentMade {
		if err := os.Mkdir(folder, 0o755); err == nil || errors.Is(err, fs.ErrExist) {
			return nil
		}
	}
	return os.MkdirAll(folder, 0o755)
}

// Has reports whether a file was written at path.
func (d *Dir) Has(path string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.paths[path]
}

// Paths returns every path written, sorted.
func (d *Dir) Paths() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Sorted(maps.Keys(d.paths))
}

// Len returns the number of files written.
func (d *Dir) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.paths)
}

// Commit swaps the written folder in place of the output folder. After an
// earlier write error it aborts instead and returns that error.
func (d *Dir) Commit() error {
	d.mu.Lock()
	err := d.err
	d.mu.Unlock()
	if err == nil {
		err = swap(d.tmp, d.dir)
	}
	if err != nil {
		d.Abort()
	}
	return err
}

// Abort removes the temporary folder; the output folder stays as it was.
func (d *Dir) Abort() { os.RemoveAll(d.tmp) }
