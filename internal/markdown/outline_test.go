package markdown

import (
	"reflect"
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
