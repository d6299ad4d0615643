// Package schema validates YAML data files against JSON Schemas (draft-07),
// the same schemas editors use for completion and inline errors, and
// reports each violation at the line and column of the YAML node it
// concerns.
//
// The schemas of a site live in data/schema/<name>.schema.json. A site
// without its own data/schema gets the defaults of the theme (errdocs
// embeds the repository's data/schema), file by file, so a site may
// override a single schema.
//
// # What the schema owns
//
// The data files are decoded into Go structs by package yamlx, which already
// reports syntax errors, anchors and aliases, second documents, unknown keys,
// missing required keys and values of the wrong kind. The schemas say the
// same things (editors need them), so a schema problem at a position where
// the decoder or the catalog checks already reported one is dropped (see
// Dedupe): each mistake is reported once, in the decoder's words. What only
// the schema says, it reports: id patterns, the status range, lengths,
// unique items, enumerations, and anything a site adds to its own schemas.
//
// A schema "type": "string" accepts any scalar, as the decoder does (`id:
// 401` reads as the string "401"); editors are stricter and suggest quotes.
package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"

	"errdocs/internal/diag"
	"errdocs/internal/srcfs"
	"errdocs/internal/yamlx"
)

var printer = message.NewPrinter(language.English)

// Dir is the folder of the schemas below the site root.
const Dir = "data/schema"

// Set is a site's compiled schemas, by file name ("error.schema.json").
// A nil *Set validates nothing.
type Set struct {
	schemas map[string]*jsonschema.Schema
}

// base is the made-up URL the schemas are known by while compiling; it
// is never fetched.
const base = "file:///" + Dir + "/"

// Load compiles every *.schema.json in dir of fsys. A schema that is not
// valid JSON, or not a valid schema, is reported and left out.
func Load(fsys fs.FS, problems *diag.List) *Set {
	s := &Set{schemas: map[string]*jsonschema.Schema{}}
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			problems.Add(diag.Problem{File: Dir, Msg: err.Error()})
		}
		return s
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.UseLoader(noLoader{})
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".schema.json") {
			continue
		}
		file := path.Join(Dir, name)
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			problems.Add(srcfs.Problem(file, err))
			continue
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
		if err != nil {
			problems.Add(jsonProblem(file, src, err))
			continue
		}
		if err := c.AddResource(base+name, doc); err != nil {
			problems.Add(diag.Problem{File: file, Msg: err.Error()})
			continue
		}
		names = append(names, name)
	}
	for _, name := range names {
		sch, err := c.Compile(base + name)
		if err != nil {
			msg := strings.ReplaceAll(err.Error(), base, "")
			problems.Add(diag.Problem{File: path.Join(Dir, name), Msg: "invalid schema: " + msg})
			continue
		}
		s.schemas[name] = sch
	}
	return s
}

// noLoader refuses to load schemas from anywhere: every schema a $ref may
// name is in data/schema and added up front.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s is not in %s", strings.TrimPrefix(url, base), Dir)
}

// jsonProblem places a JSON syntax error at its line and column.
func jsonProblem(file string, src []byte, err error) diag.Problem {
	p := diag.Problem{File: file, Msg: "invalid JSON: " + strings.TrimPrefix(err.Error(), "invalid character")}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		p.Msg = "invalid JSON: " + se.Error()
		off := int(min(se.Offset, int64(len(src))))
		before := src[:off]
		p.Line = bytes.Count(before, []byte("\n")) + 1
		p.Col = off - bytes.LastIndexByte(before, '\n')
	}
	return p
}

// Has reports whether the set has the named schema.
func (s *Set) Has(name string) bool { return s != nil && s.schemas[name] != nil }

// Validate checks n, the top node of file, against the named schema and
// returns every violation at its node; lineOffset is added to each line.
// It returns nothing if the set has no such schema.
func (s *Set) Validate(name, file string, lineOffset int, n *yaml.Node) diag.List {
	if !s.Has(name) {
		return nil
	}
	err := s.schemas[name].Validate(toJSON(n))
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	v := &validation{file: file, lineOffset: lineOffset, root: n, schema: name, unknown: map[*yaml.Node][]string{}}
	v.walk(ve)
	v.addMissing()
	return v.problems.Sort()
}

type validation struct {
	file       string
	lineOffset int
	root       *yaml.Node
	schema     string
	problems   diag.List
	unknown    map[*yaml.Node][]string // mapping -> its keys the schema does not allow
	missing    []missing
}

// missing is a required key not in a mapping.
type missing struct {
	n   *yaml.Node
	key string
}

// addMissing reports the missing required keys, except one for which the
// mapping has a misspelling: the unknown key says "did you mean" already.
func (v *validation) addMissing() {
	for _, m := range v.missing {
		misspelt := false
		for _, k := range v.unknown[m.n] {
			misspelt = misspelt || yamlx.Nearest(k, []string{m.key}) == m.key
		}
		if !misspelt {
			v.add(m.n, fmt.Sprintf("missing required key %q", m.key))
		}
	}
}

func (v *validation) add(n *yaml.Node, msg string) {
	v.problems.Add(diag.Problem{File: v.file, Line: n.Line + v.lineOffset, Col: n.Column,
		Msg: msg + " (" + v.schema + ")"})
}

// walk reports the leaves of the error tree: the errors that say what is
// wrong rather than grouping others.
func (v *validation) walk(e *jsonschema.ValidationError) {
	switch k := e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		v.alternatives(e)
		return
	case *kind.Type:
		if tolerated(k) {
			return
		}
	case *kind.Required:
		n := v.node(e.InstanceLocation)
		for _, key := range k.Missing {
			v.missing = append(v.missing, missing{n, key})
		}
		return
	case *kind.AdditionalProperties:
		n := v.node(e.InstanceLocation)
		v.unknown[n] = append(v.unknown[n], k.Properties...)
		for _, p := range k.Properties {
			v.add(keyNode(n, p), fmt.Sprintf("unknown key %q", p))
		}
		return
	case *kind.PropertyNames:
		n := keyNode(v.node(e.InstanceLocation), k.Property)
		if n.Kind != yaml.ScalarNode || n.Value != k.Property {
			// The validator's instance location for this kind is not
			// always the mapping's (it can show a sibling's path), so
			// fall back to the first key of that name in the document.
			if kn := findKey(v.root, k.Property); kn != nil {
				n = kn
			}
		}
		for _, msg := range leafMessages(e) {
			v.add(n, fmt.Sprintf("key %q: %s", k.Property, msg))
		}
		return
	}
	if len(e.Causes) == 0 {
		v.add(v.node(e.InstanceLocation), describeError(e))
		return
	}
	for _, c := range e.Causes {
		v.walk(c)
	}
}

// alternatives reports a failed anyOf/oneOf. When all but one alternative
// fail only because the value has another type, the value was meant as
// that one, and its own errors are what to report; when every alternative
// wants another type, the type is what is wrong.
func (v *validation) alternatives(e *jsonschema.ValidationError) {
	var typed []*jsonschema.ValidationError
	var want []string
	for _, c := range e.Causes {
		if t, ok := typeMismatch(c, e.InstanceLocation); ok {
			want = append(want, t.Want...)
			continue
		}
		typed = append(typed, c)
	}
	switch {
	case len(typed) == 1:
		v.walk(typed[0])
	case len(typed) == 0 && len(want) > 0:
		slices.Sort(want)
		want = slices.Compact(want)
		n := v.node(e.InstanceLocation)
		v.add(n, fmt.Sprintf("want %s, got %s", strings.Join(want, " or "), yamlx.Describe(n)))
	default:
		v.add(v.node(e.InstanceLocation), describeError(e))
	}
}

// typeMismatch reports whether e, or the single error it wraps, is a type
// error at loc.
func typeMismatch(e *jsonschema.ValidationError, loc []string) (*kind.Type, bool) {
	for {
		if t, ok := e.ErrorKind.(*kind.Type); ok && slices.Equal(e.InstanceLocation, loc) {
			return t, true
		}
		if len(e.Causes) != 1 {
			return nil, false
		}
		e = e.Causes[0]
	}
}

// tolerated reports whether the decoder reads the value anyway: a string
// field takes any scalar as its text.
func tolerated(k *kind.Type) bool {
	if !slices.Contains(k.Want, "string") {
		return false
	}
	switch k.Got {
	case "null", "number", "integer", "boolean":
		return true
	}
	return false
}

func leafMessages(e *jsonschema.ValidationError) []string {
	if len(e.Causes) == 0 {
		if _, ok := e.ErrorKind.(*kind.PropertyNames); ok {
			return []string{"not an allowed key"}
		}
		return []string{describeError(e)}
	}
	var out []string
	for _, c := range e.Causes {
		out = append(out, leafMessages(c)...)
	}
	return out
}

// describeError words an error kind for a docs writer.
func describeError(e *jsonschema.ValidationError) string {
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var qs []string
		for _, m := range k.Missing {
			qs = append(qs, strconv.Quote(m))
		}
		if len(qs) == 1 {
			return "missing required key " + qs[0]
		}
		return "missing required keys " + strings.Join(qs, ", ")
	case *kind.Pattern:
		return fmt.Sprintf("%q does not match the pattern %s", k.Got, k.Want)
	case *kind.Minimum:
		return fmt.Sprintf("%s is below the minimum %s", k.Got.RatString(), k.Want.RatString())
	case *kind.Maximum:
		return fmt.Sprintf("%s is above the maximum %s", k.Got.RatString(), k.Want.RatString())
	case *kind.MinLength:
		if k.Want == 1 {
			return "must not be empty"
		}
		return fmt.Sprintf("%d characters, want at least %d", k.Got, k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("%d characters, over the limit of %d", k.Got, k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("%d items, want at least %d", k.Got, k.Want)
	case *kind.MaxItems:
		return fmt.Sprintf("%d items, want at most %d", k.Got, k.Want)
	case *kind.UniqueItems:
		return fmt.Sprintf("items %d and %d are the same; list each once", k.Duplicates[0]+1, k.Duplicates[1]+1)
	case *kind.Type:
		return fmt.Sprintf("want %s, got %s", strings.Join(k.Want, " or "), k.Got)
	case *kind.FalseSchema:
		return "not allowed here"
	}
	return e.ErrorKind.LocalizedString(printer)
}

// node returns the YAML node at the JSON pointer tokens loc, or the
// deepest node on the way there.
func (v *validation) node(loc []string) *yaml.Node {
	n := v.root
	for _, tok := range loc {
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					next = n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// findKey returns the first mapping key node named key below n, in
// document order, or nil.
func findKey(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i]
			}
		}
	}
	for _, c := range n.Content {
		if k := findKey(c, key); k != nil {
			return k
		}
	}
	return nil
}

// keyNode returns the key node of a mapping's key, or the mapping.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i]
			}
		}
	}
	return n
}

// toJSON converts a YAML node into the value encoding/json would give for
// the equivalent JSON: maps, slices, strings, json.Number, bools and nil.
// Aliases never get here (yamlx rejects them first).
func toJSON(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return toJSON(n.Content[0])
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if _, dup := m[k]; !dup {
				m[k] = toJSON(n.Content[i+1])
			}
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = toJSON(c)
		}
		return s
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				return b
			}
		case "!!int":
			var i int64
			if n.Decode(&i) == nil {
				return json.Number(strconv.FormatInt(i, 10))
			}
			var u uint64
			if n.Decode(&u) == nil {
				return json.Number(strconv.FormatUint(u, 10))
			}
		case "!!float":
			var f float64
			if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
			}
		}
		return n.Value
	}
	return nil
}
