// Package highlight has hand-written lexers for the languages that make up
// most of a build's code blocks (JSON, Go and bash). They implement
// chroma.Lexer and give the same token stream as chroma's own regexp lexers
// for those languages, after chroma.Coalesce, so chroma's HTML formatter
// renders them byte for byte the same, at a fraction of the cost.
//
// Each lexer follows its chroma counterpart rule by rule: the rules are
// tried in the same order, and where a chroma rule is a regular expression
// with backtracking, the scanner here computes the same match (the comments
// say how). Character classes follow regexp2, which chroma uses: \s is
// unicode.IsSpace, \d is Unicode Nd, \w is letters, Mn, Nd, Pc and ZWJ/ZWNJ.
//
// The iterators they return are already coalesced like chroma.Coalesce
// (including its 8192-byte limit on merging), and their token values are
// substrings of the (normalised) input, so tokenising allocates little.
//
// Where the tokens differ from chroma's:
//
//   - chroma gives each regexp match 250 ms. Its JSON and Go string rule
//     backtracks exponentially over a long run of backslashes in a string
//     that has no closing quote but a quote later on; chroma then gives up
//     and marks the text Error (how soon depends on the machine), where
//     these lexers give the match the regexp defines.
//   - With TokeniseOptions.EnsureLF unset, invalid UTF-8 is kept byte for
//     byte, where chroma turns each bad byte into U+FFFD (the tokens are
//     otherwise the same). With default options both normalise the same.
//   - A start state other than "root" is handed to chroma's lexer.
//
// The tests compare with chroma on a generated corpus, on tricky samples,
// and by fuzzing (see fuzz_test.go).
package highlight

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// mirroredChroma is the chroma release whose JSON, Go and bash lexers
// these follow rule by rule, as last checked by fuzzing against it
// (FuzzJSON, FuzzGo, FuzzBash, which .ci/run runs). When go.mod requires
// another, TestMirroredChroma fails: fuzz the lexers against the new
// release, follow what its rules changed, and set this to it.
const mirroredChroma = "v2.27.0"

// coalesceLimit is chroma.Coalesce's: a token is not grown further once
// its value is this long.
const coalesceLimit = 8192

// tok is a raw token: a type and the end of its text; it starts where the
// one before it ended.
type tok struct {
	typ        chroma.TokenType
	start, end int
}

// machine is one tokenisation: the text, the position, the state stack and
// the raw tokens of the last step, which next coalesces.
type machine struct {
	src   string
	pos   int
	stack []uint8
	pend  []tok
	pi    int
	cur   tok
	have  bool
	step  func(m *machine)
	stuck int

	// memo saves a lexer from rescanning the rest of the text for
	// something it has found missing there; see its uses. 0 is unset.
	memo int

	stackArr [16]uint8
	pendArr  [8]tok
}

// emit appends a raw token from the current position to end, and moves
// the position there.
func (m *machine) emit(typ chroma.TokenType, end int) {
	m.pend = append(m.pend, tok{typ, m.pos, end})
	m.pos = end
}

// errorRune emits the rune at the position as an Error token, as chroma's
// regexp lexer does when no rule matches.
func (m *machine) errorRune() {
	_, n := decode(m.src, m.pos)
	m.emit(chroma.Error, m.pos+n)
}

// noMatch is what chroma does when no rule matches: at a newline in a state
// other than the first, it empties the stack back to the first state (and
// emits nothing); otherwise the rune is an Error token.
func (m *machine) noMatch() {
	if m.src[m.pos] == '\n' && len(m.stack) > 1 {
		m.stack = m.stack[:1]
		return
	}
	m.errorRune()
}

func (m *machine) top() uint8   { return m.stack[len(m.stack)-1] }
func (m *machine) push(s uint8) { m.stack = append(m.stack, s) }
func (m *machine) pop(n int)    { m.stack = m.stack[:max(len(m.stack)-n, 1)] }

// next is the Iterator: it runs steps and coalesces their raw tokens.
func (m *machine) next() chroma.Token {
	for {
		for m.pi < len(m.pend) {
			t := m.pend[m.pi]
			m.pi++
			if t.end == t.start {
				continue
			}
			if !m.have {
				m.cur, m.have = t, true
				continue
			}
			if m.cur.typ == t.typ && m.cur.end-m.cur.start < coalesceLimit {
				m.cur.end = t.end
				continue
			}
			out := m.cur
			m.cur = t
			return chroma.Token{Type: out.typ, Value: m.src[out.start:out.end]}
		}
		m.pend, m.pi = m.pend[:0], 0
		if m.pos >= len(m.src) {
			if m.have {
				m.have = false
				return chroma.Token{Type: m.cur.typ, Value: m.src[m.cur.start:m.cur.end]}
			}
			return chroma.EOF
		}
		pos, depth := m.pos, len(m.stack)
		m.step(m)
		if m.pos == pos && len(m.stack) == depth && len(m.pend) == 0 {
			// A step that does nothing would loop for ever; no step
			// should, but never hang on that.
			if m.stuck++; m.stuck > 1 {
				m.errorRune()
			}
		} else {
			m.stuck = 0
		}
	}
}

// Lexer is a hand-written chroma.Lexer standing in for one of chroma's.
type Lexer struct {
	config   *chroma.Config
	orig     chroma.Lexer // chroma's lexer for the language
	step     func(m *machine)
	registry *chroma.LexerRegistry
	analyser func(string) float32
}

func newLexer(name string, step func(m *machine)) *Lexer {
	orig := lexers.Get(name)
	if orig == nil {
		panic("highlight: chroma has no lexer " + name)
	}
	return &Lexer{config: orig.Config(), orig: orig, step: step}
}

// Config is chroma's config for the language (name, aliases, file names).
func (l *Lexer) Config() *chroma.Config { return l.config }

// SetRegistry records the registry; these lexers do not look others up.
func (l *Lexer) SetRegistry(r *chroma.LexerRegistry) chroma.Lexer { l.registry = r; return l }

// SetAnalyser sets the function AnalyseText uses.
func (l *Lexer) SetAnalyser(f func(string) float32) chroma.Lexer { l.analyser = f; return l }

// AnalyseText scores text as chroma's lexer for the language does, unless
// SetAnalyser gave another function.
func (l *Lexer) AnalyseText(text string) float32 {
	if l.analyser != nil {
		return l.analyser(text)
	}
	return l.orig.AnalyseText(text)
}

// Tokenise returns an iterator over the coalesced tokens of text.
//
// With nil options, or EnsureLF set, text is normalised as chroma's regexp
// lexer normalises it (CRLF and CR become LF, and each byte of invalid
// UTF-8 becomes U+FFFD), so that the tokens are chroma's; the tokens'
// values then concatenate to the normalised text. With EnsureLF unset the
// values concatenate to text exactly, byte for byte. A start state other
// than "root" is handed to chroma's lexer.
func (l *Lexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options != nil && options.State != "" && options.State != "root" {
		return l.orig.Tokenise(options, text)
	}
	if options == nil || options.EnsureLF {
		text = Normalise(text)
	}
	m := &machine{src: text, step: l.step}
	m.stack = m.stackArr[:1]
	m.pend = m.pendArr[:0]
	return m.next, nil
}

// Normalise is what chroma's regexp lexer does to text before lexing with
// default options: CRLF and lone CR become LF, and invalid UTF-8 bytes
// become U+FFFD, one each.
func Normalise(text string) string {
	if strings.IndexByte(text, '\r') >= 0 {
		b := make([]byte, 0, len(text))
		for i := 0; i < len(text); i++ {
			c := text[i]
			if c == '\r' {
				if i+1 < len(text) && text[i+1] == '\n' {
					continue
				}
				c = '\n'
			}
			b = append(b, c)
		}
		text = string(b)
	}
	if !utf8.ValidString(text) {
		text = string([]rune(text))
	}
	return text
}

// The lexers, each standing in for chroma's lexer of the same name.
var (
	JSON = newLexer("json", jsonStep)
	Go   = newLexer("go", goStep)
	Bash = newLexer("bash", bashStep)
)

var replacements = map[chroma.Lexer]chroma.Lexer{
	JSON.orig: JSON,
	Go.orig:   Go,
	Bash.orig: Bash,
}

// For returns the hand-written lexer that stands in for l, one of chroma's
// registered lexers, or nil if there is none.
func For(l chroma.Lexer) chroma.Lexer {
	if l == nil {
		return nil
	}
	return replacements[l]
}

// Get looks a lexer up as chroma's lexers.Get does (by name, alias, file
// extension, case-insensitively), and returns the hand-written lexer for
// it if there is one, else chroma's; nil if chroma has none.
func Get(name string) chroma.Lexer {
	l := lexers.Get(name)
	if f := For(l); f != nil {
		return f
	}
	return l
}

// Character classes, as regexp2 (chroma's regexp engine) defines them.

func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// decode returns the rune at s[i] and its width; an invalid byte is
// U+FFFD of width 1, as in []rune(s).
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

var asciiWord, asciiSpace [utf8.RuneSelf]bool

func init() {
	for c := range utf8.RuneSelf {
		asciiWord[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
		asciiSpace[c] = unicode.IsSpace(rune(c))
	}
}

// isWord is regexp2's \w: letters, Mn, Nd, Pc, and ZWNJ/ZWJ.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.In(r, unicode.L, unicode.Mn, unicode.Nd, unicode.Pc) || r == '\u200C' || r == '\u200D'
}

// isSpace is regexp2's \s.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}

// isDigit is regexp2's \d: Unicode Nd.
func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9'
	}
	return unicode.Is(unicode.Nd, r)
}

// isIdentStart is [^\W\d] as regexp2 reads it, which is \w: meant as a
// word rune that is not a digit, but regexp2 decides a negated class by
// its first category that matches, and \W settles it for every word rune,
// digits included.
func isIdentStart(r rune) bool { return isWord(r) }

// runWhile returns the end of the longest run of runes from i for which f
// holds.
func runWhile(s string, i int, f func(rune) bool) int {
	for i < len(s) {
		r, n := decode(s, i)
		if !f(r) {
			break
		}
		i += n
	}
	return i
}

func wordEnd(s string, i int) int  { return runWhile(s, i, isWord) }
func spaceEnd(s string, i int) int { return runWhile(s, i, isSpace) }
func digitEnd(s string, i int) int { return runWhile(s, i, isDigit) }

// runeIs reports whether there is a rune at s[i] for which f holds.
func runeIs(s string, i int, f func(rune) bool) bool {
	if i >= len(s) {
		return false
	}
	r, _ := decode(s, i)
	return f(r)
}

// quoted matches "(\\\\|\\"|[^"])*" at s[i] (which is '"') and returns the
// end of the match, or -1. The regexp backtracks: it ends at the first
// quote not escaped by a backslash; failing that, at the last quote in the
// text; failing that, it does not match.
func quoted(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if c := byteAt(s, j+1); c == '\\' || c == '"' {
				j++
			}
		case '"':
			return j + 1
		}
	}
	if j := strings.LastIndexByte(s[i+1:], '"'); j >= 0 {
		return i + 1 + j + 1
	}
	return -1
}
