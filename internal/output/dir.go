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
//
// The output folder is replaced only if errdocs made it (it holds Marker,
// which Dir writes into every folder it makes) or it is empty; NewDir and
// Commit refuse any other.
type Dir struct {
	dir, tmp string

	// gate is held for reading by every Add, and for writing by Abort and
	// Commit, which end the Dir: once one has run, Add writes nothing, so
	// that no file lands in the temporary folder after Abort removed it.
	gate sync.RWMutex
	done bool

	mu    sync.Mutex
	paths map[string]bool
	made  map[string]bool // folders created
	err   error           // the first write error
}

// NewDir starts writing the output folder dir. It fails when dir exists
// and may not be replaced (see Dir).
func NewDir(dir string) (*Dir, error) {
	dir = filepath.Clean(dir)
	if err := replaceable(dir); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return nil, err
	}
	err = os.Chmod(tmp, 0o755)
	if err == nil {
		err = os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Dir{dir: dir, tmp: tmp, paths: map[string]bool{}, made: map[string]bool{tmp: true}}, nil
}

// Add writes data to path below the temporary folder. A write error is
// kept and returned by Commit. After Abort or Commit it does nothing.
func (d *Dir) Add(path string, data []byte) {
	d.gate.RLock()
	defer d.gate.RUnlock()
	if d.done {
		return
	}
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
// earlier write error, or when the output folder may no longer be
// replaced, it aborts instead and returns the error. After Abort it
// returns an error and changes nothing.
func (d *Dir) Commit() error {
	d.gate.Lock()
	defer d.gate.Unlock()
	if d.done {
		return fmt.Errorf("%s: the build was aborted", d.dir)
	}
	d.done = true
	d.mu.Lock()
	err := d.err
	d.mu.Unlock()
	if err == nil {
		err = replaceable(d.dir)
	}
	if err == nil {
		err = swap(d.tmp, d.dir)
	}
	if err != nil {
		os.RemoveAll(d.tmp)
	}
	return err
}

// Abort removes the temporary folder, once every Add under way is done;
// the output folder stays as it was. It reports false when Commit ran
// first (the output folder is then the new one, or Commit failed), and
// does nothing then.
func (d *Dir) Abort() bool {
	d.gate.Lock()
	defer d.gate.Unlock()
	if d.done {
		return false
	}
	d.done = true
	os.RemoveAll(d.tmp)
	return true
}
