package markdown

import (
	"bytes"
	"html"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// formatHTML writes tokens as chroma's HTML formatter does with CSS classes
// and no line numbers, byte for byte (TestFormatHTML and FuzzFormatHTML
// compare the two). chroma's formatter makes a string with fmt.Sprintf for
// every token and splits the tokens into lines in new slices: on the
// 10,000-page corpus it allocated more than all of goldmark.
func formatHTML(w interface{ WriteString(string) (int, error) }, tokens []chroma.Token) {
	pre := preTags()
	w.WriteString(pre.start)
	lp := linePool.Get().(*[]chroma.Token)
	line := (*lp)[:0]
tokens:
	for _, tok := range tokens {
		// As chroma.SplitTokensIntoLines: a token's text up to each newline
		// ends a line; an empty rest is dropped.
		for {
			i := strings.IndexByte(tok.Value, '\n')
			if i < 0 {
				break
			}
			writeLine(w, append(line, chroma.Token{Type: tok.Type, Value: tok.Value[:i+1]}))
			line = line[:0]
			if tok.Value = tok.Value[i+1:]; tok.Value == "" {
				continue tokens
			}
		}
		line = append(line, tok)
	}
	// A last line of one empty token is dropped, as chroma does.
	if len(line) > 0 && !(len(line) == 1 && line[0].Value == "") {
		writeLine(w, line)
	}
	*lp = line[:0]
	linePool.Put(lp)
	w.WriteString(pre.end)
}

var linePool = sync.Pool{New: func() any { return new([]chroma.Token) }}

// writeLine writes one line of tokens in chroma's line and code-line spans.
func writeLine(w interface{ WriteString(string) (int, error) }, line []chroma.Token) {
	w.WriteString(lineOpen)
	for _, tok := range line {
		text := html.EscapeString(tok.Value)
		if cls := tokenClass(tok.Type); cls != "" {
			w.WriteString(`<span class="`)
			w.WriteString(cls)
			w.WriteString(`">`)
			w.WriteString(text)
			w.WriteString(`</span>`)
		} else {
			w.WriteString(text)
		}
	}
	w.WriteString(`</span></span>`)
}

// lineOpen starts a line: chroma's line and code-line spans.
var lineOpen = `<span class="` + tokenClass(chroma.Line) + `"><span class="` + tokenClass(chroma.CodeLine) + `">`

// tokenClass is chroma's CSS class of a token type: that of the type or
// of its nearest parent chroma names.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

// preTags are the tags the formatter wraps code in, taken from chroma's
// own output for no tokens so they stay what chroma writes.
var preTags = sync.OnceValue(func() (p struct{ start, end string }) {
	var b bytes.Buffer
	formatter.Format(&b, styles.Fallback, chroma.Literator())
	const end = "</code></pre>"
	p.start, p.end = strings.TrimSuffix(b.String(), end), end
	return p
})
