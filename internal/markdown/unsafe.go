package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Links whose URL runs code or reads local files (javascript:, vbscript:,
// file:, and data: but for images of the common types) are never
// published. goldmark's HTML renderer writes them as href="" (src=""), a
// link to nowhere that the link check could only report as "empty link",
// without a line. Instead the build reports each where it is written
// (UnsafeLinks, checked with the other problems of the input), and the
// renderer shows such a link as its text (unsafeLinker), so nothing is
// reported twice. Which URLs are unsafe is goldmark's own decision
// (gmhtml.IsDangerousURL on the URL as its renderer escapes it), so the
// two cannot disagree.

// unsafeURL returns the URL of a link, image or autolink node, as the
// HTML renderer would write it, and whether the renderer would leave it
// out as dangerous.
func unsafeURL(n ast.Node, src []byte) ([]byte, bool) {
	var u []byte
	resolve := true
	switch l := n.(type) {
	case *ast.Link:
		u = l.Destination
	case *ast.Image:
		u = l.Destination
	case *ast.AutoLink:
		u, resolve = l.URL(src), false
	default:
		return nil, false
	}
	// A scheme needs a ':', written or as a reference.
	if bytes.IndexByte(u, ':') < 0 && bytes.IndexByte(u, '&') < 0 {
		return nil, false
	}
	u = util.URLEscape(u, resolve)
	return u, gmhtml.IsDangerousURL(u)
}

// unsafeLinker is the AST transformer that replaces each unsafe link or
// image with its text (an autolink with its label).
type unsafeLinker struct{}

func (unsafeLinker) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	for _, n := range findUnsafe(doc, src, nil) {
		parent := n.Parent()
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// findUnsafe appends the unsafe links and images below n to found, in
// document order. It walks the tree itself: ast.Walk's callback costs an
// allocation on each of a build's 100,000 renders.
func findUnsafe(n ast.Node, src []byte, found []ast.Node) []ast.Node {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, bad := unsafeURL(c, src); bad {
			found = append(found, c)
		}
		found = findUnsafe(c, src, found)
	}
	return found
}

// UnsafeLink is a link or image of a Markdown source whose URL is not
// published.
type UnsafeLink struct {
	Off   int    // byte offset in the source of its "[", "![" or "<"
	URL   string // as the renderer escapes it
	Image bool
}

// newChecker returns the goldmark that UnsafeLinks parses with: the
// renderer's extensions and block syntax, without its transformers.
func newChecker() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAttribute()),
	)
}

// UnsafeLinks returns the links and images of src, a Markdown document or
// field, that are not published because of their URL's scheme, in order.
// Most sources cannot hold one, and are not parsed.
func (r *Renderer) UnsafeLinks(src []byte) []UnsafeLink {
	if !mayBeUnsafe(src) {
		return nil
	}
	return r.unsafeLinks(src)
}

// UnsafeFieldLinks is UnsafeLinks for a prose field.
func (r *Renderer) UnsafeFieldLinks(field string) []UnsafeLink {
	if !mayBeUnsafe(field) {
		return nil
	}
	return r.unsafeLinks([]byte(field))
}

func (r *Renderer) unsafeLinks(src []byte) []UnsafeLink {
	var links []UnsafeLink
	doc := r.checker.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if u, bad := unsafeURL(n, src); bad {
				_, image := n.(*ast.Image)
				links = append(links, UnsafeLink{Off: max(n.Pos(), 0), URL: string(u), Image: image})
			}
		}
		return ast.WalkContinue, nil
	})
	return links
}

// mayBeUnsafe reports whether src may hold a URL that IsDangerousURL
// refuses: one with a character reference ("&#58;", "&colon;": CommonMark
// references end with ";"), which can spell any scheme, a backslash
// before a ':', or a ':' after one of the refused schemes' names, in any
// case. ("?a=1&b=2" in a URL is no reference.)
func mayBeUnsafe[S ~string | ~[]byte](src S) bool {
	for off := 0; ; off++ {
		i := index(src[off:], ':')
		if i < 0 {
			break
		}
		off += i
		if off > 0 && src[off-1] == '\\' {
			return true
		}
		for _, scheme := range []string{"javascript", "vbscript", "file", "data"} {
			if off >= len(scheme) && endsFold(src[:off], scheme) {
				return true
			}
		}
	}
	for off := 0; ; off++ {
		i := index(src[off:], '&')
		if i < 0 {
			return false
		}
		off += i
		end := off + 1
		for end < len(src) && end-off <= 32 && (src[end] == '#' || isAlnum(src[end])) {
			end++
		}
		if end > off+1 && end < len(src) && src[end] == ';' {
			return true
		}
	}
}

// index is strings.IndexByte or bytes.IndexByte.
func index[S ~string | ~[]byte](s S, c byte) int {
	switch s := any(s).(type) {
	case string:
		return strings.IndexByte(s, c)
	case []byte:
		return bytes.IndexByte(s, c)
	}
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// endsFold reports whether s ends with suffix, a lowercase ASCII word, in
// any case.
func endsFold[S ~string | ~[]byte](s S, suffix string) bool {
	s = s[len(s)-len(suffix):]
	for i := range len(suffix) {
		if s[i]|0x20 != suffix[i] {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' }
