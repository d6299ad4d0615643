package markdown

import (
	"iter"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// termMatcher finds glossary terms in prose, in one pass over the text:
// at each word start it tries only the terms that begin with that letter.
type termMatcher struct {
	terms   []matchTerm // longest first, so "access token" wins over "access"
	byFirst [256][]int  // indexes into terms, by first (lowered) byte
	// plainURLs is true when every term URL reads the same escaped for an
	// href, so inlinePlain may write it as it is.
	plainURLs bool
}

type matchTerm struct {
	lower []byte // ASCII-lowercased name
	url   string
}

func newTermMatcher(terms []Term) *termMatcher {
	m := &termMatcher{plainURLs: true}
	for _, t := range terms {
		if t.Name == "" {
			continue
		}
		m.terms = append(m.terms, matchTerm{lower: lowerASCII([]byte(t.Name)), url: t.URL})
		m.plainURLs = m.plainURLs && isPlainURL(t.URL)
	}
	slices.SortStableFunc(m.terms, func(a, b matchTerm) int { return len(b.lower) - len(a.lower) })
	for i, t := range m.terms {
		m.byFirst[t.lower[0]] = append(m.byFirst[t.lower[0]], i)
	}
	return m
}

// lowerASCII lowers A-Z only, so byte offsets stay those of the source.
func lowerASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = lower(c)
	}
	return out
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isWordByte(c byte) bool {
	return c >= 0x80 || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// isPlainURL reports whether u is made of bytes that neither URL nor HTML
// escaping changes.
func isPlainURL(u string) bool {
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/#-_.", c) >= 0) {
			return false
		}
	}
	return true
}

// findTerm returns the earliest whole-word match in s of a term not yet
// linked on the page; at one position the longest term wins.
func findTerm[S ~string | ~[]byte](m *termMatcher, s S, linked map[string]bool) (start, end int, url string) {
	for i, t := range matches(m, s) {
		if !linked[t.url] {
			return i, i + len(t.lower), t.url
		}
	}
	return -1, -1, ""
}

// termURLs appends to urls, each once, the URL of every term that matches
// in s: findTerm finds nothing in s on a page that has linked them all.
func termURLs[S ~string | ~[]byte](m *termMatcher, s S, urls []string) []string {
	for _, t := range matches(m, s) {
		if !slices.Contains(urls, t.url) {
			urls = append(urls, t.url)
		}
	}
	return urls
}

// matches yields the whole-word matches of a term in s, each with where
// it starts, by position, and at one position longest first.
func matches[S ~string | ~[]byte](m *termMatcher, s S) iter.Seq2[int, *matchTerm] {
	return func(yield func(int, *matchTerm) bool) {
		for i := range len(s) {
			if i > 0 && isWordByte(s[i-1]) {
				continue // not at the start of a word
			}
			for _, ti := range m.byFirst[lower(s[i])] {
				t := &m.terms[ti]
				j := i + len(t.lower)
				if j > len(s) || j < len(s) && isWordByte(s[j]) || !equalFold(s[i:j], t.lower) {
					continue
				}
				if !yield(i, t) {
					return
				}
			}
		}
	}
}

// equalFold reports whether b, ASCII-lowered, equals lowered.
func equalFold[S ~string | ~[]byte](b S, lowered []byte) bool {
	for k := range len(b) {
		if lower(b[k]) != lowered[k] {
			return false
		}
	}
	return true
}

// glossaryLinker links the first use of each glossary term on a page.
type glossaryLinker struct{ m *termMatcher }

func (g *glossaryLinker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d, _ := pc.Get(docCtxKey).(*Doc)
	if d == nil || d.NoTerms || len(g.m.terms) == 0 {
		return
	}
	src := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindAutoLink, ast.KindCodeSpan, ast.KindHeading, ast.KindImage,
			ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock, ast.KindRawHTML:
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			texts = append(texts, n.(*ast.Text))
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		if t.Parent() == nil {
			continue // merged into the text before it
		}
		mergeFollowing(t)
		if d.terms != nil {
			*d.terms = termURLs(g.m, t.Segment.Value(src), *d.terms)
		}
		g.link(t, src, d.linked)
	}
}

// mergeFollowing joins to t the text nodes after it that continue it in
// the source. goldmark cuts a line of text where an inline parser was
// tried ("use the access token" comes as "use the access" and " token"),
// and a term must be found across such cuts.
func mergeFollowing(t *ast.Text) {
	for {
		next, ok := t.NextSibling().(*ast.Text)
		if !ok || t.SoftLineBreak() || t.HardLineBreak() || t.IsRaw() != next.IsRaw() ||
			t.Segment.Stop != next.Segment.Start || t.Segment.Padding != 0 || next.Segment.Padding != 0 {
			return
		}
		t.Segment = t.Segment.WithStop(next.Segment.Stop)
		t.SetSoftLineBreak(next.SoftLineBreak())
		t.SetHardLineBreak(next.HardLineBreak())
		t.Parent().RemoveChild(t.Parent(), next)
	}
}

// link splits t around the first term it contains, wrapping the term in a
// link, and goes on with the rest of the text.
func (g *glossaryLinker) link(t *ast.Text, src []byte, linked map[string]bool) {
	for {
		seg := t.Segment
		i, j, url := findTerm(g.m, seg.Value(src), linked)
		if i < 0 {
			return
		}
		linked[url] = true
		parent := t.Parent()
		before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+i))
		word := ast.NewTextSegment(text.NewSegment(seg.Start+i, seg.Start+j))
		after := ast.NewTextSegment(text.NewSegment(seg.Start+j, seg.Stop))
		after.SetSoftLineBreak(t.SoftLineBreak())
		after.SetHardLineBreak(t.HardLineBreak())
		link := ast.NewLink()
		link.Destination = []byte(url)
		link.SetAttributeString("class", []byte("term"))
		link.AppendChild(link, word)
		if i > 0 {
			parent.InsertBefore(parent, t, before)
		}
		parent.InsertBefore(parent, t, link)
		parent.ReplaceChild(parent, t, after)
		t = after
	}
}
