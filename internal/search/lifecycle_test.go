package search_test

import (
	"testing"

	"errdocs/internal/search"
)

// TestLifecycle: a retired or deprecated error is found by its code as
// any other, and its result says so, since when and what replaces it; the
// word "retired" finds the retired errors; a retired error's variants are
// marked too.
func TestLifecycle(t *testing.T) {
	fsys := indexOf(t, map[string]string{
		"data/errors/401.yaml": "id: \"401\"\nstatus: 401\ntitle: Unauthorized\nsummary: Bad credentials.\n",
		"data/errors/403.yaml": "id: \"403\"\nstatus: 403\ntitle: Forbidden\nsummary: No permission.\n" +
			"variants:\n  - id: no-scope\n    title: Missing scope\n" +
			"retired:\n  since: \"6.0\"\n  note: Answered as 401 now.\n  replaced_by: \"401\"\n",
		"data/errors/429.yaml": "id: \"429\"\nstatus: 429\ntitle: Too Many Requests\nsummary: Slow down.\ndeprecated:\n  since: \"5.3\"\n",
	})
	tests := []struct {
		q, url, sub string
	}{
		{"403", "/errors/403/", "Retired since 6.0; use 401 Unauthorized"},
		{"forbidden", "/errors/403/", "Retired since 6.0; use 401 Unauthorized"},
		{"retired", "/errors/403/", "Retired since 6.0; use 401 Unauthorized"},
		{"missing scope", "/errors/403/#403-no-scope", "403 Forbidden (retired)"},
		{"429", "/errors/429/", "Deprecated since 5.3"},
		{"401", "/errors/401/", ""},
	}
	for _, tt := range tests {
		r, err := search.Open(fsys)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.Search(tt.q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].URL != tt.url || res.Hits[0].Sub != tt.sub {
			t.Errorf("%q: first hit %+v, want %s with %q", tt.q, res.Hits, tt.url, tt.sub)
		}
	}
}
