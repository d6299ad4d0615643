package highlight

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// Bash states, as in chroma's lexers/embedded/bash.xml.
const (
	bashRoot uint8 = iota
	bashString
	bashParen
	bashMath
	bashBackticks
	bashCurly
)

// bashStep matches one rule of chroma's bash lexer (multiline).
func bashStep(m *machine) {
	s, p := m.src, m.pos
	c := s[p]
	switch m.top() {
	case bashString:
		switch {
		case c == '"':
			m.emit(chroma.LiteralStringDouble, p+1)
			m.pop(1)
			return
		case c != '$': // (\\\\|\\[0-7]+|\\.|[^"\\$])+ (DotAll)
			if e := dqBody(s, p); e > p {
				m.emit(chroma.LiteralStringDouble, e)
				return
			}
		}
		if bashInterp(m) {
			return
		}
		m.noMatch()
		return
	case bashParen:
		if c == ')' {
			m.emit(chroma.Keyword, p+1)
			m.pop(1)
			return
		}
	case bashBackticks:
		if c == '`' {
			m.emit(chroma.LiteralStringBacktick, p+1)
			m.pop(1)
			return
		}
	case bashMath:
		switch {
		case c == ')' && byteAt(s, p+1) == ')':
			m.emit(chroma.Keyword, p+2)
			m.pop(1)
			return
		case strings.IndexByte("-+*/%^|&", c) >= 0: // [-+*/%^|&]|\*\*|\|\|
			m.emit(chroma.Operator, p+1)
			return
		}
		if d := digitEnd(s, p); d > p {
			// \d+#\d+, \d+#(?! ), \d+
			if byteAt(s, d) == '#' {
				if e := digitEnd(s, d+1); e > d+1 {
					m.emit(chroma.LiteralNumber, e)
					return
				}
				if byteAt(s, d+1) != ' ' {
					m.emit(chroma.LiteralNumber, d+1)
					return
				}
			}
			m.emit(chroma.LiteralNumber, d)
			return
		}
	case bashCurly:
		switch {
		case c == '}':
			m.emit(chroma.LiteralStringInterpol, p+1)
			m.pop(1)
			return
		case c == ':' && byteAt(s, p+1) == '-':
			m.emit(chroma.Keyword, p+2)
			return
		}
		if e := wordEnd(s, p); e > p { // \w+
			m.emit(chroma.NameVariable, e)
			return
		}
		if e := curlyPunct(s, p); e > p { // [^}:"\'`$\\]+
			m.emit(chroma.Punctuation, e)
			return
		}
		if c == ':' {
			m.emit(chroma.Punctuation, p+1)
			return
		}
	}
	if bashRootRules(m) {
		return
	}
	m.noMatch()
}

// bashRootRules is the root state: basic, backticks, data, interp.
func bashRootRules(m *machine) bool {
	s, p := m.src, m.pos
	c := s[p]
	r, n := decode(s, p)

	// basic
	if isWord(r) && !prevIsWord(s, p) { // \b before a word
		w := wordEnd(s, p)
		if bashKeyword(s[p:w]) {
			// \b(keywords)(\s*)\b: the spaces are taken only if a
			// word follows them (else the second \b fails there).
			m.emit(chroma.Keyword, w)
			if e := spaceEnd(s, w); e > w && runeIs(s, e, isWord) {
				m.emit(chroma.Text, e)
			}
			return true
		}
		// \b(builtins)(?=[\s)`]): the builtins are lower-case words.
		if l := runWhile(s, p, isLower); bashBuiltin(s[p:l]) && l < len(s) {
			if r, _ := decode(s, l); isSpace(r) || r == ')' || r == '`' {
				m.emit(chroma.NameBuiltin, l)
				return true
			}
		}
	}
	if c == '#' {
		if p == 0 && strings.HasPrefix(s, "#!") { // \A#!.+\n
			if nl := strings.IndexByte(s, '\n'); nl > 2 {
				m.emit(chroma.CommentPreproc, nl+1)
				return true
			}
		}
		// #.*(\S|$): to the end of the line.
		e := strings.IndexByte(s[p:], '\n')
		if e < 0 {
			e = len(s) - p
		}
		m.emit(chroma.CommentSingle, p+e)
		return true
	}
	if c == '\\' && p+1 < len(s) { // \\[\w\W]
		_, n := decode(s, p+1)
		m.emit(chroma.LiteralStringEscape, p+1+n)
		return true
	}
	if isWord(r) && !prevIsWord(s, p) { // (\b\w+)(\s*)(\+?=)
		w := wordEnd(s, p)
		e := spaceEnd(s, w)
		op := 0
		if byteAt(s, e) == '=' {
			op = 1
		} else if byteAt(s, e) == '+' && byteAt(s, e+1) == '=' {
			op = 2
		}
		if op > 0 {
			m.emit(chroma.NameVariable, w)
			m.emit(chroma.Text, e)
			m.emit(chroma.Operator, e+op)
			return true
		}
	}
	switch c {
	case '[', ']', '{', '}', '(', ')', '=':
		m.emit(chroma.Operator, p+1)
		return true
	case '<':
		if strings.HasPrefix(s[p:], "<<<") {
			m.emit(chroma.Operator, p+3)
			return true
		}
		if e := heredoc(s, p); e > 0 {
			m.emit(chroma.LiteralString, e)
			return true
		}
	case '&', '|':
		if byteAt(s, p+1) == c { // &&|\|\|
			m.emit(chroma.Operator, p+2)
			return true
		}
	case '`':
		m.emit(chroma.LiteralStringBacktick, p+1)
		m.push(bashBackticks)
		return true
	}

	// data
	switch c {
	case '"', '$':
		// (?s)\$?"(\\\\|\\[0-7]+|\\.|[^"\\$])*"
		q := p
		if c == '$' {
			q++
		}
		if byteAt(s, q) == '"' {
			if e := dqBody(s, q+1); byteAt(s, e) == '"' {
				m.emit(chroma.LiteralStringDouble, e+1)
				return true
			}
		}
		if c == '"' {
			m.emit(chroma.LiteralStringDouble, p+1)
			m.push(bashString)
			return true
		}
		// (?s)\$'(\\\\|\\[0-7]+|\\.|[^'\\])*'
		if byteAt(s, p+1) == '\'' {
			if e := ansiCBody(s, p+2); byteAt(s, e) == '\'' {
				m.emit(chroma.LiteralStringSingle, e+1)
				return true
			}
		}
	case '\'': // (?s)'.*?'
		if e := strings.IndexByte(s[p+1:], '\''); e >= 0 {
			m.emit(chroma.LiteralStringSingle, p+1+e+1)
			return true
		}
	case ';', '&', '|':
		m.emit(chroma.Punctuation, p+1)
		return true
	}
	if isSpace(r) { // \s+
		m.emit(chroma.Text, spaceEnd(s, p+n))
		return true
	}
	if isDigit(r) { // \d+(?= |$)
		d := digitEnd(s, p+n)
		if d == len(s) || s[d] == ' ' || s[d] == '\n' {
			m.emit(chroma.LiteralNumber, d)
			return true
		}
	}
	if e := dataText(s, p); e > p { // [^=\s\[\]{}()$"\'`\\<&|;]+
		m.emit(chroma.Text, e)
		return true
	}
	if c == '<' {
		m.emit(chroma.Text, p+1)
		return true
	}

	// interp
	return c == '$' && bashInterp(m)
}

// bashInterp is the interp state: $((, $(, ${, variables, and a lone $.
func bashInterp(m *machine) bool {
	s, p := m.src, m.pos
	if s[p] != '$' {
		return false
	}
	switch c := byteAt(s, p+1); {
	case c == '(' && byteAt(s, p+2) == '(':
		m.emit(chroma.Keyword, p+3)
		m.push(bashMath)
	case c == '(':
		m.emit(chroma.Keyword, p+2)
		m.push(bashParen)
	case c == '{': // \$\{#?
		e := p + 2
		if byteAt(s, e) == '#' {
			e++
		}
		m.emit(chroma.LiteralStringInterpol, e)
		m.push(bashCurly)
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_': // \$[a-zA-Z_]\w*
		m.emit(chroma.NameVariable, wordEnd(s, p+1))
	case strings.IndexByte("#$?!_*@-", c) >= 0 && c != 0: // \$(?:\d+|[#$?!_*@-])
		m.emit(chroma.NameVariable, p+2)
	default:
		if d := digitEnd(s, p+1); d > p+1 {
			m.emit(chroma.NameVariable, d)
		} else {
			m.emit(chroma.Text, p+1)
		}
	}
	return true
}

// dqBody scans (\\\\|\\[0-7]+|\\.|[^"\\$])* (DotAll) from i: a backslash
// takes the rune after it, and the body stops at ", $, the end, or a
// backslash with nothing after it.
func dqBody(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '"', '$':
			return i
		case '\\':
			if i+1 == len(s) {
				return i
			}
			_, n := decode(s, i+1)
			i += 1 + n
		default:
			i++
		}
	}
	return i
}

// ansiCBody scans (\\\\|\\[0-7]+|\\.|[^'\\])* (DotAll) from i.
func ansiCBody(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '\'':
			return i
		case '\\':
			if i+1 == len(s) {
				return i
			}
			_, n := decode(s, i+1)
			i += 1 + n
		default:
			i++
		}
	}
	return i
}

// heredoc is <<-?\s*(\'?)\\?(\w+)[\w\W]+?\2 at s[p]: its end, or 0. The
// delimiter is the word after <<; if it does not recur (at least one rune
// after it), the regexp backtracks to ever shorter prefixes of the word.
func heredoc(s string, p int) int {
	if byteAt(s, p+1) != '<' {
		return 0
	}
	i := p + 2
	if byteAt(s, i) == '-' {
		i++
	}
	i = spaceEnd(s, i)
	if byteAt(s, i) == '\'' {
		i++
	}
	if byteAt(s, i) == '\\' {
		i++
	}
	w := wordEnd(s, i)
	for e := w; e > i; {
		if e < len(s) {
			_, n := decode(s, e)
			if j := strings.Index(s[e+n:], s[i:e]); j >= 0 {
				return e + n + j + (e - i)
			}
		}
		// the word's last rune off
		for e--; e > i && s[e]&0xC0 == 0x80; e-- {
		}
	}
	return 0
}

// dataText is [^=\s\[\]{}()$"\'`\\<&|;]+ from p: its end.
func dataText(s string, p int) int {
	return runWhile(s, p, func(r rune) bool {
		return !isSpace(r) && !(r < 0x80 && strings.IndexByte("=[]{}()$\"'`\\<&|;", byte(r)) >= 0)
	})
}

// curlyPunct is [^}:"\'`$\\]+ from p: its end.
func curlyPunct(s string, p int) int {
	for i := p; i < len(s); i++ {
		if strings.IndexByte("}:\"'`$\\", s[i]) >= 0 {
			return i
		}
	}
	return len(s)
}

func isLower(r rune) bool { return r >= 'a' && r <= 'z' }

// prevIsWord reports whether the rune before s[i] is a word rune.
func prevIsWord(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWord(r)
}

func bashKeyword(w string) bool {
	switch w {
	case "if", "fi", "else", "while", "do", "done", "for", "then", "return",
		"function", "case", "select", "continue", "until", "esac", "elif":
		return true
	}
	return false
}

func bashBuiltin(w string) bool {
	switch w {
	case "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command",
		"compgen", "complete", "declare", "dirs", "disown", "echo", "enable", "eval",
		"exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help",
		"history", "jobs", "kill", "let", "local", "logout", "popd", "printf",
		"pushd", "pwd", "read", "readonly", "set", "shift", "shopt", "source",
		"suspend", "test", "time", "times", "trap", "true", "type", "typeset",
		"ulimit", "umask", "unalias", "unset", "wait":
		return true
	}
	return false
}
