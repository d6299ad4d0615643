package publish

import (
	"bytes"
	_ "embed"
	"encoding/json"

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
	URL       string         `json:"url"`   // the error's own page
	Entry     string         `json:"entry"` // its entry on the Errors page
	JSON      string         `json:"json"`  // /errors/<id>.json
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

// AddContract adds errors.json, errors.schema.json and errors/<id>.json,
// from Config.Cache when it holds them. They depend on the data only, so
// a build adds them while its pages render.
func (p *Publisher) AddContract(tree output.Store) error {
	files, err := p.Contract()
	if err != nil {
		return err
	}
	output.AddAll(tree, files)
	return nil
}

// Contract makes the error contract files (or takes them from
// Config.Cache) once.
func (p *Publisher) Contract() (map[string][]byte, error) {
	p.contractOnce.Do(func() {
		c := p.cfg.Cache
		if c != nil && c.cat == p.site.Catalog && c.base == p.site.BaseURL && c.typeBase == p.typeBase {
			p.contractMade = c.files
			return
		}
		p.contractMade, p.contractErr = p.contract()
		if c != nil && p.contractErr == nil {
			c.cat, c.base, c.typeBase, c.files = p.site.Catalog, p.site.BaseURL, p.typeBase, p.contractMade
		}
	})
	return p.contractMade, p.contractErr
}

// contract returns the error contract files by path.
func (p *Publisher) contract() (map[string][]byte, error) {
	files := map[string][]byte{}
	c := Contract{Schema: p.site.Abs("/errors.schema.json"), Errors: []ErrorJSON{}}
	for _, e := range p.site.Catalog.Errors {
		j := p.errorJSON(e)
		c.Errors = append(c.Errors, j)
		j.Schema = p.site.Abs("/errors.schema.json") + "#/$defs/error"
		b, err := marshal(j)
		if err != nil {
			return nil, err
		}
		files[errorJSONPath(e.ID)] = b
	}
	b, err := marshal(c)
	if err != nil {
		return nil, err
	}
	files["errors.json"] = b
	files["errors.schema.json"] = Schema()
	return files, nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

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
	return j
}
