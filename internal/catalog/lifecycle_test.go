package catalog

import (
	"slices"
	"testing"
)

// TestLifecycle reads a deprecated and a retired error: their state, what
// replaces them, their positions, and their notes among the prose.
func TestLifecycle(t *testing.T) {
	c, problems := load(t, map[string]string{
		"data/errors/401.yaml": "id: \"401\"\nstatus: 401\ntitle: Unauthorized\n",
		"data/errors/403.yaml": "id: \"403\"\nstatus: 403\ntitle: Forbidden\nretired:\n  since: 6.0\n  note: Use *401*.\n  replaced_by: \"401\"\n",
		"data/errors/429.yaml": "id: \"429\"\nstatus: 429\ntitle: Too Many Requests\ndeprecated:\n  since: \"5.10\"\n",
	})
	if len(problems) > 0 {
		t.Fatalf("problems:\n%v", problems)
	}
	tests := []struct {
		id, state, since, replacement string
	}{
		{"401", "", "", ""},
		{"403", "retired", "6.0", "401"},
		{"429", "deprecated", "5.10", ""},
	}
	for _, tt := range tests {
		e := c.Error(tt.id)
		since := ""
		if l := e.Lifecycle(); l != nil {
			since = l.Since
		}
		if e.State() != tt.state || since != tt.since || e.Replacement() != tt.replacement {
			t.Errorf("error %s: state %q, since %q, replaced by %q; want %q, %q, %q",
				tt.id, e.State(), since, e.Replacement(), tt.state, tt.since, tt.replacement)
		}
	}
	r := c.Error("403").Retired
	if r.Pos.Line != 5 || r.Pos.Col != 3 || r.ReplacedBy.Pos.Line != 7 || r.ReplacedBy.Pos.Col != 16 {
		t.Errorf("retired at %v, replaced_by at %v; want 5:3 and 7:16", r.Pos, r.ReplacedBy.Pos)
	}
	var prose []string
	for _, text := range c.Prose() {
		prose = append(prose, text)
	}
	if !slices.Contains(prose, "Use *401*.") {
		t.Errorf("the prose %q lacks the retirement's note", prose)
	}
}
