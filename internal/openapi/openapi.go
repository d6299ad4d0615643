// Package openapi compares an API's OpenAPI description (3.0 or 3.1, YAML
// or JSON) with its documented errors.
//
// # Coverage rules
//
// The match is by HTTP status code alone:
//
//   - An (operation, status) of the description needs documenting when the
//     status is an error status: a code from 400 to 599, or the range 4XX
//     or 5XX. It is documented when some error has that status (for a
//     range, any status in it). "default" responses and 1xx-3xx codes need
//     no error page.
//   - A documented error is returned when some operation lists its status,
//     or the range of its status (429 by 4XX). "default" does not count: it
//     would make every error look returned.
//
// Operations are those under paths; webhooks are calls the API makes, not
// answers it gives, and are left out. External $refs are not followed: the
// description must be one file.
package openapi

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
)

// Response is one status an operation may answer with.
type Response struct {
	Method      string // "GET"
	Path        string // "/sims/{iccid}"
	OperationID string
	Status      string // "409", "4XX"
	Pos         diag.Pos
}

func (r Response) String() string {
	s := r.Method + " " + r.Path
	if r.OperationID != "" {
		s += " (" + r.OperationID + ")"
	}
	return s
}

// Report is the result of Coverage.
type Report struct {
	Version      string     // the description's "openapi" version
	Undocumented []Response // error statuses no error documents
	Unreturned   []*catalog.Error
}

// Coverage loads the description in data (file names it in messages) and
// compares it with errs. A description that cannot be read is a problem;
// one that reads but does not validate is a warning, and is compared all
// the same.
func Coverage(file string, data []byte, errs []*catalog.Error) (rep Report, problems, warnings diag.List) {
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		problems.Add(yamlProblem(file, err))
		return rep, problems, warnings
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		problems.Add(diag.Problem{File: file, Msg: "reading OpenAPI description: " + err.Error()})
		return rep, problems, warnings
	}
	rep.Version = doc.OpenAPI
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		what := fmt.Sprintf("openapi %q", doc.OpenAPI)
		if doc.OpenAPI == "" {
			what = `no "openapi" version`
		}
		problems.Add(diag.Problem{File: file, Msg: what + ": want an OpenAPI 3.0 or 3.1 description"})
		return rep, problems, warnings
	}
	if err := doc.Validate(context.Background()); err != nil {
		warnings.Add(diag.Problem{File: file, Msg: "not a valid OpenAPI " + doc.OpenAPIMajorMinor() + " description: " + err.Error()})
	}
	pos := newPositions(file, data)

	statuses := map[int]bool{}
	for _, e := range errs {
		statuses[e.Status] = true
	}
	documented := func(code string) bool {
		if lo, hi, ok := statusRange(code); ok {
			for s := range statuses {
				if s >= lo && s <= hi {
					return true
				}
			}
			return false
		}
		n, _ := strconv.Atoi(code)
		return statuses[n]
	}

	returned := map[string]bool{} // "409", "4XX"
	paths := doc.Paths.Map()
	for _, path := range sortedKeys(paths) {
		if paths[path] == nil {
			continue
		}
		ops := paths[path].Operations()
		for _, method := range sortedKeys(ops) {
			op := ops[method]
			if op.Responses == nil {
				continue
			}
			for _, code := range sortedKeys(op.Responses.Map()) {
				code = strings.ToUpper(code)
				returned[code] = true
				if !isErrorStatus(code) || documented(code) {
					continue
				}
				rep.Undocumented = append(rep.Undocumented, Response{
					Method: strings.ToUpper(method), Path: path, OperationID: op.OperationID, Status: code,
					Pos: pos.response(path, method, code),
				})
			}
		}
	}
	for _, e := range errs {
		code := strconv.Itoa(e.Status)
		if !returned[code] && !returned[code[:1]+"XX"] {
			rep.Unreturned = append(rep.Unreturned, e)
		}
	}
	slices.SortStableFunc(rep.Undocumented, func(a, b Response) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	return rep, problems, warnings
}

// yamlProblem turns "yaml: line 3: did not find expected key" into a
// positioned problem.
func yamlProblem(file string, err error) diag.Problem {
	p := diag.Problem{File: file, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	var line int
	if rest, ok := strings.CutPrefix(p.Msg, "invalid YAML: line "); ok {
		if n, err := fmt.Sscanf(rest, "%d:", &line); n == 1 && err == nil {
			_, msg, _ := strings.Cut(rest, ": ")
			p.Line, p.Col, p.Msg = line, 1, "invalid YAML: "+msg
		}
	}
	return p
}

// statusRange returns the codes of a range such as "4XX".
func statusRange(code string) (lo, hi int, ok bool) {
	if len(code) != 3 || code[1:] != "XX" || code[0] < '1' || code[0] > '5' {
		return 0, 0, false
	}
	d := int(code[0]-'0') * 100
	return d, d + 99, true
}

// isErrorStatus reports whether a response code needs a documented error.
func isErrorStatus(code string) bool {
	if lo, _, ok := statusRange(code); ok {
		return lo >= 400
	}
	n, err := strconv.Atoi(code)
	return err == nil && n >= 400 && n <= 599
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// positions finds where a response is written in the description; kin-openapi
// keeps no position of map keys, so the file is read again as YAML (which
// JSON is too).
type positions struct {
	file string
	root *yaml.Node
}

func newPositions(file string, data []byte) positions {
	var doc yaml.Node
	p := positions{file: file}
	if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) > 0 {
		p.root = doc.Content[0]
	}
	return p
}

// response returns the position of the status key of an operation's
// response, or the nearest enclosing key found.
func (p positions) response(path, method, code string) diag.Pos {
	best := diag.Pos{File: p.file}
	n := p.root
	for _, k := range []string{"paths", path, method, "responses", code} {
		key, val := child(n, k)
		if key == nil {
			break
		}
		best = diag.Pos{File: p.file, Line: key.Line, Col: key.Column}
		n = val
	}
	return best
}

// child finds a mapping key, matching methods and status ranges as
// kin-openapi does (case-insensitively).
func child(n *yaml.Node, k string) (key, val *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if v := n.Content[i].Value; v == k || strings.EqualFold(v, k) && (isMethod(k) || strings.HasSuffix(strings.ToUpper(k), "XX")) {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

func isMethod(s string) bool {
	switch strings.ToUpper(s) {
	case http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions,
		http.MethodHead, http.MethodPatch, http.MethodTrace, "QUERY":
		return true
	}
	return false
}
