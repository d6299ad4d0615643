// Package markdown is the one configured Markdown renderer of errdocs:
// goldmark with GitHub Flavored Markdown (tables, strikethrough, autolinks,
// task lists), footnotes, automatic heading ids and {#id .class} attributes,
// chroma syntax highlighting with CSS classes, heading copy-link controls,
// and glossary terms linked where they first appear on a page.
//
// Raw HTML in Markdown is not rendered (goldmark's safe default): a page
// cannot inject scripts, and the Content-Security-Policy stays strict. A
// link or image whose URL would run code (javascript:, ...) is shown as
// its text; UnsafeLinks finds them for the build to report.
//
// A Renderer is configured once and is safe for concurrent use; a Doc
// carries the state of one output page across the several Markdown
// fragments rendered into it (the first-use glossary links).
package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Term is a glossary term to link where it first appears in prose.
type Term struct {
	Name string // as written in prose, matched case-insensitively
	URL  string // where it links, e.g. "/glossary/#access-token"
}

// Config configures a Renderer.
type Config struct {
	Terms []Term
	// MaxCodeBlock is the largest code block, in bytes, that is
	// highlighted (chroma can be slow on large crafted input); larger ones
	// are shown plain and listed in Result.Problems, for the build to
	// report. 0 means DefaultMaxCodeBlock.
	MaxCodeBlock int
}

// DefaultMaxCodeBlock is the default Config.MaxCodeBlock: 64 KiB.
const DefaultMaxCodeBlock = 64 << 10

// Renderer renders Markdown to HTML.
type Renderer struct {
	md    goldmark.Markdown
	terms *termMatcher
	// checker parses for UnsafeLinks.
	checker goldmark.Markdown
	// inline caches Inline's HTML of fields as rendered where no glossary
	// term got linked in them: a field is shown on several pages (an
	// error's on /errors/ and its own page, a shared remedy on every error
	// that uses it), and again on one page once its terms are linked there.
	inline sync.Map // string -> *inlined
}

// Heading is a heading of a rendered document, for tables of contents and
// the search index.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int // 1-based line within the rendered source
}

// Result is one rendered Markdown source.
type Result struct {
	HTML     []byte
	Headings []Heading
	// Sections is the plain-text outline for the search index (Render
	// only; Inline leaves it empty).
	Sections []Section
	// Problems lists what the source should not do: a code block over
	// Config.MaxCodeBlock, Markdown too complex to parse quickly.
	Problems []Problem
}

// Problem is something wrong with a Markdown source that still renders.
type Problem struct {
	Line int // 1-based line within the rendered source
	Msg  string
}

// New returns a Renderer.
func New(cfg Config) *Renderer {
	if cfg.MaxCodeBlock == 0 {
		cfg.MaxCodeBlock = DefaultMaxCodeBlock
	}
	r := &Renderer{terms: newTermMatcher(cfg.Terms), checker: newChecker()}
	r.md = goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(
				util.Prioritized(unsafeLinker{}, 800),
				util.Prioritized(&glossaryLinker{r.terms}, 900),
				util.Prioritized(&codeSizer{max: cfg.MaxCodeBlock}, 910),
			),
		),
		goldmark.WithRendererOptions(
			gmhtml.WithXHTML(),
			renderer.WithNodeRenderers(
				util.Prioritized(&codeRenderer{maxSize: cfg.MaxCodeBlock}, 100),
				util.Prioritized(&headingRenderer{}, 100),
			),
		),
	)
	return r
}

// Doc is the state of one output page; use one per page, from one
// goroutine.
type Doc struct {
	r      *Renderer
	linked map[string]bool // glossary URLs already linked on this page
	// NoTerms disables glossary linking (the glossary page itself).
	NoTerms bool
	// Problems accumulates Result.Problems of every Render and Inline.
	Problems []Problem
	// terms, when not nil, gathers the URL of every term the glossary
	// linker could link in the text it sees (see termURLs).
	terms *[]string
}

// inlined is a field's HTML with no glossary link, and the URLs of the
// terms it has: on a page that linked them all, that is its HTML.
type inlined struct {
	html  string
	terms []string
}

// NewDoc starts a page.
func (r *Renderer) NewDoc() *Doc { return &Doc{r: r, linked: map[string]bool{}} }

var (
	docCtxKey      = parser.NewContextKey()
	problemsCtxKey = parser.NewContextKey() // *[]Problem
)

// Render renders a whole Markdown document (a page body). Markdown too
// complex to parse quickly (see MaxComplexity) is shown as plain text,
// with a Problem.
func (d *Doc) Render(src []byte) (Result, error) { return d.render(nil, src, true) }

// RenderTo is Render appending the HTML to dst, a buffer to reuse.
func (d *Doc) RenderTo(dst, src []byte) (Result, error) { return d.render(dst, src, true) }

func (d *Doc) render(dst, src []byte, withOutline bool) (Result, error) {
	if cost, b := complexity(src); cost > MaxComplexity {
		p := Problem{Line: b.line, Msg: fmt.Sprintf(
			"Markdown too complex to render quickly: a block of %d bytes with %d link, emphasis, list or quote markers; split it into shorter paragraphs or use less markup", b.size, b.marks)}
		d.Problems = append(d.Problems, p)
		b := bytes.NewBuffer(dst)
		Highlight(b, string(src), "")
		return Result{HTML: b.Bytes(), Problems: []Problem{p}}, nil
	}
	ctx := parser.NewContext()
	ctx.Set(docCtxKey, d)
	var problems []Problem
	ctx.Set(problemsCtxKey, &problems)
	root := d.r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	buf := bytes.NewBuffer(dst)
	buf.Grow(len(src) * 2)
	if err := d.r.md.Renderer().Render(bufWriter{buf}, src, root); err != nil {
		return Result{}, err
	}
	d.Problems = append(d.Problems, problems...)
	res := Result{HTML: buf.Bytes(), Headings: headings(root, src), Problems: problems}
	if withOutline {
		res.Sections = outline(root, src)
	}
	return res, nil
}

// Inline renders a short prose field (a summary, a step, a note). A single
// paragraph is returned without its <p> wrapper so it can sit in a list
// item or table cell.
func (d *Doc) Inline(src string) (string, error) {
	if h, ok := d.inlinePlain(src); ok {
		return h, nil
	}
	if d.NoTerms {
		return d.inlineGoldmark(src)
	}
	if v, ok := d.r.inline.Load(src); ok {
		if in := v.(*inlined); allLinked(in.terms, d.linked) {
			return in.html, nil
		}
	}
	problems, linked := len(d.Problems), len(d.linked)
	var terms []string
	d.terms = &terms
	h, err := d.inlineGoldmark(src)
	d.terms = nil
	if err == nil && len(d.Problems) == problems && len(d.linked) == linked {
		d.r.inline.Store(src, &inlined{h, terms}) // no term was linked
	}
	return h, err
}

// allLinked reports whether every URL of urls is in linked.
func allLinked(urls []string, linked map[string]bool) bool {
	for _, u := range urls {
		if !linked[u] {
			return false
		}
	}
	return true
}

// inlineGoldmark is Inline by way of goldmark, for any Markdown.
func (d *Doc) inlineGoldmark(src string) (string, error) {
	res, err := d.render(nil, []byte(src), false)
	if err != nil {
		return "", err
	}
	h := bytes.TrimSpace(res.HTML)
	if bytes.HasPrefix(h, []byte("<p>")) && bytes.HasSuffix(h, []byte("</p>")) &&
		bytes.Count(h, []byte("<p>")) == 1 {
		h = h[3 : len(h)-4]
	}
	return string(h), nil
}

// headings lists the document's headings with their ids.
func headings(root ast.Node, src []byte) []Heading {
	var hs []Heading
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			continue
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		line := 0
		if l := h.Lines(); l.Len() > 0 {
			line = bytes.Count(src[:l.At(0).Start], []byte("\n")) + 1
		}
		hs = append(hs, Heading{Level: h.Level, ID: string(idb), Text: PlainText(h, src), Line: line})
	}
	return hs
}

// PlainText returns the text of n and its descendants, without markup.
func PlainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// bufWriter lets goldmark write straight into a bytes.Buffer. Given any
// other io.Writer, goldmark wraps it in a new 4 KiB bufio.Writer on every
// render: 150 MB of garbage for the fields and pages of a 10,000-page site.
type bufWriter struct{ *bytes.Buffer }

// Buffered reports no bytes held back: every write is in the buffer.
func (bufWriter) Buffered() int { return 0 }

// Flush has nothing to do.
func (bufWriter) Flush() error { return nil }
