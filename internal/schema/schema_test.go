package schema

import (
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"errdocs/internal/diag"
)

const testSchema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "additionalProperties": false,
  "required": ["id"],
  "properties": {
    "id": {"type": "string", "pattern": "^[a-z]+$"},
    "n": {"type": "integer", "minimum": 1},
    "steps": {"type": "array", "items": {"oneOf": [
      {"type": "string", "pattern": "^[a-z-]+$"},
      {"type": "object", "required": ["text"], "additionalProperties": false, "properties": {"text": {"type": "string"}}}
    ]}},
    "notes": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}, "additionalProperties": {"type": "string"}}
  }
}`

func TestValidate(t *testing.T) {
	var problems diag.List
	s := Load(fstest.MapFS{"data/schema/t.schema.json": {Data: []byte(testSchema)}}, &problems)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	tests := []struct {
		name, src, want string
	}{
		{name: "valid", src: "id: abc\nn: 2\nsteps: [a-b, {text: x}]\nnotes: {a: x}\n"},
		{name: "any scalar is a string", src: "id: abc\nnotes: {a: 5, b: true, c: }\n"},
		{name: "pattern and minimum at the value", src: "id: ABC\nn: 0\n",
			want: "f.yaml:1:5: \"ABC\" does not match the pattern ^[a-z]+$ (t.schema.json)\nf.yaml:2:4: 0 is below the minimum 1 (t.schema.json)"},
		{name: "unknown key at the key, missing at the mapping", src: "x: 1\n",
			want: "f.yaml:1:1: missing required key \"id\" (t.schema.json)\nf.yaml:1:1: unknown key \"x\" (t.schema.json)"},
		{name: "misspelt required key is reported once", src: "idd: abc\n",
			want: "f.yaml:1:1: unknown key \"idd\" (t.schema.json)"},
		{name: "oneOf: the alternative of the value's type; txt is taken for text", src: "id: a\nsteps:\n  - Bad\n  - {txt: x}\n  - [list]\n",
			want: "f.yaml:3:5: \"Bad\" does not match the pattern ^[a-z-]+$ (t.schema.json)\n" +
				"f.yaml:4:6: unknown key \"txt\" (t.schema.json)\n" +
				"f.yaml:5:5: want object or string, got a list (t.schema.json)"},
		{name: "propertyNames at the key", src: "id: a\nnotes:\n  ok: x\n  Bad: y\n",
			want: "f.yaml:4:3: key \"Bad\": \"Bad\" does not match the pattern ^[a-z]+$ (t.schema.json)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(tt.src), &n); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range s.Validate("t.schema.json", "f.yaml", 0, n.Content[0]) {
				got = append(got, p.String())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}

func TestLoadProblems(t *testing.T) {
	var problems diag.List
	Load(fstest.MapFS{
		"data/schema/a.schema.json": {Data: []byte("{\n  \"type\": \"object\",\n  \"required\": 5\n}\n")},
		"data/schema/b.schema.json": {Data: []byte("{\n  \"$ref\": \"https://example.com/x.json\"\n}\n")},
	}, &problems)
	got := problems.Sort().Error()
	for _, want := range []string{"data/schema/a.schema.json: invalid schema", "data/schema/b.schema.json: invalid schema"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems:\n%s\nwant one starting %q", got, want)
		}
	}
}
