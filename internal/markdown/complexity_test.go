package markdown

import (
	"strings"
	"testing"
)

// TestComplexity renders crafted input that takes goldmark seconds to
// minutes: each is refused at its block's line and shown as plain text,
// while real pages stay far below the limit.
func TestComplexity(t *testing.T) {
	r := New(Config{})
	line := func(unit string) string { return strings.Repeat(unit, 40000/len(unit)) + "\n" }
	tests := []struct {
		name, src string
		line      int // of the problem; 0: none
	}{
		{name: "links", src: "# Title\n\n" + line("[a]("), line: 3},
		{name: "emphasis", src: line("*a_"), line: 1},
		{name: "images", src: line("![a]("), line: 1},
		{name: "quotes", src: "intro\n\n" + line(">"), line: 3},
		{name: "ordered lists", src: line("1. "), line: 1},
		{name: "a backtick fence with a backtick in its info is no fence", src: "```a`\n" + line("[a]("), line: 1},
		{name: "fenced code does not count", src: "```\n" + line("[a](") + "```\n\ntext\n"},
		{name: "many short paragraphs", src: strings.Repeat("See [a](/a/) and *b* and `c`.\n\n", 5000)},
		{name: "a long real paragraph", src: strings.Repeat("See [the error](/errors/#401) for *details*. ", 400) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.NewDoc().Render([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.line == 0 && len(res.Problems) > 0:
				t.Errorf("problems %v, want none", res.Problems)
			case tt.line > 0 && (len(res.Problems) != 1 || res.Problems[0].Line != tt.line ||
				!strings.HasPrefix(res.Problems[0].Msg, "Markdown too complex")):
				t.Errorf("problems %v, want one at line %d", res.Problems, tt.line)
			}
		})
	}
}
