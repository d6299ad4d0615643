package yamlx

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The fast path of ParseFile.
//
// Our data files and front matter use a small, regular part of YAML.
// parseFast parses exactly that part in one pass, and gives up (ok ==
// false) on anything else, so that ParseFile can hand the file to yaml.v3
// instead, which then also words any error.
//
// The contract: whenever parseFast returns ok, yaml.v3 reads src as
// exactly one document, without error, anchor or alias, and the node
// parseFast returns is reflect.DeepEqual to that document's top node:
// kinds, styles, tags, values, comments, lines and columns (columns count
// characters, not bytes). FuzzParseFast checks it. The rules below were
// found by running yaml.v3 on small inputs (the unit cases in
// fast_test.go write them out).
//
// The part handled:
//
//   - The whole file is printable UTF-8 ending in "\n": no tab, CR, other
//     control character, BOM, NEL, U+2028 or U+2029, and no line ends in
//     a space. A line holding only spaces is therefore not handled; an
//     empty line is, anywhere.
//   - Before the first node, empty lines and comment lines ("#" in the
//     first column). The comment lines right before the first node (no
//     empty line between) become the head comment of the top mapping's
//     first key, or of the top sequence's first item; the others belong
//     to the document, whose node ParseFile drops. No other comment.
//   - The top node is a block mapping or a block sequence.
//   - A block mapping: lines "key: value" or "key:", all at the column of
//     its first key. A key is plain: an ASCII letter, then ASCII letters,
//     digits, "_" and "-", at most maxKey bytes. Duplicate keys are
//     allowed: yaml.v3 keeps both in a yaml.Node (Decode reports the
//     second).
//     After "key:" and the end of the line, the value is a block mapping
//     or sequence, indented more than the key; after "key: ", one of the
//     inline values below.
//   - A block sequence: lines "- item", all at the column of the first
//     "-". An item is a block mapping that starts after the "- " (its
//     other keys at the column of its first), or an inline value.
//   - Inline values: a plain scalar (see plainTag) on one line, holding
//     no ": ", " #" and not ending in ":"; a double-quoted scalar on one
//     line without a backslash; a flow sequence on one line, its items
//     double-quoted or plain (ASCII letters, digits, "/", ".", "_", "-"
//     and inner spaces), separated by ", "; a literal block scalar "|"
//     with its indentation detected from its first line (which must not
//     be empty) and clipped.
//   - After a value, the next line that is not empty must be indented no
//     more than its mapping's keys or its sequence's "-": yaml.v3 would
//     read a more indented one as the value going on.

// maxKey is the longest key handled; yaml.v3 gives up on a key past
// 1024 characters.
const maxKey = 128

// maxDepth is the deepest nesting of mappings and sequences handled.
const maxDepth = 64

// fastParser is the state of parseFast. Its methods report false when
// the input is not handled.
type fastParser struct {
	src string
	i   int // the current offset
	// line is the 1-based line of i, and bol the offset where it starts.
	line, bol int
	depth     int
	// Nodes, and the Content of collections, are allocated from these in
	// chunks.
	nodes []yaml.Node
	ptrs  []*yaml.Node
}

// parseFast parses src if it is made only of what this file handles;
// see the comment at the top. ok is false when it is not.
func parseFast(b []byte) (n *yaml.Node, ok bool) {
	if !printable(b) {
		return nil, false
	}
	p := &fastParser{src: string(b), line: 1}
	// Our error files have a node per 20 to 50 bytes, 32 on average;
	// front matter has about 7 nodes.
	p.nodes = make([]yaml.Node, 0, min(len(b)/28+8, 256))

	head, ok := p.prelude()
	if !ok {
		return nil, false
	}
	n, ok = p.block(p.indent())
	if !ok || p.i != len(p.src) {
		return nil, false
	}
	if head != "" {
		n.Content[0].HeadComment = head
	}
	return n, true
}

// prelude moves past the empty and comment lines before the first node,
// and returns the comment lines right before it. ok is false if there is
// no node.
func (p *fastParser) prelude() (head string, ok bool) {
	start := -1
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case '\n':
			start = -1
		case '#':
			if start < 0 {
				start = p.i
			}
			for p.src[p.i] != '\n' {
				p.i++
			}
		default:
			if start >= 0 {
				head = p.src[start : p.i-1]
			}
			return head, true
		}
		p.nextLine()
	}
	return "", false
}

// printable reports whether b holds only characters parseFast handles,
// ends in "\n" and has no line ending in a space.
func printable(b []byte) bool {
	n := len(b)
	if n == 0 || b[n-1] != '\n' {
		return false
	}
	for i := 0; i < n; {
		// Eight bytes at a time while they are printable ASCII (SWAR).
		for i+8 <= n {
			x := binary.LittleEndian.Uint64(b[i:])
			if m := x&highs | hasLess(x, 0x20) | hasZero(x^(0x7f*ones)); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i == n {
			break
		}
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				if i > 0 && b[i-1] == ' ' {
					return false
				}
			case c < 0x20 || c == 0x7f:
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1,
			r < 0xa0,                 // C1 controls, and NEL, a line break to YAML
			r == 0x2028, r == 0x2029, // line and paragraph separators
			r == 0xfeff, // BOM
			r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}

// Eight bytes at a time: the lowest hit is a true one; hits past it may
// be false.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// hasZero is not 0 if a byte of x is 0.
func hasZero(x uint64) uint64 { return (x - ones) & ^x & highs }

// hasLess is not 0 if a byte of x is below c (c <= 128).
func hasLess(x uint64, c byte) uint64 { return (x - uint64(c)*ones) & ^x & highs }

// node allocates a node at column col (0-based, in bytes: the parts of a
// line before a node other than a flow sequence's item are ASCII) of the
// current line.
func (p *fastParser) node(kind yaml.Kind, style yaml.Style, tag, value string, col int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, 16)
	}
	p.nodes = append(p.nodes, yaml.Node{Kind: kind, Style: style, Tag: tag, Value: value, Line: p.line, Column: col + 1})
	return &p.nodes[len(p.nodes)-1]
}

// content returns a copy of the children of a collection, for its
// Content. Every node but the top one is a child once: the first chunk
// is as large as the first chunk of nodes.
func (p *fastParser) content(kids []*yaml.Node) []*yaml.Node {
	k := len(kids)
	if k == 0 {
		return nil
	}
	if cap(p.ptrs)-len(p.ptrs) < k {
		p.ptrs = make([]*yaml.Node, 0, max(k+16, cap(p.nodes)))
	}
	n := len(p.ptrs)
	p.ptrs = append(p.ptrs, kids...)
	return p.ptrs[n : n+k : n+k]
}

// kids is room for the children of a collection, kept on the Go stack
// while they are few.
type kids [16]*yaml.Node

// nextLine moves to the start of the line after the one p.i is on, whose
// "\n" is at p.i.
func (p *fastParser) nextLine() {
	p.i++
	p.line++
	p.bol = p.i
}

// skipEmpty moves past the "\n" at p.i and any empty lines after it.
func (p *fastParser) skipEmpty() {
	p.nextLine()
	for p.i < len(p.src) && p.src[p.i] == '\n' {
		p.nextLine()
	}
}

// indent moves p.i past the spaces at the start of the current line and
// returns their number.
func (p *fastParser) indent() int {
	for p.i < len(p.src) && p.src[p.i] == ' ' {
		p.i++
	}
	return p.i - p.bol
}

// next moves to the next line that is not empty after a value that ended
// at p.i ("\n"), and reports how the parent at column col goes on: more
// is true when that line is indented as col, and it is false at the end
// of the file or when that line is indented less. A line indented more is
// not handled.
func (p *fastParser) next(col int) (more, ok bool) {
	p.skipEmpty()
	if p.i == len(p.src) {
		return false, true
	}
	ind := p.indent()
	return ind == col, ind <= col
}

// block parses the block mapping or sequence at p.i, at column col.
func (p *fastParser) block(col int) (*yaml.Node, bool) {
	if p.depth++; p.depth > maxDepth {
		return nil, false
	}
	var n *yaml.Node
	ok := false
	if p.isItem() {
		n, ok = p.sequence(col)
	} else if _, ok = p.key(); ok {
		n, ok = p.mapping(col)
	}
	p.depth--
	return n, ok
}

// isItem reports whether a sequence item, "- ", starts at p.i.
func (p *fastParser) isItem() bool {
	return p.i+1 < len(p.src) && p.src[p.i] == '-' && p.src[p.i+1] == ' '
}

// key returns the end of the key that starts at p.i, at its ':', if a
// key followed by ": " or ":\n" starts there.
func (p *fastParser) key() (int, bool) {
	s := p.src
	i := p.i
	if i >= len(s) || !isLetter(s[i]) {
		return 0, false
	}
	for i++; i < len(s) && keyChar[s[i]]; i++ {
	}
	if i+1 >= len(s) || s[i] != ':' || s[i+1] != ' ' && s[i+1] != '\n' || i-p.i > maxKey {
		return 0, false
	}
	return i, true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// keyChar is true for the bytes of a key after its first.
var keyChar = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isLetter(byte(c)) || isDigit(byte(c)) || c == '_' || c == '-'
	}
	return t
}()

// mapping parses the block mapping whose first key is at p.i, at column
// col.
func (p *fastParser) mapping(col int) (*yaml.Node, bool) {
	m := p.node(yaml.MappingNode, 0, "!!map", "", col)
	var room kids
	list := room[:0]
	for {
		end, ok := p.key()
		if !ok {
			return nil, false
		}
		k := p.src[p.i:end]
		tag, _ := plainTag(k)
		list = append(list, p.node(yaml.ScalarNode, 0, tag, k, col))
		p.i = end + 1
		var v *yaml.Node
		var more bool
		if p.src[p.i] == '\n' {
			// The value is a block node on the next lines, indented more.
			p.skipEmpty()
			if p.i == len(p.src) {
				return nil, false
			}
			ind := p.indent()
			if ind <= col {
				return nil, false
			}
			if v, ok = p.block(ind); ok {
				more, ok = p.ended(col)
			}
		} else {
			for p.src[p.i] == ' ' {
				p.i++
			}
			if v, ok = p.inline(col); ok {
				more, ok = p.after(v, col)
			}
		}
		if !ok {
			return nil, false
		}
		list = append(list, v)
		if !more {
			m.Content = p.content(list)
			return m, true
		}
	}
}

// after moves on after value v of a parent at column col: see next, and
// ended for a literal block scalar.
func (p *fastParser) after(v *yaml.Node, col int) (more, ok bool) {
	if v.Style == yaml.LiteralStyle {
		return p.ended(col)
	}
	return p.next(col)
}

// ended is next for a node that ended at the start of the next line that
// is not empty, with p.i past its indentation, or at the end of the file.
func (p *fastParser) ended(col int) (more, ok bool) {
	if p.i == len(p.src) {
		return false, true
	}
	ind := p.i - p.bol
	return ind == col, ind <= col
}

// sequence parses the block sequence whose first "- " is at p.i, at
// column col.
func (p *fastParser) sequence(col int) (*yaml.Node, bool) {
	s := p.node(yaml.SequenceNode, 0, "!!seq", "", col)
	var room kids
	list := room[:0]
	for {
		if !p.isItem() {
			return nil, false
		}
		p.i += 2
		for p.src[p.i] == ' ' {
			p.i++
		}
		var v *yaml.Node
		var more, ok bool
		if _, isKey := p.key(); isKey {
			// A mapping that starts on the item's line.
			if p.depth++; p.depth > maxDepth {
				return nil, false
			}
			v, ok = p.mapping(p.i - p.bol)
			p.depth--
			if ok {
				more, ok = p.ended(col)
			}
		} else if v, ok = p.inline(col); ok {
			more, ok = p.after(v, col)
		}
		if !ok {
			return nil, false
		}
		list = append(list, v)
		if !more {
			s.Content = p.content(list)
			return s, true
		}
	}
}

// inline parses the value at p.i, on the line of its key or "- ", whose
// parent is at column col. It stops at the "\n" that ends it; after a
// literal block scalar, at the start of the next line that is not empty
// (p.i past its indentation), or at the end of the file.
func (p *fastParser) inline(col int) (*yaml.Node, bool) {
	s := p.src
	switch s[p.i] {
	case '"':
		end, ok := p.quoted(p.i)
		if !ok || s[end+1] != '\n' {
			return nil, false
		}
		v := p.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str", s[p.i+1:end], p.i-p.bol)
		p.i = end + 1
		return v, true
	case '[':
		return p.flow()
	case '|':
		return p.literal(col)
	}
	start := p.i
	for s[p.i] != '\n' {
		switch s[p.i] {
		case ':':
			if s[p.i+1] == ' ' || s[p.i+1] == '\n' {
				return nil, false
			}
		case '#':
			if s[p.i-1] == ' ' {
				return nil, false
			}
		}
		p.i++
	}
	v := s[start:p.i]
	tag, ok := plainTag(v)
	if !ok {
		return nil, false
	}
	return p.node(yaml.ScalarNode, 0, tag, v, start-p.bol), true
}

// quoted returns the offset of the '"' that ends the double-quoted
// scalar starting at i, if it has no escape and ends on its line.
func (p *fastParser) quoted(i int) (int, bool) {
	for i++; i < len(p.src); i++ {
		switch p.src[i] {
		case '"':
			return i, true
		case '\\', '\n':
			return 0, false
		}
	}
	return 0, false
}

// plainTag returns the tag yaml.v3 resolves the plain scalar s to: ok is
// false unless s is one parseFast is sure of. A plain scalar starting with
// an ASCII letter is a string, but for true, false and null in three
// spellings each; one starting with "/" is a string; an integer is handled
// only as 0 or a decimal of up to 18 digits without a leading zero.
func plainTag(s string) (string, bool) {
	switch c := s[0]; {
	case isLetter(c):
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool", true
		case "null", "Null", "NULL":
			return "!!null", true
		}
		return "!!str", true
	case c == '/':
		return "!!str", true
	case c == '0':
		return "!!int", len(s) == 1
	case c == '-' || isDigit(c):
		d := s
		if c == '-' {
			d = s[1:]
		}
		if len(d) == 0 || len(d) > 18 || d[0] == '0' {
			return "", false
		}
		for i := 0; i < len(d); i++ {
			if !isDigit(d[i]) {
				return "", false
			}
		}
		return "!!int", true
	}
	return "", false
}

// flowChar is true for the bytes of a plain item of a flow sequence after
// its first.
var flowChar = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isLetter(byte(c)) || isDigit(byte(c)) || c == '/' || c == '.' || c == '_' || c == '-' || c == ' '
	}
	return t
}()

// flow parses the flow sequence at p.i ('[') and stops at the "\n" after
// its ']'.
func (p *fastParser) flow() (*yaml.Node, bool) {
	s := p.src
	seq := p.node(yaml.SequenceNode, yaml.FlowStyle, "!!seq", "", p.i-p.bol)
	p.i++
	if s[p.i] == ']' {
		p.i++
		return seq, s[p.i] == '\n'
	}
	var room kids
	list := room[:0]
	for {
		// Columns count characters: an item may follow non-ASCII ones.
		col := utf8.RuneCountInString(s[p.bol:p.i])
		var v *yaml.Node
		if s[p.i] == '"' {
			end, ok := p.quoted(p.i)
			if !ok {
				return nil, false
			}
			v = p.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str", s[p.i+1:end], col)
			p.i = end + 1
		} else {
			start := p.i
			for flowChar[s[p.i]] {
				p.i++
			}
			if p.i == start || s[p.i-1] == ' ' {
				return nil, false
			}
			tag, ok := plainTag(s[start:p.i])
			if !ok {
				return nil, false
			}
			v = p.node(yaml.ScalarNode, 0, tag, s[start:p.i], col)
		}
		list = append(list, v)
		switch {
		case s[p.i] == ']' && s[p.i+1] == '\n':
			p.i++
			seq.Content = p.content(list)
			return seq, true
		case s[p.i] == ',' && s[p.i+1] == ' ' && s[p.i+2] != ' ':
			p.i += 2
		default:
			return nil, false
		}
	}
}

// literal parses the literal block scalar whose "|" is at p.i, in a
// parent at column col. Its content is indented more than col, by as
// much as its first line, which must not be empty; it ends before the
// first line that is not empty and is indented less. Its empty lines at
// the end are dropped and its last line break is kept (clip chomping).
func (p *fastParser) literal(col int) (*yaml.Node, bool) {
	s := p.src
	if s[p.i+1] != '\n' {
		return nil, false
	}
	v := p.node(yaml.ScalarNode, yaml.LiteralStyle, "!!str", "", p.i-p.bol)
	p.i++
	p.nextLine()
	if p.i == len(s) {
		return nil, false
	}
	ind := p.indent()
	if ind <= col || s[p.i] == '\n' {
		return nil, false
	}
	// One pass to find the lines and the size of the value, one to write
	// it if it has more than one line.
	start := p.bol
	lines, size, blank, last := 0, 0, 0, 0
	for {
		// p.i is past the indentation of a line of the content.
		last = p.i
		for s[last] != '\n' {
			last++
		}
		size += blank + last - (p.bol + ind) + 1
		lines++
		blank = 0
		p.i = last
		p.nextLine()
		for p.i < len(s) && s[p.i] == '\n' {
			blank++
			p.nextLine()
		}
		if p.i == len(s) || p.indent() < ind {
			break
		}
	}
	if lines == 1 {
		v.Value = s[start+ind : last+1]
		return v, true
	}
	buf := make([]byte, 0, size)
	for i := start; i <= last; {
		j := i
		for s[j] != '\n' {
			j++
		}
		if j > i {
			buf = append(buf, s[i+ind:j+1]...)
		} else {
			buf = append(buf, '\n')
		}
		i = j + 1
	}
	v.Value = string(buf)
	return v, true
}
