package markdown

import (
	"testing"

	"github.com/alecthomas/chroma/v2"

	"errdocs/internal/highlight"
)

// TestLexerFastPaths checks that code blocks in JSON, Go and bash, named
// by any of chroma's names or aliases for them, get the hand-written
// lexers, and other languages chroma's.
func TestLexerFastPaths(t *testing.T) {
	for lang, want := range map[string]chroma.Lexer{
		"json": highlight.JSON, "JSON": highlight.JSON, "jsonl": highlight.JSON,
		"go": highlight.Go, "golang": highlight.Go, "Go": highlight.Go,
		"bash": highlight.Bash, "sh": highlight.Bash, "shell": highlight.Bash,
		"zsh": highlight.Bash, "ksh": highlight.Bash,
	} {
		if got := lexer(lang); got != want {
			t.Errorf("lexer(%q) = %v, want the hand-written %s lexer", lang, got.Config().Name, want.Config().Name)
		}
	}
	for _, lang := range []string{"python", "yaml", "console", "http", "nosuchlanguage"} {
		if _, fast := lexer(lang).(*highlight.Lexer); fast {
			t.Errorf("lexer(%q) is a hand-written lexer, want chroma's", lang)
		}
	}
}
