// Package yamlx decodes YAML strictly into Go structs, reporting every
// problem with its file, line and column instead of stopping at the first.
//
// The rules, shared by front matter and every data file:
//
//   - a struct is decoded from a mapping; a key with no field of that yaml
//     tag is an error ("unknown key"), as is a key given twice;
//   - a field whose tag has ",required" must be present and not empty
//     (unless an unknown key was reported as its likely misspelling);
//   - anchors and aliases are rejected (they make alias bombs possible and
//     are never needed in hand-written data);
//   - a field of type diag.Pos tagged `yaml:"-"` and named Pos receives the
//     position of the node the struct was decoded from, and one named
//     <Field>Pos (IDPos, StatusPos) the position of that field's value once
//     it decoded without a problem, so a later check can point at the
//     value itself; a []diag.Pos named <Field>Pos receives the position of
//     each item of a list field;
//   - a type may take over its own decoding by implementing NodeDecoder.
package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"errdocs/internal/diag"
)

// Decoder decodes the nodes of one file.
type Decoder struct {
	File string
	// LineOffset is added to every line (front matter starts after "---").
	LineOffset int
	Problems   *diag.List
}

// NodeDecoder is implemented by types that decode themselves.
type NodeDecoder interface {
	DecodeNode(d *Decoder, n *yaml.Node)
}

// Pos returns the position of n in the file.
func (d *Decoder) Pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.File, Line: n.Line + d.LineOffset, Col: n.Column}
}

// Errorf records a problem at n.
func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	d.Problems.Addf(d.Pos(n), format, args...)
}

// checkAliases reports every anchor and alias below n.
func (d *Decoder) checkAliases(n *yaml.Node) {
	if n.Anchor != "" {
		d.Errorf(n, "YAML anchor &%s is not allowed; repeat the value instead", n.Anchor)
	}
	if n.Kind == yaml.AliasNode {
		d.Errorf(n, "YAML alias *%s is not allowed; repeat the value instead", n.Value)
		return
	}
	for _, c := range n.Content {
		d.checkAliases(c)
	}
}

// syntaxError turns a yaml.v3 syntax error ("yaml: line 3: did not find
// expected key") in src into a positioned problem. yaml.v3 gives no
// column, and for some errors the line before: a tab in the indentation,
// the commonest, is looked for near the line it names and reported where
// it is.
func (d *Decoder) syntaxError(err error, src []byte) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, rest[i+2:]
			}
		}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if isParserError(msg) {
		// yaml.v3 counts the lines of parser (not scanner) errors from 0.
		line++
	}
	if strings.Contains(msg, "tab character") || strings.HasPrefix(msg, "found character that cannot start any token") {
		if l, col := indentTab(src, line); l > 0 {
			d.Problems.Addf(diag.Pos{File: d.File, Line: l + d.LineOffset, Col: col},
				"invalid YAML: a tab in the indentation; indent with spaces")
			return
		}
	}
	p := diag.Problem{File: d.File, Msg: "invalid YAML: " + msg}
	if line > 0 {
		p.Line, p.Col = line+d.LineOffset, 1
	}
	d.Problems.Add(p)
}

// indentTab returns the line and column of the first tab in the
// indentation of the lines of src from the one before near to the one
// after; 0 if there is none.
func indentTab(src []byte, near int) (line, col int) {
	n := 0
	for l := range bytes.Lines(src) {
		n++
		if n < near-1 {
			continue
		}
		if n > near+1 {
			break
		}
		for i, c := range l {
			if c == '\t' {
				return n, i + 1
			}
			if c != ' ' {
				break
			}
		}
	}
	return 0, 0
}

// isParserError reports whether msg is one of yaml.v3's parser errors.
func isParserError(msg string) bool {
	for _, p := range []string{"did not find expected ", "found undefined tag handle", "found duplicate %", "found incompatible YAML document"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// DecodeFile parses src as exactly one YAML document and decodes it into v
// (a pointer). It reports false if any problem was found.
func (d *Decoder) DecodeFile(src []byte, v any) (ok bool) {
	before := len(*d.Problems)
	n := d.ParseFile(src)
	if n == nil {
		return false
	}
	d.Decode(n, v)
	return len(*d.Problems) == before
}

// ParseFile parses src as exactly one YAML document without anchors or
// aliases and returns its top node, or nil after recording why not.
func (d *Decoder) ParseFile(src []byte) *yaml.Node {
	before := len(*d.Problems)
	// yaml.v3 says where invalid UTF-8 is only as "invalid leading UTF-8
	// octet".
	if !diag.CheckUTF8(d.Problems, d.File, src, 1+d.LineOffset) {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		d.syntaxError(err, src)
		return nil
	}
	d.checkAliases(&doc)
	if len(*d.Problems) > before {
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err != nil:
		d.syntaxError(err, src)
		return nil
	default:
		line := extra.Line + d.LineOffset
		if len(extra.Content) > 0 {
			line = extra.Content[0].Line + d.LineOffset
		}
		d.Problems.Addf(diag.Pos{File: d.File, Line: line, Col: 1},
			"a second YAML document is not allowed; one file holds one document")
		return nil
	}
	if len(doc.Content) == 0 {
		d.Problems.Add(diag.Problem{File: d.File, Msg: "file is empty"})
		return nil
	}
	return doc.Content[0]
}

// Decode decodes n into v, which must be a pointer.
func (d *Decoder) Decode(n *yaml.Node, v any) {
	d.decode(n, reflect.ValueOf(v).Elem())
}

var (
	posType         = reflect.TypeFor[diag.Pos]()
	posSliceType    = reflect.TypeFor[[]diag.Pos]()
	nodeDecoderType = reflect.TypeFor[NodeDecoder]()
)

func (d *Decoder) decode(n *yaml.Node, v reflect.Value) {
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		v.Addr().Interface().(NodeDecoder).DecodeNode(d, n)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return
		}
		nv := reflect.New(v.Type().Elem())
		d.decode(n, nv.Elem())
		v.Set(nv)
	case reflect.Struct:
		d.decodeStruct(n, v)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			if isNull(n) {
				return
			}
			d.Errorf(n, "want a list, got %s", Describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), 0, len(n.Content))
		elem := v.Type().Elem()
		for _, c := range n.Content {
			if elem.Kind() == reflect.Pointer && isNull(c) {
				d.Errorf(c, "empty list item")
				continue
			}
			s = reflect.Append(s, reflect.Zero(elem))
			d.decode(c, s.Index(s.Len()-1))
		}
		v.Set(s)
	case reflect.String:
		// Any scalar reads as its text: `id: 401` is the string "401".
		if n.Kind != yaml.ScalarNode {
			d.Errorf(n, "want a string, got %s", Describe(n))
			return
		}
		if !isNull(n) {
			v.SetString(n.Value)
		}
	case reflect.Int:
		var i int
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
			d.Errorf(n, "want an integer, got %s", Describe(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
			d.Errorf(n, "want true or false, got %s", Describe(n))
			return
		}
		v.SetBool(b)
	default:
		panic(fmt.Sprintf("yamlx: cannot decode into %s", v.Type()))
	}
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// Describe names what a node holds, for "want X, got Y" messages.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int":
		return "the number " + n.Value
	case "!!float":
		return "the number " + n.Value
	case "!!bool":
		return n.Value
	}
	return strconv.Quote(n.Value)
}

type field struct {
	index    int
	required bool
	pos      []int // index of the <Field>Pos field, if any
}

func (d *Decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	t := v.Type()
	if f, ok := t.FieldByName("Pos"); ok && f.Type == posType {
		v.FieldByIndex(f.Index).Set(reflect.ValueOf(d.Pos(n)))
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "want a mapping, got %s", Describe(n))
		return
	}
	fields := map[string]field{}
	var names []string
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		f := field{index: i, required: opts == "required"}
		if pf, ok := t.FieldByName(t.Field(i).Name + "Pos"); ok && (pf.Type == posType || pf.Type == posSliceType) {
			f.pos = pf.Index
		}
		fields[name] = f
		names = append(names, name)
	}
	seen := map[string]bool{}
	suggested := map[string]bool{} // keys an unknown key was taken for
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		switch {
		case !ok:
			near := Nearest(k.Value, names)
			suggested[near] = true
			d.Errorf(k, "unknown key %q%s", k.Value, suggest(k.Value, names))
			continue
		case seen[k.Value]:
			d.Errorf(k, "key %q given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		if f.required && isEmpty(val) {
			d.Errorf(val, "%s must not be empty", k.Value)
			continue
		}
		before := len(*d.Problems)
		d.decode(val, v.Field(f.index))
		if f.pos != nil && len(*d.Problems) == before {
			d.setPos(v.FieldByIndex(f.pos), val)
		}
	}
	for _, name := range names {
		if fields[name].required && !seen[name] && !suggested[name] {
			d.Errorf(n, "missing required key %q", name)
		}
	}
}

// setPos stores the position of n, or of each of its items, in f.
func (d *Decoder) setPos(f reflect.Value, n *yaml.Node) {
	if f.Type() == posType {
		f.Set(reflect.ValueOf(d.Pos(n)))
		return
	}
	if n.Kind != yaml.SequenceNode {
		return
	}
	ps := make([]diag.Pos, len(n.Content))
	for i, c := range n.Content {
		ps[i] = d.Pos(c)
	}
	f.Set(reflect.ValueOf(ps))
}

func isEmpty(n *yaml.Node) bool {
	return isNull(n) || n.Kind == yaml.ScalarNode && strings.TrimSpace(n.Value) == ""
}

// suggest returns `; did you mean "x"?` for the known name closest to s,
// or "" when none is close.
func suggest(s string, known []string) string {
	if m := Nearest(s, known); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}

// Nearest returns the candidate closest to s by edit distance, if it is
// close enough to be a likely typo, or "". A candidate that differs only
// in case is the closest.
func Nearest(s string, candidates []string) string {
	folded := ""
	for _, c := range candidates {
		if c != s && strings.EqualFold(c, s) && (folded == "" || c < folded) {
			folded = c
		}
	}
	if folded != "" {
		return folded
	}
	best, bestD := "", len(s)/2+2
	for _, c := range candidates {
		if dd := distance(s, c); dd < bestD || dd == bestD && best != "" && c < best {
			best, bestD = c, dd
		}
	}
	if bestD > max(2, len(s)/3) {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
