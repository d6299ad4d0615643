package publish_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/publish"
	"errdocs/internal/sitegen"
)

// compileSchema compiles the published errors.schema.json, with formats
// asserted, as a client would.
func compileSchema(t *testing.T, tree *output.Tree, ref string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(file(t, tree, "errors.schema.json")))
	if err != nil {
		t.Fatalf("errors.schema.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.example.com/errors.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url + ref)
	if err != nil {
		t.Fatalf("compiling errors.schema.json%s: %v", ref, err)
	}
	return s
}

func TestContractSchema(t *testing.T) {
	tree := seed(t)
	all := compileSchema(t, tree, "")
	one := compileSchema(t, tree, "#/$defs/error")
	validate := func(s *jsonschema.Schema, name string) any {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(file(t, tree, name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("%s does not match its schema: %v", name, err)
		}
		return v
	}
	validate(all, "errors.json")
	n := 0
	for _, f := range tree.Paths() {
		if strings.HasPrefix(f, "errors/") && path.Ext(f) == ".json" {
			validate(one, f)
			n++
		}
	}
	if n != 7 {
		t.Errorf("validated %d errors/<id>.json files, want 7 (the seed errors)", n)
	}

	// The schema must reject what the contract forbids, or it checks nothing.
	bad := []string{
		`{"$schema": "x", "errors": [{"id": "401"}]}`,
		`{"$schema": "x", "errors": [], "extra": 1}`,
		`{"$schema": "x", "errors": [{"id": "401", "type": "/errors/401/", "status": 401, "title": "U", "url": "https://a/", "entry": "https://a/", "json": "https://a/"}]}`,
		`{"$schema": "x", "errors": [{"id": "401", "type": "https://a/", "status": "401", "title": "U", "url": "https://a/", "entry": "https://a/", "json": "https://a/"}]}`,
	}
	for _, b := range bad {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(b))
		if all.Validate(v) == nil {
			t.Errorf("schema accepts %s", b)
		}
	}
}

// TestContract checks errors.json against the catalog, and the per-error
// files against errors.json.
func TestContract(t *testing.T) {
	tree := seed(t)
	res, _ := seedBuild()
	var c publish.Contract
	if err := json.Unmarshal(file(t, tree, "errors.json"), &c); err != nil {
		t.Fatal(err)
	}
	if c.Schema != "https://docs.example.com/errors.schema.json" {
		t.Errorf("$schema = %q", c.Schema)
	}
	// errors.json is written out of each error's part: it must be the
	// bytes an Encoder indenting by two spaces makes of it.
	if got, want := file(t, tree, "errors.json"), indented(t, c); !bytes.Equal(got, want) {
		t.Errorf("errors.json is not as json.Encoder indents it:\n%s\nwant:\n%s", got, want)
	}
	errs := res.Site.Catalog.Errors
	if len(c.Errors) != len(errs) {
		t.Fatalf("errors.json has %d errors, the catalog %d", len(c.Errors), len(errs))
	}
	for i, e := range errs {
		j := c.Errors[i]
		if j.ID != e.ID || j.Status != e.Status || j.Title != e.Title || j.Summary != e.Summary {
			t.Errorf("errors.json #%d = %s %d %q, want %s %d %q", i, j.ID, j.Status, j.Title, e.ID, e.Status, e.Title)
		}
		if want := "https://docs.example.com/errors/" + e.ID + "/"; j.Type != want {
			t.Errorf("%s: type = %q, want %q", e.ID, j.Type, want)
		}
		if len(j.Remedies) != len(e.Remedies) || len(j.Platforms) != len(e.Platforms) || len(j.Variants) != len(e.Variants) {
			t.Errorf("%s: %d remedies, %d platform notes, %d variants; want %d, %d, %d", e.ID,
				len(j.Remedies), len(j.Platforms), len(j.Variants), len(e.Remedies), len(e.Platforms), len(e.Variants))
		}
		for k, st := range e.Remedies {
			if st.Remedy != "" && k < len(j.Remedies) && j.Remedies[k] != res.Site.Catalog.Remedy(st.Remedy).Text {
				t.Errorf("%s: remedy %d = %q, want the text of %q", e.ID, k, j.Remedies[k], st.Remedy)
			}
		}
		var alone publish.ErrorJSON
		if err := json.Unmarshal(file(t, tree, "errors/"+e.ID+".json"), &alone); err != nil {
			t.Fatal(err)
		}
		if alone.Schema != c.Schema+"#/$defs/error" {
			t.Errorf("errors/%s.json: $schema = %q", e.ID, alone.Schema)
		}
		if got, want := file(t, tree, "errors/"+e.ID+".json"), indented(t, alone); !bytes.Equal(got, want) {
			t.Errorf("errors/%s.json is not as json.Encoder indents it:\n%s\nwant:\n%s", e.ID, got, want)
		}
		alone.Schema = ""
		a, _ := json.Marshal(alone)
		b, _ := json.Marshal(j)
		if !bytes.Equal(a, b) {
			t.Errorf("errors/%s.json differs from its entry in errors.json:\n%s\n%s", e.ID, a, b)
		}
	}
}

// TestContractURLsResolve follows every URL in errors.json to a built file
// and, for a #fragment, to an element with that id: on the seed site, and
// on a site with what the seed lacks (platform notes).
func TestContractURLsResolve(t *testing.T) {
	t.Run("seed", func(t *testing.T) {
		if n := checkURLs(t, seed(t)); n < 30 {
			t.Errorf("followed %d URLs; want every type, url, entry and anchor", n)
		}
	})
	t.Run("notes", func(t *testing.T) {
		src := fstest.MapFS{
			"data/platforms.yaml": {Data: []byte("- {id: tmus, name: TMUS, supplier: T-Mobile US}\n- {id: stc, name: STC, supplier: stc}\n")},
			"data/causes.yaml":    {Data: []byte("- {id: auth, title: Unauthorized access, troubleshooting: [Check the key.]}\n")},
			"data/remedies.yaml":  {Data: []byte("- {id: renew, text: Renew the token.}\n")},
			"data/errors/401.yaml": {Data: []byte(`id: "401"
status: 401
title: Unauthorized
cause: auth
variants:
  - {id: expired-token, title: Expired token}
remedies: [renew, {text: Wait.}]
platforms:
  tmus: TMUS answers 403 instead.
related: ["403"]
`)},
			"data/errors/403.yaml": {Data: []byte("id: \"403\"\nstatus: 403\ntitle: Forbidden\nplatforms: {stc: Also for suspended SIMs.}\n")},
		}
		res, err := buildFS(t, src, false, publish.Config{Minify: true})
		if err != nil {
			t.Fatal(err)
		}
		if n := checkURLs(t, res.Tree); n != 13 {
			t.Errorf("followed %d URLs, want 13: $schema, cause, variant, 2 notes, 4 per error", n)
		}
	})
}

// checkURLs checks every URL of errors.json and returns how many.
func checkURLs(t *testing.T, tree *output.Tree) int {
	const base = "https://docs.example.com/"
	var v any
	if err := json.Unmarshal(file(t, tree, "errors.json"), &v); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(k, x)
			}
		case []any:
			for _, x := range v {
				walk(key, x)
			}
		case string:
			rest, ok := strings.CutPrefix(v, base)
			if !ok {
				if strings.HasPrefix(v, "http") || key == "type" || key == "url" {
					t.Errorf("%s %q is not on %s", key, v, base)
				}
				return
			}
			n++
			p, frag, _ := strings.Cut(rest, "#")
			if p == "" || strings.HasSuffix(p, "/") {
				p += "index.html"
			}
			b, ok := tree.Get(p)
			switch {
			case !ok:
				t.Errorf("%s %q: %s was not built", key, v, p)
			case frag != "" && path.Ext(p) == ".html" && !ids(t, p, b)[frag]:
				t.Errorf("%s %q: %s has no id %q", key, v, p, frag)
			}
		}
	}
	walk("", v)
	return n
}

// TestTypeBaseURL builds the seed site as a deploy preview: pages on the
// preview's address, problem type URIs on the production one, which the
// example bodies use.
func TestTypeBaseURL(t *testing.T) {
	cfg := sitegen.Config{
		Src: os.DirFS(repoRoot), Theme: os.DirFS(repoRoot), BaseURL: "https://deploy-preview-7--errdocs.example.net/",
	}
	_, err := sitegen.Build(cfg)
	var problems diag.List
	if !errors.As(err, &problems) || len(problems) != 6 || !strings.Contains(problems[0].Msg, `want "https://deploy-preview-7--errdocs.example.net/errors/`) {
		t.Errorf("preview without --type-base-url: got %v, want each of the 6 problem+json examples to differ from its type URI", err)
	}

	cfg.Publish.TypeBaseURL = "docs.example.com"
	if _, err := sitegen.Build(cfg); err == nil || !strings.Contains(err.Error(), `type base URL "docs.example.com": want an absolute http(s) URL`) {
		t.Errorf("a type base URL without scheme: got %v", err)
	}

	cfg.Publish.TypeBaseURL = "https://docs.example.com"
	res, err := sitegen.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var c publish.Contract
	if err := json.Unmarshal(file(t, res.Tree, "errors.json"), &c); err != nil {
		t.Fatal(err)
	}
	e := c.Errors[1]
	if e.Type != "https://docs.example.com/errors/400/" || e.URL != "https://deploy-preview-7--errdocs.example.net/errors/400/" {
		t.Errorf("type %q, url %q; want type on production, url on the preview", e.Type, e.URL)
	}
}

// indented is v as json.Encoder writes it with two-space indents and no
// HTML escapes.
func indented(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
