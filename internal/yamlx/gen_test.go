package yamlx_test

import (
	"strings"

	"errdocs/internal/fuzzgen"
)

// gen makes a YAML document from fuzz bytes: each byte is a choice.
type gen struct{ *fuzzgen.Gen }

// maxGen bounds a generated document.
const maxGen = 1 << 12

// nested ends a key whose value is a block on the next lines and starts
// that block's first line, indented more than ind (in an odd document now
// and then not); it returns the block's indentation.
func (g *gen) nested(ind int) int {
	g.Add(":\n")
	g.blank()
	n := ind + 1 + g.Next()%3
	if g.Oddly() {
		n = max(0, ind-g.Next()%2)
	}
	g.spaces(n)
	return n
}

// nextLine starts the next line of a block at indentation ind, after
// blank lines perhaps, and in an odd document now and then one space off.
func (g *gen) nextLine(ind int) {
	g.blank()
	g.spaces(ind)
	if g.Oddly() {
		g.spaces(g.Next()%3 - 1)
	}
}

func (g *gen) spaces(n int) { g.Add(strings.Repeat(" ", max(n, 0))) }

var (
	genPrelude    = []string{"\n", "# c\n", "#\n", "# yaml-language-server: $schema=../schema/error.schema.json\n", "#x’ y: z\n", "## a # b\n"}
	genOddPrelude = []string{" # c\n", "#\tc\n", "# c \n", "---\n", "%YAML 1.2\n---\n", "  \n", "\r\n", "\ufeff", "--- # c\n", "...\n"}

	genKeys = []string{"id", "title", "status", "summary", "cause", "remedies", "related", "example",
		"content_type", "body", "platforms", "variants", "checks", "text", "a", "b", "x-y", "k_1", "Z9",
		"true", "True", "False", "FALSE", "null", "Null", "NULL", "yes", "no", "on", "off", "y", "n", "tRUE", "nulL", "id"}
	genOddKeys = []string{"a b", `"q"`, "'s'", "1", "-a", "?x", "? x", "a:b", "<<", "~", "é", "a\tb", "a ",
		"_a", "a.b", strings.Repeat("k", 130), strings.Repeat("k", 128), "&a a", "*a", "!!str a", "[a]", "{a}", "-"}

	// Words of plain scalars: the first one starts with what our files
	// start plain scalars with.
	genFirstWords = []string{"Unauthorized", "a", "Check", "x’y", "e.g.", "/errors/400/", "/", "T-Mobile",
		"application/problem+json", "http://x.com/a?b=1#f", "true", "True", "TRUE", "false", "null", "NULL",
		"yes", "No", "on", "Off", "y", "n", "tRUE", "Nan", "inf", "x", "a:b", "a#b"}
	genWords = []string{"a", "b c", "x’y", "é", "/errors/400/", "http://x.com/a?b=1#f", "e.g.", "(GUIs)",
		"[x]", "{y}", "a,b", ",", "it's", `"q"`, "`code`", "a#b", "a:b", "-", "--", "---", "...", "A–B",
		"**bold**", "50%", "@home", "&amp;", "*x*", "!x", "a|b", ">", "~", "?", "\u00a0", "😀", "'", "\"", "#", "|", "&", "*", "!"}
	genOddFirstWords = []string{"#c", "&a", "*a", "!t", "?", "? x", "%", "@", "`", "'q'", ":", ": x", "-x", "- x",
		".inf", ".5", "~", "<<", "1.5", "0x1F", "2024-01-02", "1_000", "007", "+1", "-0", "[a]", "{a: b}",
		"|", ">", "’", "\u00a0", "é", "\"q\"", ",", "-", "--- x", "... x", "=", "(a)"}
	genOddJoins = []string{": ", " #", "\t", " \n", ":\n", ":", "\n  ", "\n", "\r"}

	genInts    = []string{"0", "1", "-1", "17", "180", "401", "999999999999999999", "-999999999999999999", "123456789012345678"}
	genOddInts = []string{"1000000000000000000", "9223372036854775807", "9223372036854775808", "-0", "+1", "00",
		"007", "08", "1_000", "0x1F", "0o17", "0b101", "1.5", "1e3", "-.5", ".5", "1:30", "2024-01-02", "12abc", "1 2", "- 1"}

	genSpecials    = []string{"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "tRUE", "yes", "No", "off", "y", "Nan", "nullx"}
	genOddSpecials = []string{"~", ".inf", "-.Inf", ".NaN", "<<", "''", `""`, "!!null", "!!str x", "&a x", "*a", "? x", ">", "|", "|-", "|+", "|2", ">-", "{}", "[]", "-", "=", "%x"}

	genQuoted = []string{"a", "b c", " ", "  ", "’", "é", "✓", "😀", "'", "`", "#", " #", ": ", "[", "]", "{", "}", ",", "\u00a0",
		"&", "*", "!", "|", ">", "-", "---", "...", "400", "/errors/", "**Application Access Management**", "%", "@", "?", "~"}
	genOddQuoted = []string{`\n`, `\"`, `\\`, `\t`, `\u00e9`, `\x41`, `\`, "\t", "\u0085", "\u2028", "\ufeff", "\x7f", "\x01", "\r", "\xff", `"`, "\n", "\n  ", "\n\n"}

	genFlowPlain    = []string{"400", "a", "/kb/1-x/", "a b", "a.b", "x_y", "true", "null", "-1", "0", "A-Z", "/"}
	genOddFlowPlain = []string{" a", "a ", "", "a:b", "a: b", "[a]", "{a}", "é", "#", "a #b", "a,b", "'a'", "-", "1.5", "~", "a\nb", "&a", "*a", "a  b"}
	genOddFlows     = []string{"[ a ]", "[a,b]", "[a ,b]", "[a, ]", "[a: b]", "[[a]]", "[{a: b}]", "[a\n]", "[a] # c", "[a] b", "[", "[a", "[a]]", "{a: b}", "{}", "[ ]", "[,]"}

	genLiteralLines = []string{"{", "}", `"type": "https://docs.example.com/errors/401/",`, `"status": 401,`, `"errors": [`, "],",
		"a # b", "- x", "key: v", "’ é", "---", "...", "#", "|", "x", "ERICSSON needs up to 100 minutes.", "\u00a0", "'", "\"", "`"}
	genOddLiteralLines = []string{"\tx", "x\t", "x ", " ", "\r", "\u2028", "x\r"}
)

// genDoc makes a document from data. It is what ParseFile meets: our
// error files, data files and front matter; plus, now and then, something
// they never hold, to check the fast path leaves it or gets it right.
func genDoc(data []byte) []byte {
	g := &gen{fuzzgen.New(data, maxGen)}
	for n := g.Next() % 4; n > 0; n-- {
		g.Add(g.PickOdd(genPrelude, genOddPrelude))
	}
	ind := 0
	if g.Oddly() {
		ind = 1 + g.Next()%2
	}
	switch c := g.Next() % 8; {
	case c < 5:
		g.spaces(ind)
		g.mapping(ind, 0)
	case c < 7:
		g.spaces(ind)
		g.sequence(ind, 0)
	default:
		if g.Odd {
			g.spaces(ind)
			g.value(ind, 5)
		} else {
			g.spaces(ind)
			g.mapping(ind, 0)
		}
	}
	for n := g.Next() % 3; n > 0; n-- {
		g.Add(g.PickOdd([]string{"\n"}, []string{"# end\n", "---\n", "...\n", "--- x\n", "  \n", "x\n", " x\n", "- x\n", "a: b\n"}))
	}
	if g.Oddly() && len(g.Out) > 0 {
		g.Out = g.Out[:len(g.Out)-1] // no final newline
	}
	return g.Out
}

// mapping adds a block mapping at column ind, its first key where the
// output is.
func (g *gen) mapping(ind, depth int) {
	for n := 1 + g.Next()%5; n > 0; n-- {
		g.Add(g.PickOdd(genKeys, genOddKeys))
		g.value(ind, depth)
		if n > 1 {
			g.nextLine(ind)
		}
		if g.Done() {
			return
		}
	}
}

// blank adds empty lines now and then.
func (g *gen) blank() {
	if g.Next()%8 == 0 {
		g.Add(g.PickOdd([]string{"\n", "\n\n"}, []string{"# c\n", "  # c\n", "  \n", "\t\n"}))
	}
}

// value adds ":" and a value of a key at column ind, up to its last line
// break.
func (g *gen) value(ind, depth int) {
	sep := ": "
	if g.Oddly() {
		sep = g.Pick([]string{":  ", ":", ":\t", " : "})
	}
	c := g.Next() % 16
	if depth > 4 && c >= 12 {
		c %= 12
	}
	switch {
	case c < 3:
		g.Add(sep, g.plain(), "\n")
	case c < 5:
		g.Add(sep, g.quoted(), "\n")
	case c == 5:
		g.Add(sep, g.PickOdd(genInts, genOddInts), "\n")
	case c == 6:
		g.Add(sep, g.PickOdd(genSpecials, genOddSpecials), "\n")
	case c == 7:
		g.Add(sep, g.flow(), "\n")
	case c < 10:
		g.Add(sep, "|")
		if g.Oddly() {
			g.Add(g.Pick([]string{"-", "+", "2", " # c", " ", "1-", ">"}))
		}
		g.Add("\n")
		g.literal(ind)
	case c == 10 && g.Odd:
		g.Add(g.Pick([]string{":\n", ": # c\n", ": >\n  x\n", ": &a x\n", ": *a\n", ": !!str x\n", ": 'single'\n",
			": x # c\n", ": x\n  y\n", ": x\n\n  y\n", ": \"x\n  y\"\n", ": x\n" + strings.Repeat(" ", ind) + "- y\n", ": - x\n", ": x: y\n"}))
	case c < 14:
		g.mapping(g.nested(ind), depth+1)
	default:
		g.sequence(g.nested(ind), depth+1)
	}
}

// sequence adds a block sequence at column ind, its first "-" where the
// output is.
func (g *gen) sequence(ind, depth int) {
	for n := 1 + g.Next()%4; n > 0; n-- {
		sep := "- "
		if g.Next()%8 == 0 {
			sep = "-  "
		}
		if g.Oddly() {
			sep = g.Pick([]string{"-", "-\n" + strings.Repeat(" ", ind+2), "- - ", "-\t", "- # c\n" + strings.Repeat(" ", ind+2), "? "})
		}
		g.Add(sep)
		c := g.Next() % 10
		if depth > 4 && c >= 7 {
			c %= 7
		}
		switch {
		case c < 2:
			g.Add(g.plain(), "\n")
		case c < 3:
			g.Add(g.quoted(), "\n")
		case c == 3:
			g.Add(g.PickOdd(genInts, genOddInts), "\n")
		case c == 4:
			g.Add(g.PickOdd(genSpecials, genOddSpecials), "\n")
		case c == 5:
			g.Add(g.flow(), "\n")
		case c == 6:
			g.Add("|\n")
			g.literal(ind)
		default:
			g.mapping(ind+len(sep), depth+1)
		}
		if n > 1 {
			g.nextLine(ind)
		}
		if g.Done() {
			return
		}
	}
}

// plain returns a plain scalar.
func (g *gen) plain() string {
	var b strings.Builder
	b.WriteString(g.PickOdd(genFirstWords, genOddFirstWords))
	for n := g.Next() % 5; n > 0; n-- {
		if g.Oddly() {
			b.WriteString(g.Pick(genOddJoins))
		} else {
			b.WriteString(g.Pick([]string{" ", " ", " ", "  ", ""}))
		}
		b.WriteString(g.Pick(genWords))
	}
	return b.String()
}

// quoted returns a double-quoted scalar.
func (g *gen) quoted() string {
	var b strings.Builder
	b.WriteByte('"')
	for n := g.Next() % 6; n > 0; n-- {
		b.WriteString(g.PickOdd(genQuoted, genOddQuoted))
	}
	b.WriteByte('"')
	return b.String()
}

// flow returns a flow sequence.
func (g *gen) flow() string {
	if g.Oddly() {
		return g.Pick(genOddFlows)
	}
	var b strings.Builder
	b.WriteByte('[')
	for n := g.Next() % 4; n > 0; n-- {
		if g.Next()%2 == 0 {
			b.WriteString(g.quoted())
		} else {
			b.WriteString(g.PickOdd(genFlowPlain, genOddFlowPlain))
		}
		if n > 1 {
			b.WriteString(g.PickOdd([]string{", "}, []string{",", " ,", ",  ", ", \n", ",\n  "}))
		}
	}
	b.WriteByte(']')
	return b.String()
}

// literal adds the lines of a literal block scalar whose parent is at
// column ind.
func (g *gen) literal(ind int) {
	n := ind + 1 + g.Next()%4
	if g.Oddly() {
		n = max(0, ind-g.Next()%2)
	}
	if g.Oddly() {
		g.Add(g.Pick([]string{"\n", strings.Repeat(" ", n+2) + "\n", strings.Repeat(" ", n+1) + "x\n", "\t" + "x\n"}))
	}
	for lines := 1 + g.Next()%5; lines > 0; lines-- {
		g.spaces(n)
		if g.Next()%4 == 0 {
			g.spaces(1 + g.Next()%3)
		}
		g.Add(g.PickOdd(genLiteralLines, genOddLiteralLines), "\n")
		if lines > 1 && g.Next()%5 == 0 {
			g.Add("\n")
		}
	}
	for m := g.Next() % 3; m > 0 && g.Next()%2 == 0; m-- {
		g.Add("\n")
	}
}
