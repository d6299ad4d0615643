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

	"gopkg.in/yaml.v3"

	"errdocs/internal/diag"
	"errdocs/internal/par"
	"errdocs/internal/schema"
	"errdocs/internal/srcfs"
	"errdocs/internal/yamlx"
)

// MaxFileSize is the largest data file read; a larger one is an error
// rather than a slow build.
const MaxFileSize = 1 << 20

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Config says how to load a catalog.
type Config struct {
	// Schemas validates every data file against its JSON Schema (see
	// SchemaFor); nil validates none.
	Schemas *schema.Set
	// Parse, when not nil, makes an error file of its bytes in place of
	// ParseErrorFile with Schemas: the dev server keeps the files of its
	// last build and parses again only those whose bytes changed. It is
	// called on several goroutines at once.
	Parse func(file string, src []byte) *ErrorFile
}

// ErrorFile is one error file parsed, validated against its schema and
// decoded, with the problems found doing so.
type ErrorFile struct {
	Src            []byte
	Error          *Error // nil when the file does not parse
	Problems       diag.List
	SchemaProblems diag.List
}

// ParseErrorFile parses src, the bytes of the error file file, validates
// it against its schema in schemas (if not nil) and decodes it. The Error
// it holds is not changed by a Load that uses it.
func ParseErrorFile(file string, src []byte, schemas *schema.Set) *ErrorFile {
	ef := &ErrorFile{Src: src}
	checkSchemaComment(file, src, &ef.Problems)
	d := &yamlx.Decoder{File: file, Problems: &ef.Problems}
	if n := d.ParseFile(src); n != nil {
		ef.SchemaProblems = schemas.Validate(SchemaFor(file), file, 0, n)
		ef.Error = &Error{File: file}
		d.Decode(n, ef.Error)
	}
	return ef
}

// ValidID reports whether id is a valid id: lowercase letters and digits
// in runs joined by single hyphens.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Load reads every data file below data/ in fsys (the site root), checks
// ids and references, and returns the catalog. Every problem found is added
// to problems; the catalog holds what could be read.
func Load(fsys fs.FS, problems *diag.List) *Catalog { return LoadWith(fsys, Config{}, problems) }

// LoadWith is Load, validating each file against cfg.Schemas too.
func LoadWith(fsys fs.FS, cfg Config, problems *diag.List) *Catalog {
	c := &Catalog{Sources: map[string][]byte{}, broken: map[string]bool{}}
	l := &loader{fsys: fsys, cfg: cfg, c: c, problems: problems}
	readList(l, "data/platforms.yaml", "platform", &c.Platforms)
	readList(l, "data/remedies.yaml", "remedy", &c.Remedies)
	readList(l, "data/causes.yaml", "cause", &c.Causes)
	readList(l, "data/glossary.yaml", "term", &c.Terms)
	checkDataDir(fsys, problems)

	files, _ := fs.Glob(fsys, "data/errors/*")
	var yamls []string
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
		yamls = append(yamls, file)
	}
	for i, ef := range l.readErrors(yamls) {
		e := l.addError(yamls[i], ef)
		if e == nil {
			c.broken["error:"+strings.TrimSuffix(path.Base(yamls[i]), ".yaml")] = true
			continue
		}
		c.Errors = append(c.Errors, e)
	}
	slices.SortFunc(c.Errors, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Status, b.Status), cmp.Compare(a.ID, b.ID))
	})
	c.index(problems)
	c.check(problems)
	c.checkAliases(problems)
	c.checkAnchors(problems)
	c.checkLifecycle(problems)
	l.addSchemaProblems()
	return c
}

// knownDataFiles are the files data/ may hold besides the errors/ and schema/
// folders; openapi.yaml or openapi.json is the API description that error
// coverage is checked against (package publish).
var knownDataFiles = []string{"causes.yaml", "glossary.yaml", "openapi.json", "openapi.yaml", "platforms.yaml", "remedies.yaml"}

// checkDataDir reports a file in data/ that is none of the data files: a
// misspelt "platform.yaml" would otherwise be ignored.
func checkDataDir(fsys fs.FS, problems *diag.List) {
	entries, _ := fs.ReadDir(fsys, "data")
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || slices.Contains(knownDataFiles, name) ||
			e.IsDir() && (name == "errors" || name == "schema") {
			continue
		}
		msg := fmt.Sprintf("unexpected file in data: want one of %s, or the folders errors/ and schema/", strings.Join(knownDataFiles, ", "))
		if e.IsDir() {
			msg = "unexpected folder in data: want errors/ or schema/"
		}
		if near := yamlx.Nearest(name, append(slices.Clone(knownDataFiles), "errors", "schema")); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		}
		problems.Add(diag.Problem{File: path.Join("data", name), Msg: msg})
	}
}

// SchemaFor names the schema of a data file in data/schema:
// "data/errors/401.yaml" -> "error.schema.json".
func SchemaFor(file string) string {
	if path.Dir(file) == "data/errors" {
		return "error.schema.json"
	}
	return strings.TrimSuffix(path.Base(file), ".yaml") + ".schema.json"
}

// loader reads the files of one catalog.
type loader struct {
	fsys     fs.FS
	cfg      Config
	c        *Catalog
	problems *diag.List
	// schemaProblems are held back until every other check has run:
	// those at a position already reported are dropped.
	schemaProblems diag.List
}

// errorFile is one error file as read and decoded.
type errorFile struct {
	problems diag.List  // reading it
	ef       *ErrorFile // nil when it could not be read
}

// readErrors reads, parses, validates and decodes the error files on all
// CPUs (a site may have thousands). It touches nothing shared: addError
// then takes the results in order.
func (l *loader) readErrors(files []string) []errorFile {
	out := make([]errorFile, len(files))
	par.Each(len(files), func(i int) { out[i] = l.readError(files[i]) })
	return out
}

func (l *loader) readError(file string) errorFile {
	var rf errorFile
	src, ok := readFile(l.fsys, file, &rf.problems)
	if !ok {
		return rf
	}
	if l.cfg.Parse != nil {
		rf.ef = l.cfg.Parse(file, src)
	} else {
		rf.ef = ParseErrorFile(file, src, l.cfg.Schemas)
	}
	return rf
}

// addError adds one error file's source and problems to the catalog being
// loaded and returns its error; nil if it cannot be read or parsed.
func (l *loader) addError(file string, rf errorFile) *Error {
	*l.problems = append(*l.problems, rf.problems...)
	if rf.ef == nil {
		return nil
	}
	l.c.Sources[file] = rf.ef.Src
	*l.problems = append(*l.problems, rf.ef.Problems...)
	l.schemaProblems = append(l.schemaProblems, rf.ef.SchemaProblems...)
	return rf.ef.Error
}

// parse reads and parses file, validates it against its schema, and
// returns its top node and a decoder for it; nil if it is missing or
// cannot be parsed.
func (l *loader) parse(file string) (*yaml.Node, *yamlx.Decoder) {
	src, ok := readFile(l.fsys, file, l.problems)
	if !ok {
		return nil, nil
	}
	l.c.Sources[file] = src
	checkSchemaComment(file, src, l.problems)
	d := &yamlx.Decoder{File: file, Problems: l.problems}
	n := d.ParseFile(src)
	if n == nil {
		return nil, nil
	}
	l.schemaProblems = append(l.schemaProblems, l.cfg.Schemas.Validate(SchemaFor(file), file, 0, n)...)
	return n, d
}

// addSchemaProblems adds the schema problems at positions where nothing
// else was reported: the decoder and the catalog checks say the same
// things in more specific words.
func (l *loader) addSchemaProblems() {
	seen := map[diag.Pos]bool{}
	for _, p := range *l.problems {
		seen[diag.Pos{File: p.File, Line: p.Line, Col: p.Col}] = true
	}
	for _, p := range l.schemaProblems {
		if !seen[diag.Pos{File: p.File, Line: p.Line, Col: p.Col}] {
			l.problems.Add(p)
		}
	}
}

var schemaComment = regexp.MustCompile(`^#\s*yaml-language-server:\s*\$schema=(\S+)`)

// checkSchemaComment checks that a "# yaml-language-server: $schema=..."
// comment among the first comment lines names the schema the build
// validates the file against, so that editors and the build agree.
func checkSchemaComment(file string, src []byte, problems *diag.List) {
	want := path.Join(schema.Dir, SchemaFor(file))
	for i, line := range strings.SplitN(string(src), "\n", 20) {
		line = strings.TrimRight(line, "\r")
		if !strings.HasPrefix(line, "#") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return
		}
		m := schemaComment.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		ref := line[m[2]:m[3]]
		got := ref
		if !strings.Contains(ref, "://") {
			got = path.Join(path.Dir(file), ref)
		}
		if got != want && !strings.HasSuffix(ref, "/"+SchemaFor(file)) {
			problems.Addf(diag.Pos{File: file, Line: i + 1, Col: m[2] + 1},
				"$schema names %s, but this file is checked against %s", ref, want)
		}
		return
	}
}

// readFile reads a file: a regular file of at most MaxFileSize bytes (see
// srcfs). A missing file is not a problem: every data file is optional.
func readFile(fsys fs.FS, file string, problems *diag.List) ([]byte, bool) {
	src, err := srcfs.ReadFile(fsys, file, MaxFileSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		problems.Add(srcfs.Problem(file, err))
		return nil, false
	}
	return src, true
}

// readList reads a list of entries. When the file cannot be parsed at all,
// references to its kind are not reported too.
func readList[T any](l *loader, file, kind string, list *[]*T) {
	n, d := l.parse(file)
	if n == nil {
		if _, err := fs.Stat(l.fsys, file); !errors.Is(err, fs.ErrNotExist) {
			l.c.broken[kind+":*"] = true
		}
		return
	}
	d.Decode(n, list)
}

// index builds the id maps and reports invalid and duplicate ids.
func (c *Catalog) index(problems *diag.List) {
	c.platformByID = indexBy(c.Platforms, "platform", func(p *Platform) (string, diag.Pos) { return p.ID, p.IDPos }, problems)
	c.remedyByID = indexBy(c.Remedies, "remedy", func(r *Remedy) (string, diag.Pos) { return r.ID, r.IDPos }, problems)
	c.causeByID = indexBy(c.Causes, "cause", func(x *Cause) (string, diag.Pos) { return x.ID, x.IDPos }, problems)
	c.termByID = indexBy(c.Terms, "glossary term", func(t *Term) (string, diag.Pos) { return t.ID, t.IDPos }, problems)
	// An error whose id is not its file name is reported as such, not as
	// a duplicate of the error it was probably copied from.
	named := make([]*Error, 0, len(c.Errors))
	for _, e := range c.Errors {
		if e.ID == strings.TrimSuffix(path.Base(e.File), ".yaml") {
			named = append(named, e)
		}
	}
	c.errorByID = indexBy(named, "error", func(e *Error) (string, diag.Pos) { return e.ID, e.IDPos }, problems)
}

func indexBy[T any](items []*T, kind string, key func(*T) (string, diag.Pos), problems *diag.List) map[string]*T {
	m := make(map[string]*T, len(items))
	first := map[string]diag.Pos{}
	for _, it := range items {
		id, pos := key(it)
		if id == "" {
			continue // missing or empty: reported by the decoder
		}
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
		if want := strings.TrimSuffix(path.Base(e.File), ".yaml"); e.ID != want && e.ID != "" {
			problems.Addf(e.IDPos, "error id %q does not match its file name; want id: %q", e.ID, want)
		}
		if (e.Status < 100 || e.Status > 599) && e.StatusPos.Line > 0 { // decoded
			problems.Addf(e.StatusPos, "error %q: status %d is not an HTTP status code (100-599)", e.ID, e.Status)
		}
		if e.ID == "matrix" {
			problems.Addf(e.IDPos, `error id "matrix" collides with the page /errors/matrix/`)
		}
		if e.Cause.ID != "" && c.Cause(e.Cause.ID) == nil && !c.broken["cause:*"] {
			problems.Addf(e.Cause.Pos, "unknown cause %q%s", e.Cause.ID, didYouMean(e.Cause.ID, c.causeByID))
		}
		for _, v := range e.Variants {
			if v.ID != "" && !idPattern.MatchString(v.ID) {
				problems.Addf(v.IDPos, "variant id %q: use lowercase letters, digits and single hyphens ([a-z0-9-]+)", v.ID)
			}
		}
		for _, s := range e.Remedies {
			if s.Remedy != "" && c.Remedy(s.Remedy) == nil && !c.broken["remedy:*"] {
				problems.Addf(s.Pos, "unknown remedy %q%s", s.Remedy, didYouMean(s.Remedy, c.remedyByID))
			}
		}
		for _, n := range e.Platforms {
			if c.Platform(n.Platform) == nil && !c.broken["platform:*"] {
				problems.Addf(n.Pos, "unknown platform %q%s", n.Platform, didYouMean(n.Platform, c.platformByID))
			}
		}
		for _, r := range e.Related {
			switch {
			case c.Error(r.ID) == nil && c.broken["error:"+r.ID]:
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
