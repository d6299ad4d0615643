package publish

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"mime"
	"net/url"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/openapi"
	"errdocs/internal/par"
)

// The checks of what the data promises API clients, run by New: each
// error's example body against its error, and the errors against the
// OpenAPI description, if any.

// ProblemJSON is the media type of RFC 9457 problem details.
const ProblemJSON = "application/problem+json"

// isJSON reports whether a media type is JSON: application/json or any
// +json type.
func isJSON(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// makeParts makes the ErrorParts of every error, on all CPUs (or takes
// them from Config.Errors), and adds their problems.
func (p *Publisher) makeParts(problems *diag.List) {
	errs := p.site.Catalog.Errors
	p.parts = make([]*ErrorParts, len(errs))
	schema, err := compactJSON(p.site.Abs("/errors.schema.json") + "#/$defs/error") // each file's $schema
	par.Each(len(errs), func(i int) {
		e := errs[i]
		made := func() *ErrorParts {
			ep := &ErrorParts{}
			if e.Example != nil {
				p.checkExample(e, &ep.Problems)
			}
			ep.File, ep.Err = p.errorFile(e, schema)
			if err != nil {
				ep.Err = err
			}
			return ep
		}
		if p.cfg.Errors != nil {
			p.parts[i] = p.cfg.Errors(e, made)
		} else {
			p.parts[i] = made()
		}
	})
	for _, ep := range p.parts {
		*problems = append(*problems, ep.Problems...)
	}
}

// exampleChecker reports problems inside one example body.
type exampleChecker struct {
	p        *Publisher
	e        *catalog.Error
	body     string
	src      *yamlSource
	read     bool
	problems *diag.List
}

// at reports a problem at byte offset off of the body.
func (c *exampleChecker) at(off int, format string, args ...any) {
	if !c.read {
		c.src, c.read = readYAML(c.p.src, c.e.File), true
	}
	off = min(max(off, 0), len(c.body))
	line := strings.Count(c.body[:off], "\n")
	col := off - (strings.LastIndexByte(c.body[:off], '\n') + 1)
	pos, ok := c.src.textPos(line, col, "example", "body")
	if !ok {
		pos = c.e.Example.Pos
	}
	c.problems.Addf(pos, format, args...)
}

func (p *Publisher) checkExample(e *catalog.Error, problems *diag.List) {
	ex := e.Example
	mediaType := ""
	if ex.ContentType != "" {
		mt, _, err := mime.ParseMediaType(ex.ContentType)
		if err != nil {
			problems.Addf(ex.Pos, "example content_type %q: %v", ex.ContentType, err)
			return
		}
		mediaType = mt
	}
	if !isJSON(mediaType) {
		return
	}
	c := &exampleChecker{p: p, e: e, body: ex.Body, problems: problems}
	if !json.Valid([]byte(ex.Body)) {
		var v any
		err := json.Unmarshal([]byte(ex.Body), &v)
		off := len(ex.Body)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset) - 1
		}
		c.at(off, "example body is not valid JSON (content_type %s): %s", ex.ContentType, jsonErrText(err))
		return
	}
	if mediaType == ProblemJSON {
		c.checkProblem()
	}
}

// jsonErrText is a JSON error without its package prefix.
func jsonErrText(err error) string {
	if err == nil {
		return "unexpected end of input"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// member is one top-level member of a JSON object.
type member struct {
	value json.RawMessage
	off   int // byte offset of the value in the body
}

// checkProblem checks an RFC 9457 problem details object.
func (c *exampleChecker) checkProblem() {
	start := len(c.body) - len(strings.TrimLeft(c.body, " \t\r\n"))
	members, ok := c.members()
	if !ok {
		c.at(start, "example body is not a problem details object: want a JSON object (RFC 9457)")
		return
	}
	want := c.p.TypeURI(c.e.ID)
	str := func(name string) (string, *member) {
		m, ok := members[name]
		if !ok {
			return "", nil
		}
		var s string
		if json.Unmarshal(m.value, &s) != nil {
			c.at(m.off, "example %q must be a string, got %s", name, m.value)
			return "", nil
		}
		return s, m
	}
	if _, ok := members["type"]; !ok {
		c.at(start, `example has no "type"; want %q, the type URI of error %q`, want, c.e.ID)
	} else if got, m := str("type"); m != nil {
		if u, err := url.Parse(got); err != nil || !u.IsAbs() {
			c.at(m.off, "example \"type\" %q is not an absolute URI; want %q", got, want)
		} else if got != want {
			c.at(m.off, "example \"type\" is not the type URI of error %q: got %q, want %q", c.e.ID, got, want)
		}
	}
	// An error's status that did not decode is reported where it is
	// written, and not compared again here.
	decoded := c.e.StatusPos.Line > 0
	if m, ok := members["status"]; !ok && decoded {
		c.at(start, `example has no "status"; want %d`, c.e.Status)
	} else if !ok {
		c.at(start, `example has no "status"`)
	} else {
		i, err := strconv.ParseInt(string(m.value), 10, 64)
		switch {
		case err != nil:
			c.at(m.off, `example "status" must be an integer, got %s`, m.value)
		case int(i) != c.e.Status && decoded:
			c.at(m.off, `example "status" is not the status of error %q: got %d, want %d`, c.e.ID, i, c.e.Status)
		}
	}
	str("title")
	str("detail")
	if s, m := str("instance"); m != nil {
		if _, err := url.Parse(s); err != nil {
			c.at(m.off, "example \"instance\" %q is not a URI reference", s)
		}
	}
}

// members returns the top-level members of the body, if it is an object.
// A member given twice is reported.
func (c *exampleChecker) members() (map[string]*member, bool) {
	dec := json.NewDecoder(strings.NewReader(c.body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	out := map[string]*member{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		name, _ := t.(string)
		keyEnd := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, false
		}
		off := int(dec.InputOffset()) - len(raw)
		if _, dup := out[name]; dup {
			c.at(keyEnd-len(name)-2, "example has %q twice; clients may read either value", name)
		}
		out[name] = &member{value: raw, off: off}
	}
	return out, true
}

// OpenAPIFiles are where a site root keeps its OpenAPI description, if it
// has one; the first present is used.
var OpenAPIFiles = []string{"data/openapi.yaml", "data/openapi.yml", "data/openapi.json"}

// checkOpenAPI compares the OpenAPI description, if any, with the errors
// in service (a retired error documents nothing the API returns): an error
// status of an operation that no error documents is a warning (a problem
// with Config.Strict), and so is an error that no operation returns.
func (p *Publisher) checkOpenAPI(problems *diag.List) {
	spec := p.cfg.OpenAPI
	if spec == nil && p.src != nil {
		for _, name := range OpenAPIFiles {
			b, err := fs.ReadFile(p.src, name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				problems.Add(diag.Problem{File: name, Msg: err.Error()})
				return
			}
			spec = &File{Name: name, Data: b}
			break
		}
	}
	if spec == nil {
		return
	}
	rep, probs, warns := openapi.Coverage(spec.Name, spec.Data, p.site.InService())
	*problems = append(*problems, probs...)
	p.warnings = append(p.warnings, warns...)
	undocumented := &p.warnings
	if p.cfg.Strict {
		undocumented = problems
	}
	for _, r := range rep.Undocumented {
		undocumented.Addf(r.Pos, "%s can answer %s, but no error in data/errors documents that status", r, r.Status)
	}
	for _, e := range rep.Unreturned {
		pos := e.StatusPos
		if pos.Line == 0 {
			pos = e.Pos
		}
		p.warnings.Addf(pos, "error %q has status %d, which no operation of %s returns", e.ID, e.Status, spec.Name)
	}
}

// The model keeps the position of an error's example, not of each line of
// its body. When a problem concerns one of those lines, the source is read
// again to point at it: the data was decoded once already, so this cannot
// fail in a new way, and it is done only for the few files concerned.

// yamlSource is one YAML document of a source file.
type yamlSource struct {
	file  string
	lines [][]byte // the document's lines, for indentation
	root  *yaml.Node
}

// readYAML reads the YAML of a data file. It returns nil if the file
// cannot be read.
func readYAML(fsys fs.FS, file string) *yamlSource {
	if fsys == nil {
		return nil
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil
	}
	ys := &yamlSource{file: file}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	ys.root = doc.Content[0]
	ys.lines = bytes.Split(src, []byte("\n"))
	return ys
}

// pos returns the position of n.
func (ys *yamlSource) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: ys.file, Line: n.Line, Col: n.Column}
}

// lookup returns the value at the path of mapping keys, or nil.
func (ys *yamlSource) lookup(keys ...string) *yaml.Node {
	if ys == nil {
		return nil
	}
	n := ys.root
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

// textPos maps a position in the text of the scalar at keys (0-based line
// and byte column within that text) to a position in the file. That is
// exact for a literal block ("body: |"), whose lines are the file's lines
// less their indentation; for any other style it is the scalar's start.
func (ys *yamlSource) textPos(line, col int, keys ...string) (diag.Pos, bool) {
	n := ys.lookup(keys...)
	if n == nil {
		return diag.Pos{}, false
	}
	start := ys.pos(n)
	if n.Kind != yaml.ScalarNode || n.Style != yaml.LiteralStyle {
		return start, true
	}
	// The block's text starts on the line after the "|" indicator; its
	// indentation is that of its first line that is not blank.
	first := n.Line // 1-based line of "|" in the document = 0-based index of the next line
	indent := -1
	for i := first; i < len(ys.lines); i++ {
		l := ys.lines[i]
		if t := bytes.TrimLeft(l, " "); len(bytes.TrimSpace(t)) > 0 {
			indent = len(l) - len(t)
			break
		}
	}
	if indent < 0 {
		return start, true
	}
	return diag.Pos{File: ys.file, Line: first + 1 + line, Col: indent + col + 1}, true
}
