package page

import (
	"testing"

	"errdocs/internal/diag"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		fm, body string
		bodyLine int
		ok, term bool
	}{
		{"simple", "---\ntitle: A\n---\nbody\n", "title: A\n", "body\n", 4, true, true},
		{"crlf", "---\r\ntitle: A\r\n---\r\nbody\r\n", "title: A\r\n", "body\r\n", 4, true, true},
		{"bom", "\ufeff---\ntitle: A\n---\n", "title: A\n", "", 4, true, true},
		{"dots close", "---\ntitle: A\n...\nx", "title: A\n", "x", 4, true, true},
		{"empty front matter", "---\n---\nx", "", "x", 3, true, true},
		{"no front matter", "# Title\n", "", "# Title\n", 1, false, false},
		{"unterminated", "---\ntitle: A\nbody\n", "", "", 0, true, false},
		{"only opening", "---", "", "", 0, true, false},
		{"trailing spaces", "--- \ntitle: A\n---  \nx", "title: A\n", "x", 4, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, line, ok := Split([]byte(tt.src))
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if (fm != nil) != tt.term {
				t.Fatalf("terminated = %v, want %v", fm != nil, tt.term)
			}
			if !tt.term {
				return
			}
			if string(fm) != tt.fm || string(body) != tt.body || line != tt.bodyLine {
				t.Errorf("Split = (%q, %q, %d), want (%q, %q, %d)", fm, body, line, tt.fm, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src string
		want      FrontMatter
		problems  string
	}{
		{
			name: "all keys",
			src:  "---\ntitle: Errors\nweight: 17\ndescription: All of them.\nlayout: errors\naliases: [/old/]\ndraft: true\n---\n# x\n",
			want: FrontMatter{Title: "Errors", Weight: 17, Description: "All of them.", Layout: "errors", Aliases: []string{"/old/"}, Draft: true},
		},
		{
			name:     "unknown key with suggestion",
			src:      "---\ntitle: A\nwieght: 3\n---\n",
			problems: `p.md:3:1: unknown key "wieght"; did you mean "weight"?`,
		},
		{
			name:     "missing title",
			src:      "---\nweight: 3\n---\n",
			problems: `p.md:2:1: missing required key "title"`,
		},
		{
			name:     "wrong type",
			src:      "---\ntitle: A\nweight: heavy\n---\n",
			problems: `p.md:3:9: want an integer, got "heavy"`,
		},
		{
			name:     "draft not bool",
			src:      "---\ntitle: A\ndraft: maybe\n---\n",
			problems: `p.md:3:8: want true or false, got "maybe"`,
		},
		{
			name:     "unterminated",
			src:      "---\ntitle: A\n",
			problems: `p.md:1:1: unterminated front matter: no closing "---" line`,
		},
		{
			name:     "no front matter",
			src:      "# Hello\n",
			problems: `p.md:1:1: missing front matter: a page starts with a "---" line, its YAML header (at least "title:") and a closing "---" line`,
		},
		{
			name:     "bad yaml",
			src:      "---\ntitle: [unclosed\n---\n",
			problems: `p.md:3:1: invalid YAML: did not find expected ',' or ']'`,
		},
		{
			name:     "two problems at once",
			src:      "---\ntitle: A\nweight: x\ncolour: red\n---\n",
			problems: "p.md:3:9: want an integer, got \"x\"\np.md:4:1: unknown key \"colour\"",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var problems diag.List
			p := Parse("p.md", []byte(tt.src), &problems)
			if got := problems.Sort().Error(); got != tt.problems {
				t.Fatalf("problems:\n%s\nwant:\n%s", got, tt.problems)
			}
			if tt.problems != "" {
				if p != nil {
					t.Errorf("Parse returned a page despite problems")
				}
				return
			}
			got := p.FrontMatter
			got.Pos = diag.Pos{}
			if got.Title != tt.want.Title || got.Weight != tt.want.Weight || got.Description != tt.want.Description ||
				got.Layout != tt.want.Layout || got.Draft != tt.want.Draft || len(got.Aliases) != len(tt.want.Aliases) {
				t.Errorf("front matter = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestURLOf(t *testing.T) {
	for file, want := range map[string]string{
		"content/_index.md":               "/",
		"content/errors/_index.md":        "/errors/",
		"content/glossary.md":             "/glossary/",
		"content/guides/setup/_index.md":  "/guides/setup/",
		"content/guides/setup/install.md": "/guides/setup/install/",
	} {
		if got := URLOf(file); got != want {
			t.Errorf("URLOf(%q) = %q, want %q", file, got, want)
		}
	}
}
