package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// Go template states, as in chroma's lexers/embedded/go_template.xml.
const (
	tmplRoot uint8 = iota
	tmplTemplate
	tmplSub
)

// goTemplate lexes m.src[m.pos:end], the inside of a raw string, as chroma's
// Go lexer does: with its Go text template lexer as a separate (nested)
// text, Other tokens remapped to LiteralString. Text outside {{ }} is
// LiteralString; inside, template tokens.
func goTemplate(m *machine, end int) {
	base := m.pos
	s := m.src[base:end] // nested: \b and the like see only this text
	var stackArr [8]uint8
	stack := stackArr[:1]
	p := 0
	emit := func(typ chroma.TokenType, e int) {
		m.pend = append(m.pend, tok{typ, base + p, base + e})
		p = e
	}
	for p < len(s) {
		c := s[p]
		state := stack[len(stack)-1]
		if state == tmplRoot {
			if strings.HasPrefix(s[p:], "{{") {
				if e := tmplComment(s, p); e > 0 {
					emit(chroma.CommentMultiline, e)
					continue
				}
				e := p + 2
				if byteAt(s, e) == '-' {
					e++
				}
				emit(chroma.CommentPreproc, e)
				stack = append(stack, tmplTemplate)
				continue
			}
			if c == '{' {
				emit(chroma.LiteralString, p+1)
				continue
			}
			e := strings.IndexByte(s[p:], '{')
			if e < 0 {
				e = len(s) - p
			}
			emit(chroma.LiteralString, p+e)
			continue
		}
		if state == tmplTemplate {
			if strings.HasPrefix(s[p:], "}}") {
				emit(chroma.CommentPreproc, p+2)
				stack = stack[:len(stack)-1]
				continue
			}
			if strings.HasPrefix(s[p:], "-}}") {
				emit(chroma.CommentPreproc, p+3)
				stack = stack[:len(stack)-1]
				continue
			}
			// \( and the string rule come next, and the expression
			// state has both too: same tokens.
		} else if c == ')' { // tmplSub
			emit(chroma.Operator, p+1)
			stack = stack[:len(stack)-1]
			continue
		}
		// The expression state.
		r, n := decode(s, p)
		switch {
		case isSpace(r):
			emit(chroma.TextWhitespace, spaceEnd(s, p+n))
			continue
		case c == '(':
			emit(chroma.Operator, p+1)
			stack = append(stack, tmplSub)
			continue
		case isWord(r):
			if e := wordEnd(s, p); tmplKeyword(s[p:e]) {
				emit(chroma.Keyword, e)
				continue
			}
		}
		switch {
		case c == '|' || c == '=' || c == ',':
			emit(chroma.Operator, p+1)
			continue
		case c == ':' && byteAt(s, p+1) == '=':
			emit(chroma.Operator, p+2)
			continue
		case isIdentStart(r): // [$]?[^\W\d]\w*
			emit(chroma.NameOther, wordEnd(s, p))
			continue
		case c == '$':
			if runeIs(s, p+1, isIdentStart) {
				emit(chroma.NameOther, wordEnd(s, p+1))
			} else {
				emit(chroma.NameAttribute, p+1) // \$
			}
			continue
		case c == '.': // [$]?\.(?:[^\W\d]\w*)?
			e := p + 1
			if runeIs(s, e, isIdentStart) {
				e = wordEnd(s, e)
			}
			emit(chroma.NameAttribute, e)
			continue
		case c == '"':
			if e := quoted(s, p); e >= 0 {
				emit(chroma.LiteralString, e)
				continue
			}
		case c == '-' || isDigit(r):
			if e, typ := number(s, p, tmplNumbers); e > 0 {
				emit(typ, e)
				continue
			}
		case c == '\'':
			if e := charLit(s, p); e > 0 {
				emit(chroma.LiteralStringChar, e)
				continue
			}
		case c == '`':
			if e := strings.IndexByte(s[p+1:], '`'); e >= 0 {
				emit(chroma.LiteralString, p+1+e+1)
				continue
			}
		}
		// No rule matched: see machine.noMatch.
		if c == '\n' && len(stack) > 1 {
			stack = stack[:1]
			continue
		}
		emit(chroma.Error, p+n)
	}
	m.pos = end
}

// tmplComment is {{(- )?/\*(.|\n)*?\*/( -)?}} at s[p]: its end, or 0.
func tmplComment(s string, p int) int {
	i := p + 2
	if strings.HasPrefix(s[i:], "- ") {
		i += 2
	}
	if !strings.HasPrefix(s[i:], "/*") {
		return 0
	}
	for j := i + 2; j < len(s); j++ {
		if !strings.HasPrefix(s[j:], "*/") {
			continue
		}
		if strings.HasPrefix(s[j+2:], " -}}") {
			return j + 6
		}
		if strings.HasPrefix(s[j+2:], "}}") {
			return j + 4
		}
	}
	return 0
}

func tmplKeyword(w string) bool {
	switch w {
	case "range", "if", "else", "while", "with", "template", "end", "true", "false",
		"nil", "and", "call", "html", "index", "js", "len", "not", "or", "print",
		"printf", "println", "urlquery", "eq", "ne", "lt", "le", "gt", "ge", "block",
		"break", "continue", "define", "slice":
		return true
	}
	return false
}
