package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// chromaHTML is what chroma's own formatter writes for tokens.
func chromaHTML(t testing.TB, tokens []chroma.Token) string {
	var b bytes.Buffer
	if err := formatter.Format(&b, styles.Fallback, chroma.Literator(tokens...)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func ourHTML(tokens []chroma.Token) string {
	var b strings.Builder
	formatHTML(&b, tokens)
	return b.String()
}

var formatLangs = []string{"json", "go", "bash", "yaml", "python", "html", "text", ""}

// TestFormatHTML compares formatHTML with chroma's formatter on code of
// several languages and on token lists no lexer makes: empty tokens,
// tokens with several newlines, a last line of one empty token, types
// chroma has no class for.
func TestFormatHTML(t *testing.T) {
	codes := []string{
		"{\"a\": [1, 2.5, true, null, \"<tag> & 'q'\"]}\n",
		"package main\n\nfunc main() {\n\tprintln(\"hi\") // <b>\n}\n",
		"curl -H 'Authorization: Bearer $TOKEN' https://x/v5/sims?a=1&b=2\necho \"done\"",
		"a: 1\nb:\n  - c\n", "def f(x):\n    return x < 2\n", "<p class=\"x\">t</p>", "", "\n", "\n\n\nx",
	}
	for _, lang := range formatLangs {
		for _, code := range codes {
			l := lexers.Get(lang)
			if l == nil {
				l = lexers.Fallback
			}
			it, err := l.Tokenise(nil, code)
			if err != nil {
				t.Fatal(err)
			}
			tokens := it.Tokens()
			if got, want := ourHTML(tokens), chromaHTML(t, tokens); got != want {
				t.Errorf("%s %q:\n got %s\nwant %s", lang, code, got, want)
			}
		}
	}
	odd := [][]chroma.Token{
		nil,
		{{Type: chroma.Keyword, Value: ""}},
		{{Type: chroma.Text, Value: "a\n"}, {Type: chroma.Keyword, Value: ""}},
		{{Type: chroma.Text, Value: "a\n"}, {Type: chroma.Keyword, Value: ""}, {Type: chroma.Text, Value: ""}},
		{{Type: chroma.String, Value: "a\n\nb\n"}, {Type: chroma.Comment, Value: "\n"}, {Type: chroma.Name, Value: "x"}},
		{{Type: chroma.TokenType(-99), Value: "neg"}, {Type: chroma.TokenType(123456), Value: "big\n"}, {Type: chroma.NameBuiltinPseudo + 77, Value: "sub"}},
		{{Type: chroma.Error, Value: "\"'<>&"}, {Type: chroma.Background, Value: "bg"}, {Type: chroma.Line, Value: "l"}},
	}
	for _, tokens := range odd {
		if got, want := ourHTML(tokens), chromaHTML(t, tokens); got != want {
			t.Errorf("%v:\n got %s\nwant %s", tokens, got, want)
		}
	}
}

// FuzzFormatHTML compares formatHTML with chroma's formatter on whatever
// chroma's lexers make of any text.
func FuzzFormatHTML(f *testing.F) {
	for _, s := range []string{"{\"a\": 1}\n", "x := `y`\n\n", "echo $HOME # c\r\n", "- a: [b]\n"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, code string, lang uint8) {
		l := lexers.Get(formatLangs[int(lang)%len(formatLangs)])
		if l == nil {
			l = lexers.Fallback
		}
		it, err := l.Tokenise(nil, code)
		if err != nil {
			return
		}
		tokens := it.Tokens()
		if got, want := ourHTML(tokens), chromaHTML(t, tokens); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", code, got, want)
		}
	})
}
