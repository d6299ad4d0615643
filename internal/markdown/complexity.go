package markdown

import "bytes"

// MaxComplexity bounds the work the Markdown parser may be given. goldmark
// needs time quadratic in the markers of a block on crafted input: 40 KB of
// "[a](", "*a_", "![a](", "1. " or ">" on one line takes seconds, 800 KB
// minutes. The estimate of a block (text between blank lines, fenced code
// left out) is its marker count times its length, summed over the source;
// 2e8 is about half a second of the worst such input, and far above real
// pages: the costliest page of the CMO site and of a 200-page benchmark
// corpus scores 34,375.
const MaxComplexity = 2e8

// markers are the bytes that open or close inline and container syntax.
var markers = [256]bool{'*': true, '_': true, '[': true, ']': true, '(': true, ')': true, '!': true,
	'<': true, '>': true, '`': true, '~': true, '.': true, '\\': true, '&': true}

// block is the costliest block of a source.
type block struct {
	line, size, marks int
}

// complexity estimates the parsing work of src: the sum over its blocks of
// markers times length, and its costliest block.
func complexity(src []byte) (cost int, worst block) {
	var start, startLine, marks, worstCost int
	var fence []byte // the opening fence while in fenced code
	flush := func(end int) {
		c := marks * (end - start)
		cost += c
		if c > worstCost {
			worstCost, worst = c, block{startLine, end - start, marks}
		}
	}
	lineNo, startLine := 1, 1
	for i := 0; i < len(src); lineNo++ {
		end := len(src)
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			end = i + j + 1
		}
		l := src[i:end]
		t := bytes.TrimLeft(l, " ")
		switch {
		case fence != nil:
			if bytes.HasPrefix(t, fence) && len(bytes.TrimSpace(bytes.TrimLeft(t, string(fence[:1])))) == 0 {
				fence = nil
				start, startLine, marks = end, lineNo+1, 0
			}
		case len(l)-len(t) < 4 && isFence(t):
			flush(i)
			fence = t[:3]
		case len(bytes.TrimSpace(l)) == 0:
			flush(i)
			start, startLine, marks = end, lineNo+1, 0
		default:
			for _, c := range l {
				if markers[c] {
					marks++
				}
			}
		}
		i = end
	}
	if fence == nil {
		flush(len(src))
	}
	return cost, worst
}

// isFence reports whether line opens fenced code: at least three backticks
// or tildes, and for backticks an info string without one (otherwise it is
// inline code in a paragraph, and counts).
func isFence(line []byte) bool {
	switch {
	case bytes.HasPrefix(line, []byte("~~~")):
		return true
	case bytes.HasPrefix(line, []byte("```")):
		return !bytes.Contains(bytes.TrimLeft(line, "`"), []byte("`"))
	}
	return false
}
