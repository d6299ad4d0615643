package yamlx_test

import "strings"

// gen makes a YAML document from fuzz bytes: each byte is a choice.
type gen struct {
	data []byte
	out  []byte
	odd  bool // whether the document may hold what our files never do
}

// maxGen bounds a generated document.
const maxGen = 1 << 12

func (g *gen) next() int {
	if len(g.data) == 0 {
		return 0
	}
	c := g.data[0]
	g.data = g.data[1:]
	return int(c)
}

func (g *gen) done() bool { return len(g.data) == 0 || len(g.out) > maxGen }

func (g *gen) pick(list []string) string { return list[g.next()%len(list)] }

// pickOdd picks from list, or in an odd document from list and odd.
func (g *gen) pickOdd(list, odd []string) string {
	if !g.odd {
		return g.pick(list)
	}
	if c := g.next(); c%4 == 0 {
		return odd[(c/4)%len(odd)]
	}
	return g.pick(list)
}

// oddly reports, in an odd document, whether to do something odd now.
func (g *gen) oddly() bool { return g.odd && g.next()%6 == 0 }

func (g *gen) add(s ...string) {
	for _, x := range s {
		g.out = append(g.out, x...)
	}
}

func (g *gen) spaces(n int) { g.add(strings.Repeat(" ", max(n, 0))) }

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
	g := &gen{data: data}
	g.odd = g.next()%4 == 0
	for n := g.next() % 4; n > 0; n-- {
		g.add(g.pickOdd(genPrelude, genOddPrelude))
	}
	ind := 0
	if g.oddly() {
		ind = 1 + g.next()%2
	}
	switch c := g.next() % 8; {
	case c < 5:
		g.spaces(ind)
		g.mapping(ind, 0)
	case c < 7:
		g.spaces(ind)
		g.sequence(ind, 0)
	default:
		if g.odd {
			g.spaces(ind)
			g.value(ind, 5)
		} else {
			g.spaces(ind)
			g.mapping(ind, 0)
		}
	}
	for n := g.next() % 3; n > 0; n-- {
		g.add(g.pickOdd([]string{"\n"}, []string{"# end\n", "---\n", "...\n", "--- x\n", "  \n", "x\n", " x\n", "- x\n", "a: b\n"}))
	}
	if g.oddly() && len(g.out) > 0 {
		g.out = g.out[:len(g.out)-1] // no final newline
	}
	return g.out
}

// mapping adds a block mapping at column ind, its first key where the
// output is.
func (g *gen) mapping(ind, depth int) {
	for n := 1 + g.next()%5; n > 0; n-- {
		g.add(g.pickOdd(genKeys, genOddKeys))
		g.value(ind, depth)
		if n > 1 {
			g.blank()
			g.spaces(ind)
			if g.oddly() {
				g.spaces(g.next()%3 - 1)
			}
		}
		if g.done() {
			return
		}
	}
}

// blank adds empty lines now and then.
func (g *gen) blank() {
	if g.next()%8 == 0 {
		g.add(g.pickOdd([]string{"\n", "\n\n"}, []string{"# c\n", "  # c\n", "  \n", "\t\n"}))
	}
}

// value adds ":" and a value of a key at column ind, up to its last line
// break.
func (g *gen) value(ind, depth int) {
	sep := ": "
	if g.oddly() {
		sep = g.pick([]string{":  ", ":", ":\t", " : "})
	}
	c := g.next() % 16
	if depth > 4 && c >= 12 {
		c %= 12
	}
	switch {
	case c < 3:
		g.add(sep, g.plain(), "\n")
	case c < 5:
		g.add(sep, g.quoted(), "\n")
	case c == 5:
		g.add(sep, g.pickOdd(genInts, genOddInts), "\n")
	case c == 6:
		g.add(sep, g.pickOdd(genSpecials, genOddSpecials), "\n")
	case c == 7:
		g.add(sep, g.flow(), "\n")
	case c < 10:
		g.add(sep, "|")
		if g.oddly() {
			g.add(g.pick([]string{"-", "+", "2", " # c", " ", "1-", ">"}))
		}
		g.add("\n")
		g.literal(ind)
	case c == 10 && g.odd:
		g.add(g.pick([]string{":\n", ": # c\n", ": >\n  x\n", ": &a x\n", ": *a\n", ": !!str x\n", ": 'single'\n",
			": x # c\n", ": x\n  y\n", ": x\n\n  y\n", ": \"x\n  y\"\n", ": x\n" + strings.Repeat(" ", ind) + "- y\n", ": - x\n", ": x: y\n"}))
	case c < 14:
		g.add(":\n")
		g.blank()
		n := ind + 1 + g.next()%3
		if g.oddly() {
			n = max(0, ind-g.next()%2)
		}
		g.spaces(n)
		g.mapping(n, depth+1)
	default:
		g.add(":\n")
		g.blank()
		n := ind + 1 + g.next()%3
		if g.oddly() {
			n = max(0, ind-g.next()%2)
		}
		g.spaces(n)
		g.sequence(n, depth+1)
	}
}

// sequence adds a block sequence at column ind, its first "-" where the
// output is.
func (g *gen) sequence(ind, depth int) {
	for n := 1 + g.next()%4; n > 0; n-- {
		sep := "- "
		if g.next()%8 == 0 {
			sep = "-  "
		}
		if g.oddly() {
			sep = g.pick([]string{"-", "-\n" + strings.Repeat(" ", ind+2), "- - ", "-\t", "- # c\n" + strings.Repeat(" ", ind+2), "? "})
		}
		g.add(sep)
		c := g.next() % 10
		if depth > 4 && c >= 7 {
			c %= 7
		}
		switch {
		case c < 2:
			g.add(g.plain(), "\n")
		case c < 3:
			g.add(g.quoted(), "\n")
		case c == 3:
			g.add(g.pickOdd(genInts, genOddInts), "\n")
		case c == 4:
			g.add(g.pickOdd(genSpecials, genOddSpecials), "\n")
		case c == 5:
			g.add(g.flow(), "\n")
		case c == 6:
			g.add("|\n")
			g.literal(ind)
		default:
			g.mapping(ind+len(sep), depth+1)
		}
		if n > 1 {
			g.blank()
			g.spaces(ind)
			if g.oddly() {
				g.spaces(g.next()%3 - 1)
			}
		}
		if g.done() {
			return
		}
	}
}

// plain returns a plain scalar.
func (g *gen) plain() string {
	var b strings.Builder
	b.WriteString(g.pickOdd(genFirstWords, genOddFirstWords))
	for n := g.next() % 5; n > 0; n-- {
		if g.oddly() {
			b.WriteString(g.pick(genOddJoins))
		} else {
			b.WriteString(g.pick([]string{" ", " ", " ", "  ", ""}))
		}
		b.WriteString(g.pick(genWords))
	}
	return b.String()
}

// quoted returns a double-quoted scalar.
func (g *gen) quoted() string {
	var b strings.Builder
	b.WriteByte('"')
	for n := g.next() % 6; n > 0; n-- {
		b.WriteString(g.pickOdd(genQuoted, genOddQuoted))
	}
	b.WriteByte('"')
	return b.String()
}

// flow returns a flow sequence.
func (g *gen) flow() string {
	if g.oddly() {
		return g.pick(genOddFlows)
	}
	var b strings.Builder
	b.WriteByte('[')
	for n := g.next() % 4; n > 0; n-- {
		if g.next()%2 == 0 {
			b.WriteString(g.quoted())
		} else {
			b.WriteString(g.pickOdd(genFlowPlain, genOddFlowPlain))
		}
		if n > 1 {
			b.WriteString(g.pickOdd([]string{", "}, []string{",", " ,", ",  ", ", \n", ",\n  "}))
		}
	}
	b.WriteByte(']')
	return b.String()
}

// literal adds the lines of a literal block scalar whose parent is at
// column ind.
func (g *gen) literal(ind int) {
	n := ind + 1 + g.next()%4
	if g.oddly() {
		n = max(0, ind-g.next()%2)
	}
	if g.oddly() {
		g.add(g.pick([]string{"\n", strings.Repeat(" ", n+2) + "\n", strings.Repeat(" ", n+1) + "x\n", "\t" + "x\n"}))
	}
	for lines := 1 + g.next()%5; lines > 0; lines-- {
		g.spaces(n)
		if g.next()%4 == 0 {
			g.spaces(1 + g.next()%3)
		}
		g.add(g.pickOdd(genLiteralLines, genOddLiteralLines), "\n")
		if lines > 1 && g.next()%5 == 0 {
			g.add("\n")
		}
	}
	for m := g.next() % 3; m > 0 && g.next()%2 == 0; m-- {
		g.add("\n")
	}
}
