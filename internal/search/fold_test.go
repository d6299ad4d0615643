package search

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// FoldCases reads testdata/fold.txt: input and the words Tokens must
// return. The browser test holds search.js to the same cases.
func FoldCases(t testing.TB) [][2]string {
	t.Helper()
	b, err := os.ReadFile("testdata/fold.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		in, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("testdata/fold.txt:%d: want input<TAB>words", i+1)
		}
		out = append(out, [2]string{in, want})
	}
	return out
}

func TestTokens(t *testing.T) {
	for _, c := range FoldCases(t) {
		if got := strings.Join(Tokens(c[0]), " "); got != c[1] {
			t.Errorf("Tokens(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestFoldKeepsSeparators(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Résumé — OK?", "resume — ok?"},
		{"401-TMUS", "401-tmus"},
		{"  spaced  ", "  spaced  "},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	m := &manifest{Stopwords: stopwords, MinPrefix: MinPrefix, MaxWords: 3}
	tests := []struct {
		q    string
		want Query
	}{
		{"429", Query{Words: []string{"429"}, Prefix: true}},
		{"429 ", Query{Words: []string{"429"}}},
		{"Unauth", Query{Words: []string{"unauth"}, Prefix: true}},
		{"u", Query{Words: []string{"u"}}},
		{"the token", Query{Words: []string{"token"}, Prefix: true}},
		// A last stopword may be the start of a longer word ("to" -> "token").
		{"access to", Query{Words: []string{"access", "to"}, Prefix: true}},
		{"access to ", Query{Words: []string{"access"}}},
		{"token token", Query{Words: []string{"token"}, Prefix: true}},
		{"401-TMUS", Query{Words: []string{"401", "tmus"}, Prefix: true, Code: "401-tmus"}},
		{"400-missing-or-malformed", Query{Words: []string{"400", "missing", "malformed"}, Prefix: true,
			Code: "400-missing-or-malformed"}},
		{"x-request id", Query{Words: []string{"x", "request", "id"}, Prefix: true}},
		{"one two three four", Query{Words: []string{"one", "two", "three"}}},
		{"  ", Query{}},
		{"-", Query{}},
	}
	for _, tt := range tests {
		if got := parseQuery(tt.q, m); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseQuery(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}
