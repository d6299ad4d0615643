package publish

import (
	"errors"
	"io/fs"

	"errdocs/internal/diag"
	"errdocs/internal/openapi"
)

// OpenAPIFiles are where a site root keeps its OpenAPI description, if it
// has one; the first present is used.
var OpenAPIFiles = []string{"data/openapi.yaml", "data/openapi.yml", "data/openapi.json"}

// checkOpenAPI compares the OpenAPI description, if any, with the errors:
// an error status of an operation that no error documents is a warning (a
// problem with Config.Strict), and so is an error that no operation
// returns.
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
	rep, probs, warns := openapi.Coverage(spec.Name, spec.Data, p.site.Catalog.Errors)
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
