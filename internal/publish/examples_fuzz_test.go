package publish

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
)

// FuzzCheckExample feeds arbitrary bodies to the example check, written
// into an error file as a literal block so positions are mapped too. It
// must never panic, must report every body that is not JSON, and must
// point every problem at a line of the file.
func FuzzCheckExample(f *testing.F) {
	seeds, _ := filepath.Glob("../../data/errors/*.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		var e struct {
			Example struct{ Body string } `yaml:"example"`
		}
		if yaml.Unmarshal(b, &e) == nil && e.Example.Body != "" {
			f.Add(e.Example.Body)
		}
	}
	f.Add(`{"type": "https://docs.example.com/errors/401/", "status": 401, "title": "x", "title": "y"}`)
	f.Add("{\"type\\u0000\": 1,\n \"status\": 401.5}")
	f.Fuzz(func(t *testing.T, body string) {
		var file strings.Builder
		file.WriteString("id: \"401\"\nstatus: 401\ntitle: Unauthorized\nexample:\n  content_type: application/problem+json\n  body: |\n")
		for _, l := range strings.Split(body, "\n") {
			file.WriteString("    " + l + "\n")
		}
		src := fstest.MapFS{"data/errors/401.yaml": {Data: []byte(file.String())}}
		p := &Publisher{src: src, typeBase: "https://docs.example.com"}
		e := &catalog.Error{ID: "401", Status: 401, File: "data/errors/401.yaml",
			Example: &catalog.Example{ContentType: ProblemJSON, Body: body, Pos: diag.Pos{File: "data/errors/401.yaml", Line: 5, Col: 3}}}
		var problems diag.List
		p.checkExample(e, &problems)
		if !json.Valid([]byte(body)) && len(problems) == 0 {
			t.Errorf("invalid JSON %q reported no problem", body)
		}
		lines := strings.Count(file.String(), "\n")
		for _, pr := range problems {
			if pr.File != e.File || pr.Line < 1 || pr.Line > lines || pr.Col < 1 {
				t.Errorf("problem %v is not on a line of the %d-line file", pr, lines)
			}
		}
	})
}
