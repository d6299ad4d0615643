package sitegen

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// memoFS is a file system that remembers what it read of another: each
// file's bytes and each folder's listing, until it is told that a path
// changed (forget). A Builder reads its site root through one, so a
// rebuild reads everything as a first build does, without a syscall for
// what did not change: the dev server's watcher says what did. What could
// not be read is not remembered.
type memoFS struct {
	fsys fs.FS

	mu    sync.Mutex
	files map[string]*memoFile
	dirs  map[string][]fs.DirEntry
	// gen counts the changes below each top-level folder ("data"); all
	// counts every change.
	gen map[string]int
	all int
}

type memoFile struct {
	info fs.FileInfo
	data []byte // nil for a folder
}

func newMemoFS(fsys fs.FS) *memoFS {
	return &memoFS{fsys: fsys, files: map[string]*memoFile{}, dirs: map[string][]fs.DirEntry{}, gen: map[string]int{}}
}

// generation returns a number that changes whenever something below the
// top-level folder top may have changed.
func (m *memoFS) generation(top string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.all + m.gen[top]
}

// forget drops what m remembers of the paths changed (slash-separated,
// relative to the root; files or folders, created, written or removed),
// of what is below them and of the listings of the folders above them;
// nil drops everything.
func (m *memoFS) forget(changed []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if changed == nil {
		clear(m.files)
		clear(m.dirs)
		m.all++
		return
	}
	for _, p := range changed {
		p = path.Clean(strings.TrimPrefix(p, "/"))
		if p == "." {
			clear(m.files)
			clear(m.dirs)
			m.all++
			return
		}
		top, _, _ := strings.Cut(p, "/")
		m.gen[top]++
		for _, memo := range []map[string]bool{keysBelow(m.files, p), keysBelow(m.dirs, p)} {
			for k := range memo {
				delete(m.files, k)
				delete(m.dirs, k)
			}
		}
		for d := path.Dir(p); ; d = path.Dir(d) {
			delete(m.dirs, d)
			delete(m.files, d)
			if d == "." {
				break
			}
		}
	}
}

// keysBelow returns the keys of m that are p or below it.
func keysBelow[V any](m map[string]V, p string) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		if k == p || strings.HasPrefix(k, p+"/") {
			out[k] = true
		}
	}
	return out
}

// Stat returns what the file system says of name, remembered.
func (m *memoFS) Stat(name string) (fs.FileInfo, error) {
	m.mu.Lock()
	f := m.files[name]
	m.mu.Unlock()
	if f != nil {
		return f.info, nil
	}
	info, err := fs.Stat(m.fsys, name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		m.mu.Lock()
		m.files[name] = &memoFile{info: info}
		m.mu.Unlock()
	}
	return info, nil
}

// ReadDir lists the folder name, remembered: a copy the caller may
// change.
func (m *memoFS) ReadDir(name string) ([]fs.DirEntry, error) {
	m.mu.Lock()
	es, ok := m.dirs[name]
	m.mu.Unlock()
	if ok {
		return slices.Clone(es), nil
	}
	es, err := fs.ReadDir(m.fsys, name)
	if err != nil {
		return es, err
	}
	m.mu.Lock()
	m.dirs[name] = slices.Clone(es)
	m.mu.Unlock()
	return es, nil
}

// Open opens name: a folder of the file system, or a file as remembered,
// read whole the first time.
func (m *memoFS) Open(name string) (fs.File, error) {
	m.mu.Lock()
	f := m.files[name]
	m.mu.Unlock()
	if f == nil || f.data == nil && !f.info.IsDir() {
		file, err := m.fsys.Open(name)
		if err != nil {
			return nil, err
		}
		info, err := file.Stat()
		if err != nil || info.IsDir() {
			return file, err
		}
		data, err := io.ReadAll(file)
		file.Close()
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		f = &memoFile{info: info, data: data}
		m.mu.Lock()
		m.files[name] = f
		m.mu.Unlock()
	}
	if f.info.IsDir() {
		return m.fsys.Open(name)
	}
	return &openMemo{Reader: bytes.NewReader(f.data), info: f.info}, nil
}

// openMemo is a remembered file, open.
type openMemo struct {
	*bytes.Reader
	info fs.FileInfo
}

func (o *openMemo) Stat() (fs.FileInfo, error) { return o.info, nil }
func (o *openMemo) Close() error               { return nil }

var _ interface {
	fs.ReadDirFS
	fs.StatFS
} = (*memoFS)(nil)
