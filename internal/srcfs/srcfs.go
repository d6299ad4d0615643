// Package srcfs is how errdocs reads a site: every read of a site root (and
// of the theme) goes through an FS of this package, which lets through
// only what a build may read.
//
//   - Regular files only: a device, a named pipe or a socket is refused
//     with an error naming it, before it is opened (opening a named pipe
//     waits for a writer; a device such as /dev/zero never ends).
//   - Size limits apply to what a file holds, not to a symlink's own size:
//     every read is capped (MaxFileSize, or the limit given to ReadFile),
//     and a file that grows while it is read is cut off with an error.
//   - Names starting with "." are not there: dot-files and dot-folders
//     (.git, .github, .DS_Store) are neither listed nor opened.
//   - A symlink that leads out of the root is refused with an error that
//     says so. The FS does not tell by itself: the caller gives it a file
//     system that refuses to leave the root, os.Root's (os.OpenRoot(dir).FS()),
//     and this package words its error. A symlink inside the root is read
//     as the file it names.
//
// The FS takes any fs.FS, so the tests read a fstest.MapFS the same way the
// command reads a folder.
package srcfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"errdocs/internal/diag"
)

// MaxFileSize is the most any file of a site may hold: a static file (an
// image, a PDF) included. Pages and data files have smaller limits of
// their own (see ReadFile).
const MaxFileSize = 64 << 20

// FS is a file system that reads only what a build may read; see the
// package doc.
type FS struct{ fsys fs.FS }

// New returns fsys as an FS. An FS is returned as it is.
func New(fsys fs.FS) *FS {
	if f, ok := fsys.(*FS); ok {
		return f
	}
	return &FS{fsys}
}

// ErrOutside is the error of reading a symlink that leads out of the site
// root.
var ErrOutside = errors.New("a symlink to a file outside the site root; the build reads only what is inside it")

// TooLargeError is the error of reading a file over a size limit.
type TooLargeError struct {
	Size, Limit int64 // Size is -1 when the file grew while it was read
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("file is over the %d byte limit", e.Limit)
	}
	return fmt.Sprintf("file is %d bytes, over the %d byte limit", e.Size, e.Limit)
}

// Open opens name, a regular file at most MaxFileSize long or a folder.
func (f *FS) Open(name string) (fs.File, error) { return f.open(name, MaxFileSize) }

func (f *FS) open(name string, limit int64) (fs.File, error) {
	if err := visible(name, "open"); err != nil {
		return nil, err
	}
	// Stat before opening: opening a named pipe would wait for a writer.
	info, err := fs.Stat(f.fsys, name)
	if err != nil {
		return nil, wordErr(err)
	}
	if err := check(name, info, limit); err != nil {
		return nil, err
	}
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, wordErr(err)
	}
	// The file may have been replaced between the two calls.
	if info, err = file.Stat(); err != nil || check(name, info, limit) != nil {
		file.Close()
		if err == nil {
			err = check(name, info, limit)
		}
		return nil, wordErr(err)
	}
	if info.IsDir() {
		return dir{file, f, name}, nil
	}
	return &capped{File: file, name: name, left: limit + 1, limit: limit}, nil
}

// check returns the error of reading a file with info: nil for a folder or
// a regular file within limit.
func check(name string, info fs.FileInfo, limit int64) error {
	m := info.Mode()
	if m.IsDir() {
		return nil
	}
	if !m.IsRegular() {
		return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%s, not a regular file; the build reads only regular files", kind(m))}
	}
	if info.Size() > limit {
		return &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: info.Size(), Limit: limit}}
	}
	return nil
}

// kind names what a file that is not regular is.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	}
	return "a special file"
}

// visible returns an fs.ErrNotExist error for a name below a dot-file or
// dot-folder, or one that is not a valid path.
func visible(name, op string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil
	}
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
	}
	return nil
}

// wordErr replaces os.Root's "path escapes from parent" with ErrOutside.
// os.Root does not export that error: its text is matched, and a test of
// this package (TestOSRoot) fails if a Go release changes it.
func wordErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil && pe.Err.Error() == "path escapes from parent" {
		return &fs.PathError{Op: pe.Op, Path: pe.Path, Err: ErrOutside}
	}
	return err
}

// Stat returns the FileInfo of name, following symlinks.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if err := visible(name, "stat"); err != nil {
		return nil, err
	}
	info, err := fs.Stat(f.fsys, name)
	return info, wordErr(err)
}

// ReadDir lists the folder name, without the names starting with ".".
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := visible(name, "readdir"); err != nil {
		return nil, err
	}
	es, err := fs.ReadDir(f.fsys, name)
	es = dropHidden(es)
	return es, wordErr(err)
}

func dropHidden(es []fs.DirEntry) []fs.DirEntry {
	out := es[:0]
	for _, e := range es {
		if !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e)
		}
	}
	return out
}

// ReadFile reads name, at most MaxFileSize bytes.
func (f *FS) ReadFile(name string) ([]byte, error) { return f.readFile(name, MaxFileSize) }

func (f *FS) readFile(name string, limit int64) ([]byte, error) {
	file, err := f.open(name, limit)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if _, isDir := file.(dir); isDir {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	size := int64(512)
	if info, err := file.Stat(); err == nil {
		size = info.Size() + 1 // and one to see the end
	}
	b := make([]byte, 0, size)
	for {
		n, err := file.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// ReadFile reads the regular file name of fsys, which must hold at most
// limit bytes (and at most MaxFileSize), through an FS.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	return New(fsys).readFile(name, min(limit, MaxFileSize))
}

// Check returns the error ReadFile would return for name before reading
// it: nil for a regular file of at most limit bytes (and MaxFileSize).
func Check(fsys fs.FS, name string, limit int64) error {
	info, err := New(fsys).Stat(name)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	return check(name, info, min(limit, MaxFileSize))
}

// capped is an open regular file that errs past its limit.
type capped struct {
	fs.File
	name        string
	left, limit int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, &fs.PathError{Op: "read", Path: c.name, Err: &TooLargeError{Size: -1, Limit: c.limit}}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.File.Read(p)
	c.left -= int64(n)
	if c.left <= 0 && n > 0 {
		return n - 1, &fs.PathError{Op: "read", Path: c.name, Err: &TooLargeError{Size: -1, Limit: c.limit}}
	}
	return n, err
}

// dir is an open folder whose listing leaves out hidden names.
type dir struct {
	fs.File
	f    *FS
	name string
}

func (d dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rd, ok := d.File.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: d.name, Err: errors.New("not implemented")}
	}
	for {
		es, err := rd.ReadDir(n)
		kept := dropHidden(es)
		if len(kept) > 0 || err != nil || n <= 0 {
			return kept, err
		}
	}
}

// Problem turns an error of reading file (a path from the site root) into
// a problem naming it: "content/x.md: a named pipe, not a regular file;
// ...". The error's own path may be below an fs.Sub; file is the one named.
func Problem(file string, err error) diag.Problem {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if file == "" {
			file = pe.Path
		}
		err = pe.Err
	}
	return diag.Problem{File: file, Msg: err.Error()}
}
