package catalog

import (
	"reflect"
	"sync"
	"testing"
	"testing/fstest"

	"errdocs/internal/diag"
)

func load(t *testing.T, files map[string]string) (*Catalog, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	var problems diag.List
	c := Load(fsys, &problems)
	return c, problems.Sort()
}

func TestLoadContract(t *testing.T) {
	c, problems := load(t, map[string]string{
		"data/platforms.yaml": "- id: tmus\n  name: TMUS\n  supplier: T-Mobile US\n",
		"data/remedies.yaml":  "- id: check-credentials\n  text: Check them.\n",
		"data/causes.yaml":    "- id: unauthorized-access\n  title: Unauthorized Access\n  troubleshooting: [Double-check.]\n",
		"data/glossary.yaml":  "- id: oauth\n  term: OAuth\n  definition: An authorization framework.\n",
		"data/errors/401.yaml": `id: "401"
status: 401
title: Unauthorized
summary: Missing or invalid.
cause: unauthorized-access
variants:
  - id: expired
    title: Token expired
    description: It expired.
checks: ["Is the header set?"]
remedies:
  - check-credentials
  - text: The access token expires every 5 minutes.
platforms:
  tmus: TMUS says 403.
related: ["500"]
example:
  content_type: application/problem+json
  body: '{"status": 401}'
aliases: [unauthorised]
`,
		"data/errors/500.yaml": "id: \"500\"\nstatus: 500\ntitle: Internal Server Error\n",
	})
	if len(problems) > 0 {
		t.Fatalf("problems:\n%v", problems)
	}
	if got := len(c.Errors); got != 2 {
		t.Fatalf("%d errors, want 2", got)
	}
	e := c.Error("401")
	if e == nil || c.Errors[0] != e {
		t.Fatalf("errors not ordered by status: %v", c.Errors)
	}
	if e.Cause.ID != "unauthorized-access" || e.Cause.Pos.Line != 5 || e.Cause.Pos.Col != 8 {
		t.Errorf("cause = %+v, want unauthorized-access at 5:8", e.Cause)
	}
	if len(e.Remedies) != 2 || e.Remedies[0].Remedy != "check-credentials" || e.Remedies[1].Text == "" {
		t.Errorf("remedies = %+v", e.Remedies)
	}
	if e.Note("tmus") != "TMUS says 403." || e.Note("stc") != "" {
		t.Errorf("notes = %+v", e.Platforms)
	}
	if e.Example == nil || e.Example.ContentType != "application/problem+json" {
		t.Errorf("example = %+v", e.Example)
	}
	if len(e.Variants) != 1 || e.Variants[0].ID != "expired" || len(e.Checks) != 1 || len(e.Aliases) != 1 {
		t.Errorf("variants/checks/aliases = %+v %+v %+v", e.Variants, e.Checks, e.Aliases)
	}
	if c.Platform("tmus").Supplier != "T-Mobile US" || c.Term("oauth") == nil || c.Cause("unauthorized-access") == nil {
		t.Errorf("lookups failed")
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "id does not match file name",
			files: map[string]string{"data/errors/401.yaml": "id: \"402\"\nstatus: 401\ntitle: X\n"},
			want:  `data/errors/401.yaml:1:5: error id "402" does not match its file name; want id: "401"`,
		},
		{
			name:  "status out of range",
			files: map[string]string{"data/errors/e1.yaml": "id: e1\nstatus: 999\ntitle: X\n"},
			want:  `data/errors/e1.yaml:2:9: error "e1": status 999 is not an HTTP status code (100-599)`,
		},
		{
			name:  "duplicate platform id",
			files: map[string]string{"data/platforms.yaml": "- id: a\n  name: A\n- id: a\n  name: B\n"},
			want:  `data/platforms.yaml:3:7: duplicate platform id "a" (first defined at data/platforms.yaml:1:7)`,
		},
		{
			name:  "bad id",
			files: map[string]string{"data/remedies.yaml": "- id: Check_Creds\n  text: x\n"},
			want:  `data/remedies.yaml:1:7: remedy id "Check_Creds": use lowercase letters, digits and single hyphens ([a-z0-9-]+)`,
		},
		{
			name:  "alias rejected",
			files: map[string]string{"data/remedies.yaml": "- &a\n  id: x\n  text: y\n- *a\n"},
			want:  "data/remedies.yaml:1:3: YAML anchor &a is not allowed; repeat the value instead\ndata/remedies.yaml:4:3: YAML alias *a is not allowed; repeat the value instead",
		},
		{
			name:  "second document",
			files: map[string]string{"data/errors/e1.yaml": "id: e1\nstatus: 400\ntitle: X\n---\nid: e2\n"},
			want:  `data/errors/e1.yaml:5:1: a second YAML document is not allowed; one file holds one document`,
		},
		{
			name:  "wrong type of list",
			files: map[string]string{"data/platforms.yaml": "id: a\nname: A\n"},
			want:  `data/platforms.yaml:1:1: want a list, got a mapping`,
		},
		{
			name:  "duplicate variant",
			files: map[string]string{"data/errors/e1.yaml": "id: e1\nstatus: 400\ntitle: X\nvariants:\n  - {id: v, title: V}\n  - {id: v, title: W}\n"},
			want:  `data/errors/e1.yaml:6:10: duplicate variant id "v" in error "e1"`,
		},
		{
			name:  "empty note",
			files: map[string]string{"data/platforms.yaml": "- id: a\n  name: A\n", "data/errors/e1.yaml": "id: e1\nstatus: 400\ntitle: X\nplatforms:\n  a: \"\"\n"},
			want:  `data/errors/e1.yaml:5:6: empty note for platform "a": leave the platform out to show "Similar to all supported platforms."`,
		},
		{
			name:  "non-yaml file in errors",
			files: map[string]string{"data/errors/e1.yml": "id: e1\n"},
			want:  `data/errors/e1.yml: unexpected file in data/errors: want <id>.yaml, got "e1.yml"`,
		},
		{
			name:  "self related",
			files: map[string]string{"data/errors/e1.yaml": "id: e1\nstatus: 400\ntitle: X\nrelated: [e1]\n"},
			want:  `data/errors/e1.yaml:4:11: error "e1" lists itself as related`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := load(t, tt.files)
			if got := problems.Error(); got != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestParseReused loads a catalog again and again while its files change,
// with a Config.Parse that hands back the ErrorFile it made for the same
// bytes before, as the dev server does, and compares each load with one
// that parses everything: the same catalog and problems, and a reused
// Error left as it was.
func TestParseReused(t *testing.T) {
	fsys := fstest.MapFS{
		"data/remedies.yaml":   {Data: []byte("- id: retry\n  text: Retry.\n")},
		"data/errors/401.yaml": {Data: []byte("id: \"401\"\nstatus: 401\ntitle: Unauthorized\nremedies: [retry]\n")},
		"data/errors/403.yaml": {Data: []byte("id: \"403\"\nstatus: 403\ntitle: Forbidden\nrelated: [\"401\"]\n")},
		"data/errors/429.yaml": {Data: []byte("id: \"429\"\nstatus: 429\ntitle: Too many\n")},
	}
	set := func(name, data string) { fsys[name] = &fstest.MapFile{Data: []byte(data)} }
	made := map[string]*ErrorFile{}
	var mu sync.Mutex
	parse := func(file string, src []byte) *ErrorFile {
		mu.Lock()
		defer mu.Unlock()
		if ef := made[file]; ef != nil && string(ef.Src) == string(src) {
			return ef
		}
		made[file] = ParseErrorFile(file, src, nil)
		return made[file]
	}
	var last *Catalog
	steps := []struct {
		name string
		edit func()
		same []string // errors whose *Error must be the last load's
	}{
		{"first load", func() {}, nil},
		{"nothing changed", func() {}, []string{"401", "403", "429"}},
		{"one error edited", func() { set("data/errors/429.yaml", "id: \"429\"\nstatus: 429\ntitle: Slow down\n") }, []string{"401", "403"}},
		{"broken", func() { set("data/errors/403.yaml", "id: \"403\"\nstatus: [\n") }, []string{"401", "429"}},
		{"bad reference", func() { set("data/errors/401.yaml", "id: \"401\"\nstatus: 401\ntitle: X\nremedies: [retyr]\n") }, []string{"429"}},
		{"remedy renamed, error unchanged", func() { set("data/remedies.yaml", "- id: retyr\n  text: Retry.\n") }, []string{"401", "429"}},
		{"removed and fixed", func() {
			delete(fsys, "data/errors/429.yaml")
			set("data/errors/403.yaml", "id: \"403\"\nstatus: 403\ntitle: Forbidden\n")
		}, []string{"401"}},
	}
	for _, st := range steps {
		st.edit()
		var got, want diag.List
		c := LoadWith(fsys, Config{Parse: parse}, &got)
		fresh := LoadWith(fsys, Config{}, &want)
		if got.Sort().Error() != want.Sort().Error() {
			t.Errorf("%s: problems with reused files:\n%v\nwithout:\n%v", st.name, got, want)
		}
		if !reflect.DeepEqual(c, fresh) {
			t.Errorf("%s: the catalog loaded with reused files differs from one loaded without", st.name)
		}
		for _, id := range st.same {
			if c.Error(id) != last.Error(id) {
				t.Errorf("%s: error %s was decoded again", st.name, id)
			}
		}
		last = c
	}
}
