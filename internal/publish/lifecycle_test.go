package publish_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"errdocs/internal/publish"
)

// TestContractLifecycle builds a site with a deprecated and a retired
// error, published with a type base URL of its own: errors.json carries
// both members, the replacement's type URI made from the type base, and
// matches its schema, which rejects a member without since or with half
// of a replacement.
func TestContractLifecycle(t *testing.T) {
	src := fstest.MapFS{
		"data/errors/401.yaml": {Data: []byte("id: \"401\"\nstatus: 401\ntitle: Unauthorized\n")},
		"data/errors/403.yaml": {Data: []byte("id: \"403\"\nstatus: 403\ntitle: Forbidden\nretired:\n  since: \"6.0\"\n  note: Use **401**.\n  replaced_by: \"401\"\n")},
		"data/errors/429.yaml": {Data: []byte("id: \"429\"\nstatus: 429\ntitle: Too Many Requests\ndeprecated:\n  since: \"5.3\"\n")},
	}
	res, err := buildFS(t, src, false, publish.Config{TypeBaseURL: "https://api.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	var c publish.Contract
	if err := json.Unmarshal(file(t, res.Tree, "errors.json"), &c); err != nil {
		t.Fatal(err)
	}
	got := map[string][2]*publish.LifecycleJSON{}
	for _, e := range c.Errors {
		got[e.ID] = [2]*publish.LifecycleJSON{e.Deprecated, e.Retired}
	}
	if d, r := got["401"][0], got["401"][1]; d != nil || r != nil {
		t.Errorf("401: deprecated %+v, retired %+v; want neither", d, r)
	}
	want := publish.LifecycleJSON{Since: "6.0", Note: "Use **401**.", ReplacedBy: "401", ReplacedByType: "https://api.example.com/errors/401/"}
	if r := got["403"][1]; got["403"][0] != nil || r == nil || *r != want {
		t.Errorf("403: deprecated %+v, retired %+v; want retired %+v", got["403"][0], r, want)
	}
	if d := got["429"][0]; got["429"][1] != nil || d == nil || *d != (publish.LifecycleJSON{Since: "5.3"}) {
		t.Errorf("429: deprecated %+v, retired %+v; want deprecated since 5.3", d, got["429"][1])
	}

	all, one := compileSchema(t, res.Tree, ""), compileSchema(t, res.Tree, "#/$defs/error")
	for name, s := range map[string]*jsonschema.Schema{"errors.json": all, "errors/403.json": one, "errors/429.json": one} {
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(file(t, res.Tree, name)))
		if err := s.Validate(v); err != nil {
			t.Errorf("%s does not match its schema: %v", name, err)
		}
	}
	const e = `"id": "403", "type": "https://a/", "status": 403, "title": "F", "url": "https://a/", "entry": "https://a/", "json": "https://a/"`
	for _, b := range []string{
		`{"$schema": "x", "errors": [{` + e + `, "retired": {"note": "x"}}]}`,
		`{"$schema": "x", "errors": [{` + e + `, "retired": {"since": "6.0", "replaced_by": "401"}}]}`,
		`{"$schema": "x", "errors": [{` + e + `, "deprecated": {"since": "", "replaced_by": "401"}}]}`,
		`{"$schema": "x", "errors": [{` + e + `, "deprecated": {"since": "5", "until": "6"}}]}`,
	} {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(b))
		if all.Validate(v) == nil {
			t.Errorf("schema accepts %s", b)
		}
	}
}
