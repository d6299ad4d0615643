package output

import (
	"bytes"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"time"
)

// FS returns a read-only file system of the tree's files as they are now:
// later changes to the tree do not show in it. Its folders are those the
// paths imply; its files and folders have no modification time.
func (t *Tree) FS() fs.FS {
	t.mu.Lock()
	defer t.mu.Unlock()
	return newTreeFS(maps.Clone(t.files))
}

// treeFS is a snapshot of a Tree as an fs.FS.
type treeFS struct {
	files map[string][]byte
	dirs  map[string][]string // folder ("." for the root) -> names in it, sorted
}

func newTreeFS(files map[string][]byte) *treeFS {
	f := &treeFS{files: files, dirs: map[string][]string{".": nil}}
	for p := range files {
		// Add p to its folder, and each new folder to its parent.
		for dir, name := path.Dir(p), path.Base(p); ; dir, name = path.Dir(dir), path.Base(dir) {
			_, known := f.dirs[dir]
			f.dirs[dir] = append(f.dirs[dir], name)
			if known {
				break
			}
		}
	}
	for _, names := range f.dirs {
		slices.Sort(names)
	}
	return f
}

// Open opens the file or folder at name.
func (f *treeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := f.files[name]; ok {
		return &treeFile{Reader: bytes.NewReader(b), info: info{name: path.Base(name), size: int64(len(b))}}, nil
	}
	if names, ok := f.dirs[name]; ok {
		return &treeDir{fsys: f, path: name, names: names, info: info{name: path.Base(name), dir: true}}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// info describes a file or folder of a treeFS.
type info struct {
	name string
	size int64
	dir  bool
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.size }
func (i info) IsDir() bool        { return i.dir }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) Sys() any           { return nil }

func (i info) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

// treeFile is an open file: it reads, seeks (as http.FileServer needs)
// and reads at offsets.
type treeFile struct {
	*bytes.Reader
	info info
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Close() error               { return nil }

// treeDir is an open folder.
type treeDir struct {
	fsys  *treeFS
	path  string
	names []string // left to read
	info  info
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Close() error               { return nil }

func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.path, Err: fs.ErrInvalid}
}

// ReadDir returns the next n entries, or all that are left if n <= 0.
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n > 0 && len(d.names) == 0 {
		return nil, io.EOF
	}
	k := len(d.names)
	if n > 0 {
		k = min(n, k)
	}
	entries := make([]fs.DirEntry, k)
	for i, name := range d.names[:k] {
		p := path.Join(d.path, name)
		if b, ok := d.fsys.files[p]; ok {
			entries[i] = fs.FileInfoToDirEntry(info{name: name, size: int64(len(b))})
		} else {
			entries[i] = fs.FileInfoToDirEntry(info{name: name, dir: true})
		}
	}
	d.names = d.names[k:]
	return entries, nil
}
