package catalog

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"errdocs/internal/diag"
	"errdocs/internal/yamlx"
)

// MaxFileSize is the largest data file read; a larger one is an error
// rather than a slow build.
const MaxFileSize = 1 << 20

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidID reports whether id is a valid id: lowercase letters and digits
// in runs joined by single hyphens.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Load reads every data file below data/ in fsys (the site root), checks
// ids and references, and returns the catalog. Every problem found is added
// to problems; the catalog holds what could be read.
func Load(fsys fs.FS, problems *diag.List) *Catalog {
	c := &Catalog{}
	readList(fsys, "data/platforms.yaml", &c.Platforms, problems)
	readList(fsys, "data/remedies.yaml", &c.Remedies, problems)
	readList(fsys, "data/causes.yaml", &c.Causes, problems)
	readList(fsys, "data/glossary.yaml", &c.Terms, problems)

	files, _ := fs.Glob(fsys, "data/errors/*")
	for _, file := range files {
		if strings.HasPrefix(path.Base(file), ".") {
			continue
		}
		if ext := path.Ext(file); ext != ".yaml" {
			if info, err := fs.Stat(fsys, file); err == nil && !info.IsDir() {
				problems.Add(diag.Problem{File: file, Msg: fmt.Sprintf("unexpected file in data/errors: want <id>.yaml, got %q", path.Base(file))})
			}
			continue
		}
		src, ok := readFile(fsys, file, problems)
		if !ok {
			continue
		}
		e := &Error{File: file}
		d := &yamlx.Decoder{File: file, Problems: problems}
		if !d.DecodeFile(src, e) {
			continue
		}
		c.Errors = append(c.Errors, e)
	}
	slices.SortFunc(c.Errors, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Status, b.Status), cmp.Compare(a.ID, b.ID))
	})
	c.index(problems)
	c.check(problems)
	return c
}

// readFile reads a file, enforcing MaxFileSize. A missing file is not a
// problem: every data file is optional.
func readFile(fsys fs.FS, file string, problems *diag.List) ([]byte, bool) {
	info, err := fs.Stat(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err == nil && info.Size() > MaxFileSize {
		problems.Add(diag.Problem{File: file, Msg: fmt.Sprintf("file is %d bytes, over the %d byte limit", info.Size(), MaxFileSize)})
		return nil, false
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		problems.Add(diag.Problem{File: file, Msg: err.Error()})
		return nil, false
	}
	return src, true
}

func readList[T any](fsys fs.FS, file string, list *[]*T, problems *diag.List) {
	src, ok := readFile(fsys, file, problems)
	if !ok {
		return
	}
	d := &yamlx.Decoder{File: file, Problems: problems}
	var items []*T
	if d.DecodeFile(src, &items) {
		*list = items
	}
}

// index builds the id maps and reports invalid and duplicate ids.
func (c *Catalog) index(problems *diag.List) {
	c.platformByID = indexBy(c.Platforms, "platform", func(p *Platform) (string, diag.Pos) { return p.ID, p.Pos }, problems)
	c.remedyByID = indexBy(c.Remedies, "remedy", func(r *Remedy) (string, diag.Pos) { return r.ID, r.Pos }, problems)
	c.causeByID = indexBy(c.Causes, "cause", func(x *Cause) (string, diag.Pos) { return x.ID, x.Pos }, problems)
	c.termByID = indexBy(c.Terms, "glossary term", func(t *Term) (string, diag.Pos) { return t.ID, t.Pos }, problems)
	c.errorByID = indexBy(c.Errors, "error", func(e *Error) (string, diag.Pos) { return e.ID, e.Pos }, problems)
}

func indexBy[T any](items []*T, kind string, key func(*T) (string, diag.Pos), problems *diag.List) map[string]*T {
	m := make(map[string]*T, len(items))
	first := map[string]diag.Pos{}
	for _, it := range items {
		id, pos := key(it)
		if !idPattern.MatchString(id) {
			problems.Addf(pos, "%s id %q: use lowercase letters, digits and single hyphens ([a-z0-9-]+)", kind, id)
		}
		if p, dup := first[id]; dup {
			problems.Addf(pos, "duplicate %s id %q (first defined at %s)", kind, id, p)
			continue
		}
		first[id] = pos
		m[id] = it
	}
	return m
}

// check reports what is wrong within and between entries.
func (c *Catalog) check(problems *diag.List) {
	for _, e := range c.Errors {
		if want := strings.TrimSuffix(path.Base(e.File), ".yaml"); e.ID != want {
			problems.Addf(e.Pos, "error id %q does not match its file name; want id: %q", e.ID, want)
		}
		if e.Status < 100 || e.Status > 599 {
			problems.Addf(e.Pos, "error %q: status %d is not an HTTP status code (100-599)", e.ID, e.Status)
		}
		if e.ID == "matrix" {
			problems.Addf(e.Pos, `error id "matrix" collides with the page /errors/matrix/`)
		}
		if e.Cause.ID != "" && c.Cause(e.Cause.ID) == nil {
			problems.Addf(e.Cause.Pos, "unknown cause %q%s", e.Cause.ID, didYouMean(e.Cause.ID, c.causeByID))
		}
		variants := map[string]bool{}
		for _, v := range e.Variants {
			if !idPattern.MatchString(v.ID) {
				problems.Addf(v.Pos, "variant id %q: use lowercase letters, digits and single hyphens ([a-z0-9-]+)", v.ID)
			}
			if variants[v.ID] {
				problems.Addf(v.Pos, "duplicate variant id %q in error %q", v.ID, e.ID)
			}
			variants[v.ID] = true
		}
		for _, s := range e.Remedies {
			if s.Remedy != "" && c.Remedy(s.Remedy) == nil {
				problems.Addf(s.Pos, "unknown remedy %q%s", s.Remedy, didYouMean(s.Remedy, c.remedyByID))
			}
		}
		for _, n := range e.Platforms {
			if c.Platform(n.Platform) == nil {
				problems.Addf(n.Pos, "unknown platform %q%s", n.Platform, didYouMean(n.Platform, c.platformByID))
			}
			if variants[n.Platform] {
				problems.Addf(n.Pos, "platform %q has the same id as a variant of error %q, so their anchors would clash", n.Platform, e.ID)
			}
		}
		for _, r := range e.Related {
			switch {
			case c.Error(r.ID) == nil:
				problems.Addf(r.Pos, "unknown related error %q%s", r.ID, didYouMean(r.ID, c.errorByID))
			case r.ID == e.ID:
				problems.Addf(r.Pos, "error %q lists itself as related", e.ID)
			}
		}
	}
}

// didYouMean returns `; did you mean "x"?` for the nearest key of m.
func didYouMean[T any](id string, m map[string]T) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	if near := yamlx.Nearest(id, keys); near != "" {
		return fmt.Sprintf("; did you mean %q?", near)
	}
	return ""
}
