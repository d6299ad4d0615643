package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestSections(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Section
	}{
		{
			name: "intro only",
			src:  "Hello *big*\nworld, see [the list](/errors/).\n",
			want: []Section{{Text: "Hello big world, see the list."}},
		},
		{
			name: "h2 and h3 split, h4 stays inside",
			src: "Intro.\n\n## What to include {#include}\n\nThe `title` field.\n\n" +
				"### Detail\n\nOne.\n\n#### Deeper\n\nTwo.\n\n## See also\n",
			want: []Section{
				{Text: "Intro."},
				{Level: 2, ID: "include", Title: "What to include", Text: "The title field."},
				{Level: 3, ID: "detail", Title: "Detail", Text: "One. Deeper Two."},
				{Level: 2, ID: "see-also", Title: "See also"},
			},
		},
		{
			name: "code blocks and html left out, lists and tables spaced",
			src: "## Call\n\n```json\n{\"iccid\": \"8949\"}\n```\n\n<div>raw</div>\n\n" +
				"- first\n- second\n\n| a | b |\n|---|---|\n| `400` | Bad |\n\n    indented code\n",
			want: []Section{
				{},
				{Level: 2, ID: "call", Title: "Call", Text: "first second a b 400 Bad"},
			},
		},
		{
			name: "autolink and words across inline markup",
			src:  "Mail <https://example.com/x> or use **page**Size.\n",
			want: []Section{{Text: "Mail https://example.com/x or use pageSize."}},
		},
	}
	r := New(Config{Terms: []Term{{Name: "title", URL: "/glossary/#title"}}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.NewDoc().Render([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Sections, tt.want) {
				t.Errorf("Sections =\n%#v\nwant\n%#v", res.Sections, tt.want)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ src, want string }{
		{"Go to **Application Access Management**.", "Go to Application Access Management."},
		{"see [rate limiting](/glossary/#rate-limiting))", "see rate limiting)"},
		{"`pageSize` and `pageNumber` must be valid numbers.", "pageSize and pageNumber must be valid numbers."},
		{"Line one\nline two\n\n- a\n- b", "Line one line two a b"},
		{"", ""},
	}
	r := New(Config{})
	for _, tt := range tests {
		if got := r.Plain(tt.src); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// squeezeWant is what squeeze must return.
func squeezeWant(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestSqueeze(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", " a", "a ", "  a  b  ", "a b", "a  b", "a\tb", "a\nb", "a \nb", "a\u00a0b",
		"\u3000a\u2003b\u0085", "a\xffb", "\xff ", " \xff", "one two three", "x\r\ny", "a\vb\fc",
		"é ü", " é", "é ", "a \u2028 b",
	} {
		if got, want := squeeze(s), squeezeWant(s); got != want {
			t.Errorf("squeeze(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzSqueeze(f *testing.F) {
	f.Add("  a \t b\u00a0c ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := squeeze(s), squeezeWant(s); got != want {
			t.Errorf("squeeze(%q) = %q, want %q", s, got, want)
		}
	})
}
