package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// JSON states, as in chroma's lexers/embedded/json.xml. The root state is
// "value".
const (
	jsonValue uint8 = iota
	jsonObject
	jsonAttribute
	jsonArray
)

// jsonStep matches one rule of chroma's JSON lexer (DotAll, not multiline).
func jsonStep(m *machine) {
	s, p := m.src, m.pos
	c := s[p]
	switch m.top() {
	case jsonValue:
		if jsonValueRule(m, jsonString(s, p), chroma.LiteralStringDouble) {
			return
		}
	case jsonObject: // whitespace, comment, key, }
		switch {
		case jsonSpace(m):
			return
		case jsonComment(m):
			return
		case c == '"':
			if end := jsonString(s, p); end >= 0 {
				m.emit(chroma.NameTag, end)
				m.push(jsonAttribute)
				return
			}
		case c == '}':
			m.emit(chroma.Punctuation, p+1)
			m.pop(1)
			return
		}
	case jsonAttribute: // value, :, ",", }
		if jsonValueRule(m, jsonString(s, p), chroma.LiteralStringDouble) {
			return
		}
		switch c {
		case ':':
			m.emit(chroma.Punctuation, p+1)
			return
		case ',':
			m.emit(chroma.Punctuation, p+1)
			m.pop(1)
			return
		case '}':
			m.emit(chroma.Punctuation, p+1)
			m.pop(2)
			return
		}
	case jsonArray: // whitespace, value, comment, ",", ]
		if jsonValueRule(m, jsonString(s, p), chroma.LiteralStringDouble) {
			return
		}
		switch c {
		case ',':
			m.emit(chroma.Punctuation, p+1)
			return
		case ']':
			m.emit(chroma.Punctuation, p+1)
			m.pop(1)
			return
		}
	}
	m.noMatch()
}

// jsonString is the string rule, "(\\\\|\\"|[^"])*"; -1 if none here.
func jsonString(s string, p int) int {
	if s[p] != '"' {
		return -1
	}
	return quoted(s, p)
}

// jsonValueRule is the "value" state: whitespace, keyword constants,
// numbers, strings, comments, { and [.
func jsonValueRule(m *machine, strEnd int, strType chroma.TokenType) bool {
	s, p := m.src, m.pos
	switch c := s[p]; {
	case jsonSpace(m):
		return true
	case c == 't' || c == 'f' || c == 'n':
		// (true|false|null)\b
		for _, w := range [...]string{"true", "false", "null"} {
			if strings.HasPrefix(s[p:], w) && !runeIs(s, p+len(w), isWord) {
				m.emit(chroma.KeywordConstant, p+len(w))
				return true
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		if end, typ := jsonNumber(s, p); end > 0 {
			m.emit(typ, end)
			return true
		}
	case c == '"':
		if strEnd >= 0 {
			m.emit(strType, strEnd)
			return true
		}
	case jsonComment(m):
		return true
	case c == '{':
		m.emit(chroma.Punctuation, p+1)
		m.push(jsonObject)
		return true
	case c == '[':
		m.emit(chroma.Punctuation, p+1)
		m.push(jsonArray)
		return true
	}
	return false
}

// jsonSpace is \s+ as Text.
func jsonSpace(m *machine) bool {
	if end := spaceEnd(m.src, m.pos); end > m.pos {
		m.emit(chroma.Text, end)
		return true
	}
	return false
}

// jsonComment is //.*?\n (DotAll): up to and including the next newline,
// which must be there.
func jsonComment(m *machine) bool {
	s, p := m.src, m.pos
	if !strings.HasPrefix(s[p:], "//") {
		return false
	}
	// memo is 1 + the index of the text's last newline (else -1), so
	// that a run of slashes with no newline after costs no rescans.
	if m.memo == 0 {
		m.memo = strings.LastIndexByte(s, '\n') + 1
		if m.memo == 0 {
			m.memo = -1
		}
	}
	if m.memo-1 < p+2 {
		return false
	}
	nl := strings.IndexByte(s[p+2:], '\n')
	m.emit(chroma.CommentSingle, p+2+nl+1)
	return true
}

// jsonNumber is the float rule
// -?(0|[1-9]\d*)(\.\d+[eE](\+|-)?\d+|[eE](\+|-)?\d+|\.\d+), then the
// integer rule -?(0|[1-9]\d*). It returns 0 if neither matches.
func jsonNumber(s string, p int) (int, chroma.TokenType) {
	i := p
	if s[i] == '-' {
		i++
	}
	switch c := byteAt(s, i); {
	case c == '0':
		i++
	case c >= '1' && c <= '9':
		i = digitEnd(s, i+1)
	default:
		return 0, 0
	}
	if byteAt(s, i) == '.' {
		if d := digitEnd(s, i+1); d > i+1 {
			if e := exponent(s, d, false); e > 0 {
				return e, chroma.LiteralNumberFloat
			}
			return d, chroma.LiteralNumberFloat
		}
	} else if e := exponent(s, i, false); e > 0 {
		return e, chroma.LiteralNumberFloat
	}
	return i, chroma.LiteralNumberInteger
}

// exponent matches [eE][+-]?\d+ at s[i] (the sign required if signed) and
// returns its end, or 0.
func exponent(s string, i int, signed bool) int {
	if c := byteAt(s, i); c != 'e' && c != 'E' {
		return 0
	}
	i++
	if c := byteAt(s, i); c == '+' || c == '-' {
		i++
	} else if signed {
		return 0
	}
	if d := digitEnd(s, i); d > i {
		return d
	}
	return 0
}
