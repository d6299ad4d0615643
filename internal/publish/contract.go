package publish

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"slices"

	"errdocs/internal/catalog"
	"errdocs/internal/output"
	"errdocs/internal/site"
)

// schemaJSON is the JSON Schema of errors.json, published beside it.
//
//go:embed errors.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of errors.json; the
// schema of one error, /errors/<id>.json, is its "#/$defs/error".
func Schema() []byte { return bytes.Clone(schemaJSON) }

// Contract is errors.json: the machine-readable catalog.
type Contract struct {
	Schema string      `json:"$schema"`
	Errors []ErrorJSON `json:"errors"`
}

// ErrorJSON is one error of the contract, and the whole of
// /errors/<id>.json. Prose fields hold Markdown, as in the data.
type ErrorJSON struct {
	Schema    string         `json:"$schema,omitempty"` // only in /errors/<id>.json
	ID        string         `json:"id"`
	Type      string         `json:"type"` // the RFC 9457 problem type URI
	Status    int            `json:"status"`
	Title     string         `json:"title"`
	Summary   string         `json:"summary,omitempty"`
	Cause     *CauseJSON     `json:"cause,omitempty"`
	Variants  []VariantJSON  `json:"variants,omitempty"`
	Checks    []string       `json:"checks,omitempty"`
	Remedies  []string       `json:"remedies,omitempty"`
	Platforms []PlatformNote `json:"platforms,omitempty"`
	Related   []string       `json:"related,omitempty"`
	// Deprecated and Retired are set when the error is: a retired error
	// is no longer returned, but its type URI and page stay.
	Deprecated *LifecycleJSON `json:"deprecated,omitempty"`
	Retired    *LifecycleJSON `json:"retired,omitempty"`
	URL        string         `json:"url"`   // the error's own page
	Entry      string         `json:"entry"` // its entry on the Errors page
	JSON       string         `json:"json"`  // /errors/<id>.json
}

// LifecycleJSON says since when an error is deprecated or retired, why
// (Markdown, as written), and which error replaces it: its id and problem
// type URI, which a client that maps type URIs can follow.
type LifecycleJSON struct {
	Since          string `json:"since"`
	Note           string `json:"note,omitempty"`
	ReplacedBy     string `json:"replaced_by,omitempty"`
	ReplacedByType string `json:"replaced_by_type,omitempty"`
}

// CauseJSON is an error's common cause.
type CauseJSON struct {
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	Troubleshooting []string `json:"troubleshooting,omitempty"`
	URL             string   `json:"url"`
}

// VariantJSON is one of the titles an error carries in its body.
type VariantJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url"`
}

// PlatformNote is an error's note for one backend platform. Platforms
// without a note behave as on all supported platforms.
type PlatformNote struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Note string `json:"note"`
	URL  string `json:"url"`
}

// AddContract adds errors.json, errors.schema.json and errors/<id>.json.
// They depend on the data only, so a build adds them while its pages
// render.
func (p *Publisher) AddContract(tree output.Store) error {
	files, err := p.Contract()
	if err != nil {
		return err
	}
	output.AddAll(tree, files)
	return nil
}

// Contract makes the error contract files once.
func (p *Publisher) Contract() (map[string][]byte, error) {
	p.contractOnce.Do(func() { p.contractMade, p.contractErr = p.contract() })
	return p.contractMade, p.contractErr
}

// contract returns the error contract files by path.
//
// errors.json is the Contract marshalled with two-space indents, written
// out of the errors' files: the same bytes, without marshalling every
// error twice.
func (p *Publisher) contract() (map[string][]byte, error) {
	errs := p.site.Catalog.Errors
	made := make([][]byte, len(errs))
	schemaURL := p.site.Abs("/errors.schema.json")
	schemaJSON, err := compactJSON(schemaURL)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(errs)+2)
	size := 0
	for i, e := range errs {
		if err := p.parts[i].Err; err != nil {
			return nil, err
		}
		made[i] = p.parts[i].File
		files[errorJSONPath(e.ID)] = made[i]
		size += len(made[i]) + 4*bytes.Count(made[i], []byte("\n"))
	}
	var list bytes.Buffer
	list.Grow(size + len(schemaJSON) + 64)
	list.WriteString("{\n  \"$schema\": ")
	list.Write(schemaJSON)
	list.WriteString(",\n  \"errors\": [")
	for i := range errs {
		if i > 0 {
			list.WriteByte(',')
		}
		list.WriteString("\n    ")
		writeMember(&list, made[i])
	}
	if len(errs) > 0 {
		list.WriteString("\n  ")
	}
	list.WriteString("]\n}\n")
	files["errors.json"] = list.Bytes()
	files["errors.schema.json"] = Schema()
	return files, nil
}

// errorFile makes e's /errors/<id>.json, indented as an Encoder with
// SetIndent("", "  ") writes it: its "$schema" member, schema as JSON, on
// the second line.
func (p *Publisher) errorFile(e *catalog.Error, schema []byte) ([]byte, error) {
	body, err := compactJSON(p.errorJSON(e)) // {"id":...}, without $schema
	if err != nil {
		return nil, err
	}
	var file bytes.Buffer
	file.Grow(2 * len(body))
	json.Indent(&file, slices.Concat([]byte(`{"$schema":`), schema, []byte(","), body[1:]), "", "  ")
	file.WriteByte('\n')
	return file.Bytes(), nil
}

// writeMember writes an error's file (see errorFile) as the member of the
// "errors" list of errors.json that an Encoder indenting the whole list
// writes: without the "$schema" line and the last newline, every line
// after the first four spaces further in.
func writeMember(list *bytes.Buffer, file []byte) {
	first, rest, _ := bytes.Cut(bytes.TrimSuffix(file, []byte("\n")), []byte("\n"))
	_, rest, _ = bytes.Cut(rest, []byte("\n")) // the "$schema" line
	list.Write(first)
	for line := range bytes.SplitSeq(rest, []byte("\n")) {
		list.WriteString("\n    ")
		list.Write(line)
	}
}

// compactJSON is v as JSON on one line, without HTML escapes.
func compactJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// errorJSON is e in the contract.
func (p *Publisher) errorJSON(e *catalog.Error) ErrorJSON {
	s := p.site
	j := ErrorJSON{
		ID: e.ID, Type: p.TypeURI(e.ID), Status: e.Status, Title: e.Title, Summary: e.Summary,
		Checks: e.Checks, URL: s.Abs(site.ErrorURL(e.ID)), Entry: s.Abs(site.ErrorEntry(e.ID)),
		JSON: s.Abs("/" + errorJSONPath(e.ID)),
	}
	if c := s.Catalog.Cause(e.Cause.ID); c != nil {
		j.Cause = &CauseJSON{ID: c.ID, Title: c.Title, Troubleshooting: c.Troubleshooting,
			URL: s.Abs("/errors/#cause-" + c.ID)}
	}
	for _, v := range e.Variants {
		j.Variants = append(j.Variants, VariantJSON{ID: v.ID, Title: v.Title, Description: v.Description,
			URL: s.Abs(site.ErrorURL(e.ID) + "#" + site.Anchor(e.ID, v.ID))})
	}
	for _, st := range e.Remedies {
		if r := s.Catalog.Remedy(st.Remedy); r != nil {
			j.Remedies = append(j.Remedies, r.Text)
		} else {
			j.Remedies = append(j.Remedies, st.Text)
		}
	}
	for _, n := range e.Platforms {
		name := n.Platform
		if pl := s.Catalog.Platform(n.Platform); pl != nil {
			name = pl.Name
		}
		j.Platforms = append(j.Platforms, PlatformNote{ID: n.Platform, Name: name, Note: n.Text,
			URL: s.Abs(site.ErrorURL(e.ID) + "#" + site.Anchor(e.ID, n.Platform))})
	}
	for _, r := range e.Related {
		j.Related = append(j.Related, r.ID)
	}
	j.Deprecated, j.Retired = p.lifecycleJSON(e.Deprecated), p.lifecycleJSON(e.Retired)
	return j
}

// lifecycleJSON is l in the contract, or nil. It reads the replacement's
// id only, not the error: the type URI is made from the id.
func (p *Publisher) lifecycleJSON(l *catalog.Lifecycle) *LifecycleJSON {
	if l == nil {
		return nil
	}
	j := &LifecycleJSON{Since: l.Since, Note: l.Note, ReplacedBy: l.ReplacedBy.ID}
	if j.ReplacedBy != "" {
		j.ReplacedByType = p.TypeURI(j.ReplacedBy)
	}
	return j
}

// contractFiles are the tree paths of the error contract.
func (p *Publisher) contractFiles() []string {
	out := []string{"errors.json", "errors.schema.json"}
	for _, e := range p.site.Catalog.Errors {
		out = append(out, errorJSONPath(e.ID))
	}
	return out
}

func errorJSONPath(id string) string { return "errors/" + id + ".json" }
