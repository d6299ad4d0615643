package openapi

import (
	"os"
	"slices"
	"strings"
	"testing"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
)

// seedErrors has the statuses of the CMO seed site.
func seedErrors() []*catalog.Error {
	var errs []*catalog.Error
	for _, s := range []struct {
		id     string
		status int
	}{{"200-empty-response", 200}, {"400", 400}, {"401", 401}, {"404", 404}, {"429", 429}, {"500", 500}} {
		errs = append(errs, &catalog.Error{ID: s.id, Status: s.status, Pos: diag.Pos{File: "data/errors/" + s.id + ".yaml", Line: 1, Col: 1}})
	}
	return errs
}

func TestCoverage(t *testing.T) {
	tests := []struct {
		file         string
		version      string
		undocumented []string // "file:line:col: METHOD PATH STATUS"
		unreturned   []string // error ids
	}{
		{
			file:    "testdata/api-3.0.yaml",
			version: "3.0.3",
			undocumented: []string{
				"testdata/api-3.0.yaml:16:9: GET /sims (listSims) 409",
				"testdata/api-3.0.yaml:40:9: DELETE /sims/{iccid} (deleteSim) 422",
			},
			// 500 is returned through 5XX, 200 by the GETs; nothing answers 429.
			unreturned: []string{"429"},
		},
		{
			file:    "testdata/api-3.1.yaml",
			version: "3.1.0",
			// The webhook's 418 is not an answer of the API.
			undocumented: []string{"testdata/api-3.1.yaml:31:9: POST /tokens (createToken) 503"},
			// 4XX returns every 4xx error; nothing answers 200 or a 5xx.
			unreturned: []string{"200-empty-response", "500"},
		},
		{
			file:         "testdata/api-3.1.json",
			version:      "3.1.0",
			undocumented: []string{"testdata/api-3.1.json:10:11: GET /usage 451"},
			unreturned:   []string{"400", "401", "404", "500"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			rep, problems, warnings := Coverage(tt.file, data, seedErrors())
			if len(problems) > 0 || len(warnings) > 0 {
				t.Fatalf("problems %v, warnings %v; want none", problems, warnings)
			}
			if rep.Version != tt.version {
				t.Errorf("version = %q, want %q", rep.Version, tt.version)
			}
			var got []string
			for _, r := range rep.Undocumented {
				got = append(got, r.Pos.String()+": "+r.String()+" "+r.Status)
			}
			if !slices.Equal(got, tt.undocumented) {
				t.Errorf("undocumented:\ngot  %q\nwant %q", got, tt.undocumented)
			}
			var ids []string
			for _, e := range rep.Unreturned {
				ids = append(ids, e.ID)
			}
			if !slices.Equal(ids, tt.unreturned) {
				t.Errorf("unreturned: got %q, want %q", ids, tt.unreturned)
			}
		})
	}
}

func TestCoverageBadInput(t *testing.T) {
	tests := []struct {
		name, data string
		problem    string // substring of the one problem, or ""
		warning    string // substring of the one warning, or ""
	}{
		{"not YAML", "openapi: [3.0\n", "api.yaml:1:1: invalid YAML: did not find expected ',' or ']'", ""},
		{"swagger 2", "swagger: \"2.0\"\ninfo: {title: x, version: \"1\"}\npaths: {}\n", `no "openapi" version: want an OpenAPI 3.0 or 3.1 description`, ""},
		{"invalid 3.0", "openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n", "", "not a valid OpenAPI 3.0 description"},
		{"external ref", "openapi: 3.0.3\ninfo: {title: x, version: \"1\"}\npaths:\n  /a:\n    $ref: other.yaml#/a\n", "reading OpenAPI description", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems, warnings := Coverage("api.yaml", []byte(tt.data), seedErrors())
			check := func(kind string, l diag.List, want string) {
				switch {
				case want == "" && len(l) > 0:
					t.Errorf("%s: got %v, want none", kind, l)
				case want != "" && (len(l) != 1 || !strings.Contains(l[0].String(), want)):
					t.Errorf("%s: got %v, want one containing %q", kind, l, want)
				case want != "" && l[0].File != "api.yaml":
					t.Errorf("%s: file %q, want api.yaml", kind, l[0].File)
				}
			}
			check("problems", problems, tt.problem)
			check("warnings", warnings, tt.warning)
		})
	}
}
