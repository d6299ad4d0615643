package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Section is one part of a rendered document as plain text, for the
// search index: the text before the first h2 or h3 heading (Level 0, no
// ID), then one Section per h2 and h3 heading, each holding the text up to
// the next one. Deeper headings and their text belong to the enclosing
// section. Code blocks and raw HTML are left out; inline code is kept.
type Section struct {
	Level int    // 2 or 3; 0 for the text before the first heading
	ID    string // the heading's id
	Title string // the heading's text
	Text  string // plain text, words separated by single spaces
}

// outline splits the top-level blocks of a parsed document into sections.
func outline(root ast.Node, src []byte) []Section {
	secs := []Section{{}}
	var b strings.Builder
	flush := func() {
		secs[len(secs)-1].Text = squeeze(b.String())
		b.Reset()
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && (h.Level == 2 || h.Level == 3) {
			flush()
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			var t strings.Builder
			plainText(&t, h, src)
			secs = append(secs, Section{Level: h.Level, ID: string(idb), Title: squeeze(t.String())})
			continue
		}
		plainText(&b, n, src)
	}
	flush()
	return secs
}

// plainText appends the text of n and its descendants to b, with a space
// between blocks and for line breaks; squeeze tidies the spaces after.
// Code blocks and raw HTML are skipped; inline code is kept.
func plainText(b *strings.Builder, n ast.Node, src []byte) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.Label(src))
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		default:
			if c.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
}

// squeeze replaces every run of white space (unicode.IsSpace) with one
// space and trims the ends, as joining strings.Fields with spaces would,
// without a slice of every word; text that is already so is returned
// as it is.
func squeeze(s string) string {
	if squeezed(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := decodeRune(s, i)
		if isSpace(r) {
			space = len(b) > 0
		} else {
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// squeezed reports whether squeeze(s) is s: no white space at the ends,
// and none between words but one space.
func squeezed(s string) bool {
	prev := ' ' // so that white space at the start is found
	for i := 0; i < len(s); {
		r, size := decodeRune(s, i)
		if isSpace(r) && (r != ' ' || prev == ' ') {
			return false
		}
		prev = r
		i += size
	}
	return prev != ' '
}

func decodeRune(s string, i int) (rune, int) {
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// Plain returns the plain text of a short Markdown field (a summary, a
// step, a note), as the search index wants it: markup, links and code
// blocks removed, words separated by single spaces. Glossary terms are not
// linked, so Plain needs no Doc.
func (r *Renderer) Plain(src string) string {
	s := []byte(src)
	root := r.md.Parser().Parse(text.NewReader(s), parser.WithContext(parser.NewContext()))
	var b strings.Builder
	plainText(&b, root, s)
	return squeeze(b.String())
}
