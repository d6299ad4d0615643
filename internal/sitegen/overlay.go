package sitegen

import (
	"errors"
	"io/fs"
	"slices"
)

// overlay is a file system whose files come from the first layer that has
// them: the site's own templates/ and static/ over the theme's. Directory
// listings merge every layer. A file a layer has but cannot give (it is
// unreadable, or not a regular file) is that error: the theme's file of
// the same name does not silently stand in for the site's.
type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	var firstErr error
	for _, l := range o {
		if l == nil {
			continue
		}
		f, err := l.Open(name)
		if err == nil {
			info, serr := f.Stat()
			if serr == nil && info.IsDir() {
				f.Close()
				break // a directory: merged by ReadDir
			}
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if _, err := o.ReadDir(name); err == nil {
		for _, l := range o {
			if l == nil {
				continue
			}
			if f, err := l.Open(name); err == nil {
				return f, nil
			}
		}
	}
	if firstErr == nil {
		firstErr = &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return nil, firstErr
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	seen := map[string]bool{}
	found := false
	for _, l := range o {
		if l == nil {
			continue
		}
		es, err := fs.ReadDir(l, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		found = true
		for _, e := range es {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		if a.Name() < b.Name() {
			return -1
		}
		if a.Name() > b.Name() {
			return 1
		}
		return 0
	})
	return out, nil
}
