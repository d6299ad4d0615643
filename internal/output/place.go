package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file a Dir puts in every output folder it makes, so that a
// later build knows the folder is its own to replace: errdocs replaces only
// a folder holding it, or an empty one. It is not one of the build's files
// (Paths, sitemaps and link checks never see it); a host that publishes
// the folder as it is serves it at /.errdocs-output, which says no more
// than its text below. Its bytes are always the same, so the output stays
// deterministic.
const Marker = ".errdocs-output"

// markerText is what Marker holds.
const markerText = "This folder is the output of errdocs build, which replaces it on the next build.\n" +
	"Remove this file to keep errdocs from replacing the folder.\n"

// CheckPlace returns an error when the output folder out would destroy or
// feed the site it is built from: when it is the site root, a folder
// holding the site root, or a folder at or inside one of inputs, the
// folders below root that the build reads (content, data, ...). Symlinks
// are followed, so another name for the same folder is caught too.
func CheckPlace(out, root string, inputs []string) error {
	o, err := resolve(out)
	if err != nil {
		return err
	}
	r, err := resolve(root)
	if err != nil {
		return err
	}
	suggest := filepath.Join(root, "build")
	switch {
	case o == r:
		return fmt.Errorf("--out %s is the site root: the build would replace it and all it holds (%s) with the site it builds; choose a folder of its own, such as %s",
			out, strings.Join(slashed(inputs), ", "), suggest)
	case within(r, o):
		return fmt.Errorf("--out %s holds the site root %s: the build would replace the site; choose a folder of its own, such as %s", out, root, suggest)
	}
	for _, in := range inputs {
		i, err := resolve(filepath.Join(root, in))
		if err != nil {
			return err
		}
		if o == i || within(o, i) {
			return fmt.Errorf("--out %s is in %s/, which the build reads: it would replace that input or read its own output; choose a folder outside it, such as %s",
				out, in, suggest)
		}
	}
	return nil
}

func slashed(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + "/"
	}
	return out
}

// within reports whether the clean absolute path p is below dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolve returns p absolute, with the symlinks of the part of it that
// exists followed.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for cur := abs; ; cur = filepath.Dir(cur) {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if cur == filepath.Dir(cur) {
			return abs, nil
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
	}
}

// replaceable returns nil when dir may be replaced by a build: it does not
// exist, is an empty folder, or is a folder holding Marker.
func replaceable(dir string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a folder; errdocs replaces only a folder it made, or an empty one", dir)
	}
	if ours(dir) {
		return nil
	}
	return fmt.Errorf("%s is not empty and was not made by errdocs (it has no %s file); errdocs replaces only a folder it made, or an empty one: empty or remove it, or choose another --out",
		dir, Marker)
}

// ours reports whether dir is a folder errdocs made (it holds Marker) or an
// empty one.
func ours(dir string) bool {
	if info, err := os.Lstat(filepath.Join(dir, Marker)); err == nil && info.Mode().IsRegular() {
		return true
	}
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	return len(names) == 0 && errors.Is(err, io.EOF)
}
