package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// goStep matches one rule of chroma's Go lexer (lexers/go.go): one state,
// multiline, rules in this order: whitespace, comments, keywords,
// constants, builtin calls, types, numbers, runes, raw strings, strings,
// operators, function names, punctuation, other names.
func goStep(m *machine) {
	s, p := m.src, m.pos
	c := s[p]
	switch {
	case c == '\n': // \n
		m.emit(chroma.TextWhitespace, p+1)
		return
	case c == '/':
		if goComment(m) {
			return
		}
	case c == '.' || c >= '0' && c <= '9':
		if end, typ := number(s, p, goNumbers); end > 0 {
			m.emit(typ, end)
			return
		}
	case c == '\'':
		if end := charLit(s, p); end > 0 {
			m.emit(chroma.LiteralStringChar, end)
			return
		}
	case c == '`':
		// (`)([^`]*)(`), the middle lexed as a Go text template whose
		// Other tokens become LiteralString.
		if q := strings.IndexByte(s[p+1:], '`'); q >= 0 {
			end := p + 1 + q
			m.emit(chroma.LiteralString, p+1)
			goTemplate(m, end)
			m.emit(chroma.LiteralString, end+1)
			return
		}
	case c == '"':
		if end := quoted(s, p); end >= 0 {
			m.emit(chroma.LiteralString, end)
			return
		}
	}
	r, n := decode(s, p)
	if isSpace(r) { // \s+
		m.emit(chroma.TextWhitespace, spaceEnd(s, p+n))
		return
	}
	if isDigit(r) { // a digit outside ASCII: the \d number rules first
		if end, typ := number(s, p, goNumbers); end > 0 {
			m.emit(typ, end)
			return
		}
	}
	if isIdentStart(r) {
		goWord(m, r)
		return
	}
	if end := goOperator(s, p); end > 0 {
		m.emit(chroma.Operator, end)
		return
	}
	if strings.IndexByte("|^<>=!()[]{}.,;:~", c) >= 0 {
		m.emit(chroma.Punctuation, p+1)
		return
	}
	m.noMatch()
}

// goComment is //[^\s\n\r][^\n\r]* (CommentPreproc), //[^\n\r]*
// (CommentSingle), and /(\\\n)?[*](.|\n)*?[*](\\\n)?/ (CommentMultiline).
func goComment(m *machine) bool {
	s, p := m.src, m.pos
	if byteAt(s, p+1) == '/' {
		end := p + 2 + strings.IndexAny(s[p+2:], "\n\r")
		if end < p+2 {
			end = len(s)
		}
		typ := chroma.CommentSingle
		if end > p+2 && !runeIs(s, p+2, isSpace) {
			typ = chroma.CommentPreproc
		}
		m.emit(typ, end)
		return true
	}
	i := p + 1
	if strings.HasPrefix(s[i:], "\\\n*") {
		i += 2
	}
	if byteAt(s, i) != '*' {
		return false
	}
	// The lazy body ends at the first * followed by / or by \, newline, /.
	// memo is 1 + a position from which there is no such end: a text
	// full of unclosed /* is not rescanned from each.
	if m.memo > 0 && i+1 >= m.memo-1 {
		return false
	}
	for j := i + 1; j < len(s); j++ {
		if s[j] != '*' {
			continue
		}
		if byteAt(s, j+1) == '/' {
			m.emit(chroma.CommentMultiline, j+2)
			return true
		}
		if strings.HasPrefix(s[j+1:], "\\\n/") {
			m.emit(chroma.CommentMultiline, j+4)
			return true
		}
	}
	m.memo = i + 1 + 1
	return false
}

// goWord handles a word that starts with a letter or underscore r:
// keywords, constants, builtins, types, function names and other names.
func goWord(m *machine, r rune) {
	s, p := m.src, m.pos
	end := wordEnd(s, p)
	w := s[p:end]
	// The keyword rules are (words)\b; with \b after, each matches
	// exactly when the whole word is one of its words.
	switch w {
	case "import", "package":
		m.emit(chroma.KeywordNamespace, end)
		return
	case "var", "func", "struct", "map", "chan", "type", "interface", "const":
		m.emit(chroma.KeywordDeclaration, end)
		return
	case "break", "default", "select", "case", "defer", "go", "else", "goto",
		"switch", "fallthrough", "if", "range", "continue", "for", "return":
		m.emit(chroma.Keyword, end)
		return
	case "true", "false", "iota", "nil":
		m.emit(chroma.KeywordConstant, end)
		return
	}
	if byteAt(s, end) == '(' && goBuiltinCall(w) { // (builtin)\b(\()
		m.emit(chroma.NameBuiltin, end)
		m.emit(chroma.Punctuation, end+1)
		return
	}
	if goType(w) { // (types)\b
		m.emit(chroma.KeywordType, end)
		return
	}
	// ([a-zA-Z_]\w*)(\s*)(\(): NameFunction, whitespace, (.
	if r < 0x80 {
		if sp := spaceEnd(s, end); byteAt(s, sp) == '(' {
			m.emit(chroma.NameFunction, end)
			goSpace(m, sp)
			m.emit(chroma.Punctuation, sp+1)
			return
		}
	}
	m.emit(chroma.NameOther, end) // [^\W\d]\w*
}

// goSpace emits whitespace up to end as the Go lexer's root state would
// (it lexes the group between a function name and its parenthesis with
// itself): each \n alone, other runs of \s together.
func goSpace(m *machine, end int) {
	for m.pos < end {
		if m.src[m.pos] == '\n' {
			m.emit(chroma.TextWhitespace, m.pos+1)
		} else {
			m.emit(chroma.TextWhitespace, spaceEnd(m.src[:end], m.pos))
		}
	}
}

func goBuiltinCall(w string) bool {
	switch w {
	case "uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16",
		"int32", "int64", "float", "float32", "float64", "complex64", "complex128",
		"byte", "rune", "string", "bool", "error", "uintptr", "print", "println",
		"panic", "recover", "close", "complex", "real", "imag", "len", "cap",
		"append", "copy", "delete", "new", "make", "clear", "min", "max":
		return true
	}
	return false
}

func goType(w string) bool {
	switch w {
	case "uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16",
		"int32", "int64", "float", "float32", "float64", "complex64", "complex128",
		"byte", "rune", "string", "bool", "error", "uintptr", "any":
		return true
	}
	return false
}

// goOperators are the operator rule's alternatives, in its order.
var goOperators = [...]string{
	"<<=", ">>=", "<<", ">>", "<=", ">=", "&^=", "&^", "+=", "-=", "*=", "/=",
	"%=", "&=", "|=", "&&", "||", "<-", "++", "--", "==", "!=", ":=", "...",
}

// goOperator returns the end of the operator at s[p], or 0.
func goOperator(s string, p int) int {
	for _, op := range goOperators {
		if strings.HasPrefix(s[p:], op) {
			return p + len(op)
		}
	}
	if strings.IndexByte("+-*/%&", s[p]) >= 0 {
		return p + 1
	}
	return 0
}

// Number rule sets: Go's, and the Go template lexer's, which allows a
// leading minus, no underscores in hex and decimal numbers, and has no
// reachable imaginary .5i form.
type numberRules struct {
	minus, underscore, dotImag bool
}

var (
	goNumbers   = numberRules{underscore: true, dotImag: true}
	tmplNumbers = numberRules{minus: true}
)

// number matches the number rules in order, returning the end and type
// of the first that matches, or 0:
//
//	\d+i                                  LiteralNumber
//	\d+\.\d*([Ee][-+]\d+)?i               LiteralNumber
//	\.\d+([Ee][-+]\d+)?i                  LiteralNumber
//	\d+[Ee][-+]\d+i                       LiteralNumber
//	\d+(\.\d+[eE][+\-]?\d+|\.\d*|[eE][+\-]?\d+)  LiteralNumberFloat
//	\.\d+([eE][+\-]?\d+)?                 LiteralNumberFloat
//	0[0-7]+                               LiteralNumberOct
//	0[xX][0-9a-fA-F_]+                    LiteralNumberHex
//	0b[01_]+                              LiteralNumberBin
//	(0|[1-9][0-9_]*)                      LiteralNumberInteger
//
// with -? before each but the third for templates. Each quantifier is
// followed by something its runes cannot be, so no backtracking changes a
// match: the greedy scan is the match.
func number(s string, p int, rules numberRules) (int, chroma.TokenType) {
	q := p
	if rules.minus && s[q] == '-' {
		q++
	}
	d := digitEnd(s, q) // \d+ ends here, if d > q
	if d > q {
		if byteAt(s, d) == 'i' { // \d+i
			return d + 1, chroma.LiteralNumber
		}
		if byteAt(s, d) == '.' { // \d+\.\d*([Ee][-+]\d+)?i
			f := digitEnd(s, d+1)
			if e := exponent(s, f, true); e > 0 && byteAt(s, e) == 'i' {
				return e + 1, chroma.LiteralNumber
			}
			if byteAt(s, f) == 'i' {
				return f + 1, chroma.LiteralNumber
			}
		}
	}
	if rules.dotImag && byteAt(s, q) == '.' { // \.\d+([Ee][-+]\d+)?i
		if f := digitEnd(s, q+1); f > q+1 {
			if e := exponent(s, f, true); e > 0 && byteAt(s, e) == 'i' {
				return e + 1, chroma.LiteralNumber
			}
			if byteAt(s, f) == 'i' {
				return f + 1, chroma.LiteralNumber
			}
		}
	}
	if d > q {
		if e := exponent(s, d, true); e > 0 && byteAt(s, e) == 'i' { // \d+[Ee][-+]\d+i
			return e + 1, chroma.LiteralNumber
		}
		// \d+(\.\d+[eE][+\-]?\d+|\.\d*|[eE][+\-]?\d+)
		if byteAt(s, d) == '.' {
			f := digitEnd(s, d+1)
			if f > d+1 {
				if e := exponent(s, f, false); e > 0 {
					return e, chroma.LiteralNumberFloat
				}
			}
			return f, chroma.LiteralNumberFloat
		}
		if e := exponent(s, d, false); e > 0 {
			return e, chroma.LiteralNumberFloat
		}
	}
	if byteAt(s, q) == '.' { // \.\d+([eE][+\-]?\d+)?
		if f := digitEnd(s, q+1); f > q+1 {
			if e := exponent(s, f, false); e > 0 {
				return e, chroma.LiteralNumberFloat
			}
			return f, chroma.LiteralNumberFloat
		}
	}
	if byteAt(s, q) == '0' {
		if e := runWhile(s, q+1, isOctal); e > q+1 { // 0[0-7]+
			return e, chroma.LiteralNumberOct
		}
		if c := byteAt(s, q+1); c == 'x' || c == 'X' { // 0[xX][0-9a-fA-F_]+
			hex := isHex
			if rules.underscore {
				hex = isHexOrUnderscore
			}
			if e := runWhile(s, q+2, hex); e > q+2 {
				return e, chroma.LiteralNumberHex
			}
		}
		if byteAt(s, q+1) == 'b' { // 0b[01_]+
			if e := runWhile(s, q+2, isBinOrUnderscore); e > q+2 {
				return e, chroma.LiteralNumberBin
			}
		}
		return q + 1, chroma.LiteralNumberInteger // 0
	}
	if c := byteAt(s, q); c >= '1' && c <= '9' { // [1-9][0-9_]*
		dec := isASCIIDigit
		if rules.underscore {
			dec = isDecOrUnderscore
		}
		return runWhile(s, q+1, dec), chroma.LiteralNumberInteger
	}
	return 0, 0
}

func isOctal(r rune) bool            { return r >= '0' && r <= '7' }
func isASCIIDigit(r rune) bool       { return r >= '0' && r <= '9' }
func isDecOrUnderscore(r rune) bool  { return r >= '0' && r <= '9' || r == '_' }
func isBinOrUnderscore(r rune) bool  { return r == '0' || r == '1' || r == '_' }
func isHex(r rune) bool              { return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F' }
func isHexOrUnderscore(r rune) bool  { return isHex(r) || r == '_' }
func isEscapeLetter(c byte) bool     { return strings.IndexByte(`'"\abfnrtv`, c) >= 0 }
func hexRun(s string, i, n int) bool { return runWhile(s[:min(len(s), i+n)], i, isHex) == i+n }

// charLit is the rune rule,
// '(\\['"\\abfnrtv]|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|[^\\])'
// at s[p] (a quote): its end, or 0.
func charLit(s string, p int) int {
	i := p + 1
	if i >= len(s) {
		return 0
	}
	if s[i] != '\\' { // [^\\]: any one rune
		_, n := decode(s, i)
		if byteAt(s, i+n) == '\'' {
			return i + n + 1
		}
		return 0
	}
	e := 0 // end of the escape
	switch c := byteAt(s, i+1); {
	case isEscapeLetter(c):
		e = i + 2
	case c == 'x' && hexRun(s, i+2, 2):
		e = i + 4
	case c >= '0' && c <= '7':
		e = runWhile(s, i+1, isOctal)
		if e > i+4 {
			return 0
		}
	case c == 'u' && hexRun(s, i+2, 4):
		e = i + 6
	case c == 'U' && hexRun(s, i+2, 8):
		e = i + 10
	default:
		return 0
	}
	if byteAt(s, e) == '\'' {
		return e + 1
	}
	return 0
}
