package publish_test

import (
	"bytes"
	"errdocs/internal/fuzzgen"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"

	"errdocs/internal/publish"
	"errdocs/internal/sitegen"
)

// checkFast checks the contract of the fast path of MinifyPage on doc:
// when it takes doc, it gives what tdewolff's minifier gives. It reports
// whether it took doc.
func checkFast(t testing.TB, doc []byte) bool {
	t.Helper()
	got, ok := publish.MinifyFast(doc)
	if !ok {
		return false
	}
	want, err := publish.MinifyPageSlow(doc)
	if err != nil {
		t.Fatalf("the fast path took %q, which tdewolff refuses: %v", doc, err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("the fast path and tdewolff differ at byte %d\ninput: %q\nfast:  %q\nwant:  %q", i, doc, got, want)
	}
	// MinifyPage appends to a recycled buffer: both paths must leave what
	// it holds and add the same bytes after it.
	kept := append(make([]byte, 0, 8), "kept"...)
	if got, ok := publish.MinifyFastTo(kept, doc); !ok || string(got) != "kept"+string(want) {
		t.Fatalf("the fast path appending to %q gave %q, %t", kept, got, ok)
	}
	if got, err := publish.MinifyPageSlowTo(kept, doc); err != nil || string(got) != "kept"+string(want) {
		t.Fatalf("tdewolff appending to %q gave %q, %v", kept, got, err)
	}
	return true
}

// plainSeed is the seed site built without minification: its pages as
// rendered, what MinifyPage is given.
var plainSeed = sync.OnceValues(func() (map[string][]byte, error) {
	return builtPages(repoRoot)
})

// builtPages builds a site root with the default theme, unminified, and
// returns its HTML pages by path.
func builtPages(root string) (map[string][]byte, error) {
	res, err := sitegen.Build(sitegen.Config{
		Src: os.DirFS(root), Theme: os.DirFS(repoRoot), BaseURL: "https://docs.example.com/",
	})
	if err != nil {
		return nil, err
	}
	pages := map[string][]byte{}
	for _, p := range res.Tree.Paths() {
		if path.Ext(p) == ".html" {
			pages[p], _ = res.Tree.Get(p)
		}
	}
	return pages, nil
}

func seedPages(t testing.TB) map[string][]byte {
	t.Helper()
	pages, err := plainSeed()
	if err != nil {
		t.Fatalf("building the seed site: %v", err)
	}
	if len(pages) < 10 {
		t.Fatalf("the seed site has %d pages", len(pages))
	}
	return pages
}

// TestMinifyFastSeedPages: every page of the seed site takes the fast
// path, and it gives what tdewolff gives.
func TestMinifyFastSeedPages(t *testing.T) {
	pages := seedPages(t)
	for _, p := range slices.Sorted(maps.Keys(pages)) {
		if !checkFast(t, pages[p]) {
			t.Errorf("%s: not on the fast path", p)
		}
	}
}

// TestMinifyFastRules writes out the rules the fast path follows, each
// checked against tdewolff too, and cases it must leave to tdewolff.
func TestMinifyFastRules(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		// Whitespace between tags.
		{"between blocks", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul><li>a</li><li>b</li></ul>"},
		{"between inlines", "<div><span>x</span>\n<span>y</span> <a>z</a></div>", "<div><span>x</span>\n<span>y</span> <a>z</a></div>"},
		{"label then input", "<form>\n<label>x</label>\n<input>\n</form>", "<form><label>x</label>\n<input></form>"},
		{"nothing before, at start", "</label>\n<input>", "</label><input>"},
		{"block and inline", "<div>\n<span>x</span>\n</div>", "<div><span>x</span></div>"},
		{"br and hr are blocks", "<p>a <br> b<hr> c</p>", "<p>a<br>b<hr>c</p>"},
		{"document end", "<p>x</p>\n", "<p>x</p>"},
		{"body is inline", "</head>\n<body>\n<a>x</a>\n</body>\n</html>\n", "</head><body><a>x</a></body></html>"},
		{"meta and link are inline", "<div>x\n<meta>\n<link> y</div>", "<div>x\n<meta><link>y</div>"},
		{"script with src is inline", "<div>y<script src=\"a.js\" defer></script> z</div>", "<div>y<script src=\"a.js\" defer></script> z</div>"},
		// Runs of whitespace in text.
		{"spaces", "<p>a  b \t c</p>", "<p>a b c</p>"},
		{"newline wins", "<p>a \n\t b\n\nc</p>", "<p>a\nb\nc</p>"},
		{"trimmed at blocks", "<p> a </p><p>\nb\n</p>", "<p>a</p><p>b</p>"},
		{"one space across inline tags", "<p>a <b> b </b> c</p>", "<p>a <b>b </b>c</p>"},
		{"kept before inline", "<p>a<b> b </b>c</p>", "<p>a<b> b </b>c</p>"},
		{"trailing before inline end then block", "<div><b><i>y </i></b> </div>", "<div><b><i>y</i></b></div>"},
		{"trailing before inline end then text", "<div><b>y </b> x</div>", "<div><b>y </b>x</div>"},
		{"trailing kept before inline start", "<div>y <span></span>\n</div>", "<div>y <span></span></div>"},
		{"empty inline element is a word", "<p>a <b></b> c <span><i></i></span> d</p>", "<p>a <b></b> c <span><i></i></span> d</p>"},
		{"but not an empty a, label or del", "<p>a <a href=\"#x\"></a> c <label></label> d <del></del> e</p>", "<p>a <a href=\"#x\"></a>c <label></label>d <del></del>e</p>"},
		{"not empty if it held whitespace", "<p>a <b> </b> c</p>", "<p>a <b></b>c</p>"},
		{"img and input are words", "<p>a <input> b <img> <img> c</p>", "<p>a <input> b <img> <img> c</p>"},
		{"button is a word", "<p>x <button>y </button> z</p><p><button> a </button></p>", "<p>x <button>y </button> z</p><p><button> a</button></p>"},
		{"anchor then button", "<h2>Variants <a class=\"anchor\" href=\"#v\">#</a><button type=\"button\" hidden></button></h2>", "<h2>Variants <a class=\"anchor\" href=\"#v\">#</a><button type=\"button\" hidden></button></h2>"},
		{"inline code", "<p>x <code> a\n b </code> y</p>", "<p>x <code>a\nb </code>y</p>"},
		{"title", "<title> a  &amp; b </title>\n<meta charset=\"utf-8\">", "<title>a & b</title><meta charset=\"utf-8\">"},
		{"no-break space is not whitespace", "<p>a\u00a0 b</p>", "<p>a\u00a0 b</p>"},
		// Entities in text.
		{"entities", "<p>&#43; &#34; &#39; &quot; &gt; &lt; &amp;</p>", "<p>+ \" ' \" > &lt; &</p>"},
		{"amp before a name", "<p>a&amp;b &amp;# &amp;1 &amp;- &amp;; &amp;&amp;x</p>", "<p>a&amp;b &amp;# &amp;1 &- &; &&amp;x</p>"},
		{"amp at the end", "<p>a &amp;</p>", "<p>a &</p>"},
		// <pre> as chroma writes it.
		{"pre", "<div class=\"code\">\n<pre class=\"chroma\"><code><span class=\"line\"><span class=\"cl\">\t<span>&#34;a&#34;</span>  x &amp;y\n\n</span></span></code></pre>\n</div>",
			"<div class=\"code\"><pre class=\"chroma\"><code><span class=\"line\"><span class=\"cl\">\t<span>&#34;a&#34;</span>  x &amp;y\n\n</span></span></code></pre></div>"},
		{"pre then inline", "<pre>  x  </pre>\n<span> y</span>", "<pre>  x  </pre><span>y</span>"},
		// Tags and attributes.
		{"doctype", "<!DOCTYPE html>\n<html lang=\"en\">", "<!doctype html><html lang=\"en\">"},
		{"void tags", "<br/><img src=\"a.png\" alt=\"\"/><input type=\"checkbox\" checked disabled />", "<br><img src=\"a.png\" alt><input type=\"checkbox\" checked disabled>"},
		{"empty value", "<a title=\"\" href=\"\">t</a>", "<a title href>t</a>"},
		{"boolean", "<input checked=\"\"><script src=\"a.js\" defer=\"\"></script>", "<input checked><script src=\"a.js\" defer></script>"},
		{"attribute entities", "<a href=\"/a?b=1&amp;c=2&#43;\" title=\"a &amp; &lt;b&gt;\">t</a>", "<a href=\"/a?b=1&amp;c=2+\" title=\"a & <b>\">t</a>"},
		{"more double quotes", "<a title=\"&#34;x&#34; it&#39;s\">t</a>", "<a title='\"x\" it&#39;s'>t</a>"},
		{"as many quotes", "<a title=\"&#34;x&#39;\">t</a>", "<a title=\"&#34;x'\">t</a>"},
		{"text values keep whitespace", "<meta name=\"description\" content=\" a\n\tb  c \">", "<meta name=\"description\" content=\" a\n\tb  c \">"},
		{"viewport", "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := publish.MinifyFast([]byte(c.in))
			if !ok {
				t.Fatalf("%q: not on the fast path", c.in)
			}
			if string(got) != c.want {
				t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
			}
			checkFast(t, []byte(c.in))
		})
	}

	// What the fast path leaves to tdewolff (what tdewolff does with some
	// of it is in the comment).
	for _, in := range []string{
		"<!-- a comment -->",
		"<p>x</p><!-- a comment -->",
		"<style>p { color: red }</style>",
		"<script>var a = 1;</script>",
		"<script></script>",             // dropped
		"<p style=\"color: red\">x</p>", // CSS minified
		"<p onclick=\"f( 1 )\">x</p>",   // JS minified
		"<textarea> x </textarea>",      // kept as is
		"<meta name=\"keywords\" content=\"a, b\">",
		"<meta name=\"viewport\" content=\"width=device-width,  initial-scale=1.0\">",
		"<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">", // becomes <meta charset>
		"<p>&nbsp;</p>",
		"<p>&#10;</p>", // a newline, not collapsed
		"<p>a & b</p>",
		"<p>a < b</p>",
		"<p>a\r\nb</p>",
		"<p>a\fb</p>",
		"<a class=\" x  y \">t</a>",       // collapsed
		"<a href=\" /x \">t</a>",          // trimmed
		"<a href=\"HTTP://x.com/\">t</a>", // scheme lowered
		"<img src=\"data:image/png;base64,AAAA\">",
		"<a class=\"\">t</a>",       // dropped
		"<form action=\"\"></form>", // dropped
		"<link type=\"TEXT/CSS\">",  // lowered
		"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">",
		"<p>x</p><!DOCTYPE html>",
		"<A HREF=\"x\">t</A>",
		"<a href='x'>t</a>",
		"<a href=x>t</a>",
		"<a  href=\"x\">t</a>",
		"<a href=\"x\" >t</a>",
		"<p/>",
		"</br>",
		"<pre>a <pre> b </pre> c </pre>",
		"<pre><div> x </div></pre>",
		"<pre>x",
		"<svg><path d=\"M0 0\"/></svg>",
		"<title>a <b>b</b></title>",
	} {
		if _, ok := publish.MinifyFast([]byte(in)); ok {
			t.Errorf("%q: on the fast path", in)
		}
	}
}

// TestMinifyFastGenerated runs documents made by genDoc from random bytes
// through checkFast: the fuzz target's check on every go test, and a
// check that genDoc makes documents that the fast path takes often.
func TestMinifyFastGenerated(t *testing.T) {
	fuzzgen.Generated(t, 3000, 400, 5, genDoc, checkFast)
}

// FuzzMinifyFast is the differential check of the fast path: whenever it
// takes a document, it gives what tdewolff gives. Each input is tried as
// it is, and as the choices of genDoc, which makes documents of the
// constructs our pages use, with now and then something they do not.
func FuzzMinifyFast(f *testing.F) {
	pages, err := plainSeed()
	if err != nil {
		f.Fatalf("building the seed site: %v", err)
	}
	for _, p := range []string{"404.html", "search/index.html", "errors/400/index.html", "glossary/index.html"} {
		if b, ok := pages[p]; ok {
			f.Add(b)
		}
	}
	fuzzgen.Fuzz(f, 8, genDoc, checkFast)
}

// gen makes an HTML document from fuzz bytes: each byte is a choice.
type gen struct{ *fuzzgen.Gen }

// maxGen bounds a generated document.
const maxGen = 1 << 13

// Tags by how our pages use them, and some they do not use.
var (
	genBlocks = []string{"html", "head", "div", "main", "nav", "header", "footer", "article", "section",
		"ul", "ol", "li", "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
		"form", "details", "summary", "dl", "dt", "dd", "blockquote", "noscript", "figure", "aside"}
	genInlines = []string{"body", "code", "span", "a", "em", "strong", "label", "b", "i", "small", "sup",
		"kbd", "del", "button"}
	genVoids  = []string{"br", "hr", "img", "input", "meta", "link"}
	genOthers = []string{"textarea", "select", "option", "iframe", "svg", "video", "template", "q", "abbr",
		"time", "mark", "u", "s", "cite", "var", "samp", "output", "object", "dialog", "search", "caption", "tfoot"}

	genWords = []string{"a", "Bad", "Request", "x1", "the", "é", "·", "“q”", "–", "400", "pageSize",
		"https://docs.example.com/errors/400/", "a.b", "#", ";", ":", "=", "?", "-", "_", "/", "(", ")",
		"\"", "'", ">", "`", "{", "}"}
	genSpaces = []string{" ", " ", "\n", "\t", "  ", " \n ", "\n\n", "\t\n", " \t"}
	genEnts   = []string{"&amp;", "&lt;", "&gt;", "&#34;", "&#39;", "&#43;", "&quot;", "&amp;amp;", "&amp;lt;"}
	genOdd    = []string{"&nbsp;", "&#160;", "&#10;", "&#9;", "&#32;", "&#x2b;", "&apos;", "&#38;", "&#60;",
		"&", "&x", "&amp", "<", "< b", "\r\n", "\r", "\f", "\x00", "\x01", "\v", "\u00a0", "\ufeff", "\xff"}

	// Attributes with values like those our pages give them; others get
	// values made of genValWords.
	genAttrs = []struct {
		name   string
		values []string
	}{
		{"hidden", []string{""}}, // first: what running out of bytes picks
		{"class", []string{"anchor", "copy-link", "visually-hidden", "line", "cl", "toc-h2", "a b"}},
		{"href", []string{"/errors/", "#main", "/errors/400/", "https://docs.example.com/errors/400/", "/a?b=1&amp;c=2", "mailto:a@b.com", "../x", "/x&#43;y", "//x.com/", ""}},
		{"id", []string{"main", "400-bad-request", "search-input", "x&amp;y"}},
		{"aria-label", []string{"Link to 400 Bad Request: Bad Request", "Copy link to x", "Main", "a &amp; b", "&#34;x&#34;", "it&#39;s"}},
		{"aria-current", []string{"page", "true"}},
		{"data-anchor", []string{"variants", "400-bad-request"}},
		{"data-lang", []string{"json", "go"}},
		{"type", []string{"button", "search", "submit", "checkbox", "module", "text/javascript", "text/css"}},
		{"title", []string{"A &#34;quoted&#34; title", "x", "a\nb", " spaced  out "}},
		{"alt", []string{"", "A picture", "a &lt;b&gt;"}},
		{"src", []string{"/js/site.0123456789.js", "/img/a.png", "https://x.com/a.png"}},
		{"name", []string{"q", "x"}},
		{"content", []string{"x", "light dark", "An error &#43; a cause", " a\n\tb "}},
		{"property", []string{"og:title", "og:url"}},
		{"rel", []string{"stylesheet", "canonical", "noopener noreferrer"}},
		{"lang", []string{"en", "de-CH"}},
		{"role", []string{"search", "status"}},
		{"for", []string{"search-input"}},
		{"method", []string{"get"}},
		{"action", []string{"/search/"}},
		{"autocomplete", []string{"off"}},
		{"placeholder", []string{"Search errors, platforms, terms"}},
		{"scope", []string{"col", "row"}},
		{"charset", []string{"utf-8"}},
		{"defer", []string{""}},
		{"async", []string{""}},
		{"checked", []string{""}},
		{"disabled", []string{""}},
		{"open", []string{""}},
		{"value", []string{"1", " x "}},
		{"colspan", []string{"2"}},
		{"start", []string{"3"}},
		{"target", []string{"_blank"}},
		{"width", []string{"10"}},
		{"tabindex", []string{"-1"}},
		{"data-x-y", []string{"1"}},
	}
	genOddAttrNames = []string{"style", "onclick", "http-equiv", "media", "srcset", "dir", "xml:lang", "wrap", "sizes"}
	genValWords     = []string{"x", "copy-link", "visually-hidden", "#main", "/errors/", "/errors/400/",
		"https://docs.example.com/", "http://x.com/A?b=1&amp;c=2#F", "mailto:a@b.com", "HTTP://X.com",
		"Mailto:x", "javascript:f()", "data:text/plain,hi", "//x.com/", "?q=1", "/x y", "../a",
		"Link to 400 Bad Request: Bad Request", "search", "button", "submit", "text/css", "TEXT/CSS",
		"text/javascript", "application/ld+json", "get", "GET", "page", "true", "off", "row", "col",
		"utf-8", "UTF-8", "en", "stylesheet", "og:title", "description", "viewport", "color-scheme",
		"keywords", "light dark", "width=device-width, initial-scale=1", "width=device-width,initial-scale=1",
		"1", "010", "+2", "hidden", "defer", "“detail”", "a, b", "=", "'", "<", ">", "&#34;",
		"&#39;", "&amp;", "&lt;", "&gt;", "&#43;", "&quot;", "&amp;x", " ", " ", "  ", "\n", "\t"}
	genOddValWords = []string{"HTTP://X.com", "Mailto:x", "javascript:f()", "data:text/plain,hi", "TEXT/CSS",
		"&nbsp;", "&", "&#10;", "\r\n", "\f", "\x00", "Viewport"}
)

// genDoc makes a document from data. It is what MinifyPage meets: the
// frame of our templates, blocks and inlines nested, goldmark's text and
// chroma's code blocks; plus, now and then, something our pages never
// hold, to check the fast path leaves it or gets it right.
func genDoc(data []byte) []byte {
	g := &gen{fuzzgen.New(data, maxGen)}
	g.Add(g.PickOdd([]string{"<!DOCTYPE html>", "<!DOCTYPE html>\n", "<!doctype html>", ""},
		[]string{"<!DOCTYPE HTML>", "\n<!DOCTYPE html>", "<!DOCTYPE html >", "<!doctype html5>"}))
	for !g.Done() {
		g.node(0)
	}
	return g.Out
}

// node adds a text, an element or a tag.
func (g *gen) node(depth int) {
	switch c := g.Next() % 20; {
	case c < 4:
		g.text()
	case c < 6:
		g.Add(g.Pick(genSpaces))
	case c < 12 && depth < 10:
		var tag string
		switch g.Next() % 8 {
		case 0, 1, 2:
			tag = g.Pick(genBlocks)
		case 3, 4, 5, 6:
			tag = g.Pick(genInlines)
		default:
			tag = g.PickOdd(genBlocks, genOthers)
		}
		g.element(tag, depth)
	case c == 12:
		g.Add("<", g.PickOdd(genVoids, []string{"wbr", "source", "area"}))
		g.attrs()
		g.Add(g.PickOdd([]string{">", ">", ">", "/>", " />"}, []string{" / >", " >", "/ >"}))
	case c == 13:
		g.pre()
	case c == 14:
		g.head()
	case c == 15:
		// A tag alone: unbalanced, or mismatched.
		if g.Next()%2 == 0 {
			g.Add("</", g.Pick(genBlocks), ">")
		} else {
			g.Add("</", g.Pick(genInlines), ">")
		}
	case c == 16 && g.Odd:
		g.oddNode()
	default:
		g.text()
	}
}

// element adds <tag attrs>children</tag>.
func (g *gen) element(tag string, depth int) {
	g.Add("<", tag)
	g.attrs()
	g.Add(">")
	for n := g.Next() % 5; n > 0 && !g.Done(); n-- {
		g.node(depth + 1)
	}
	switch g.Next() % 16 {
	case 0: // left open
	case 1:
		if g.Odd {
			g.Add("</", strings.ToUpper(tag), ">")
			break
		}
		fallthrough
	default:
		g.Add("</", tag, ">")
	}
}

// text adds words, whitespace and entities.
func (g *gen) text() {
	for n := 1 + g.Next()%6; n > 0; n-- {
		switch c := g.Next() % 16; {
		case c < 8:
			g.Add(g.Pick(genWords))
		case c < 12:
			g.Add(g.Pick(genSpaces))
		case c < 15:
			g.Add(g.Pick(genEnts))
		default:
			g.Add(g.PickOdd(genSpaces, genOdd))
		}
	}
}

// attrs adds up to three attributes, mostly as html/template writes them.
func (g *gen) attrs() {
	for n := g.Next() % 4; n > 0; n-- {
		a := genAttrs[g.Next()%len(genAttrs)]
		name, value := a.name, a.values[g.Next()%len(a.values)]
		if g.Odd && g.Next()%4 == 0 {
			name = g.Pick(genOddAttrNames)
		}
		if g.Next()%4 == 0 {
			value = g.value()
		}
		switch c := g.Next() % 16; {
		case c == 0:
			g.Add(" ", name)
		case c < 6 && g.Odd:
			g.Add(g.Pick([]string{"  ", " ", "\n"}), g.Pick([]string{name, strings.ToUpper(name)}),
				g.Pick([]string{"=", "=", " = "}), g.Pick([]string{"'", `"`, ""}), value, g.Pick([]string{"'", `"`, ""}))
		case value == "" && c%2 == 0:
			g.Add(" ", name)
		default:
			g.Add(" ", name, `="`, value, `"`)
		}
	}
}

// value returns an attribute value (with no '"').
func (g *gen) value() string {
	var b strings.Builder
	for n := 1 + g.Next()%3; n > 0; n-- {
		b.WriteString(strings.ReplaceAll(g.PickOdd(genValWords, genOddValWords), `"`, ""))
	}
	return b.String()
}

// pre adds a code block as chroma writes it.
func (g *gen) pre() {
	g.Add(`<div class="code" data-lang="json">`, g.Pick([]string{"", "\n"}), `<pre class="chroma"><code>`)
	for n := 1 + g.Next()%4; n > 0; n-- {
		g.Add(`<span class="line"><span class="cl">`)
		for m := g.Next() % 5; m > 0; m-- {
			switch g.Next() % 6 {
			case 0:
				g.Add(g.Pick([]string{"  ", "\t", " ", "\n", "\t\t"}))
			case 1:
				g.Add(`<span class="`, g.Pick([]string{"p", "nt", "s2", "mi", "w"}), `">`)
				g.text()
				g.Add("</span>")
			case 2:
				g.Add(g.Pick(genEnts))
			case 3:
				g.Add(g.PickOdd(genSpaces, genOdd))
			case 4:
				g.Add(g.PickOdd([]string{"<b>", "</b>", "<code>", "</code>"}, []string{"<div>", "</div>", "<pre>", "</pre>", "<!-- c -->"}))
			default:
				g.text()
			}
		}
		g.Add("\n</span></span>")
	}
	g.Add("</code></pre>", g.Pick([]string{"</div>", "\n</div>", "</div>\n"}))
}

// head adds what our pages' head holds.
func (g *gen) head() {
	switch g.Next() % 10 {
	case 0:
		g.Add(`<meta name="viewport" content="`, g.PickOdd([]string{"width=device-width, initial-scale=1", "width=device-width,initial-scale=1"}, []string{"width=device-width,  initial-scale=1.0", "initial-scale=1"}), `">`)
	case 1:
		g.Add(`<meta name="`, g.PickOdd([]string{"description", "color-scheme"}, []string{"keywords", "Viewport", "robots"}), `" content="`, g.value(), `">`)
	case 2:
		g.Add(`<meta property="og:`, g.Pick([]string{"title", "url", "description"}), `" content="`, g.value(), `">`)
	case 3:
		g.Add(`<link rel="stylesheet" href="/css/site.0123456789.css">`)
	case 4:
		g.Add(`<script src="/js/site.0123456789.js" defer></script>`)
	case 5:
		g.Add("<script", g.PickOdd([]string{` src="/a.js" type="module"`, ` async src="/a.js"`}, []string{"", ` src=""`}), ">", g.PickOdd([]string{""}, []string{" ", "var a = 1;"}), "</script>")
	case 6:
		g.Add("<title>")
		g.text()
		g.Add("</title>")
	case 7:
		g.Add(`<meta charset="utf-8">`)
	case 8:
		g.Add(`<button type="button" class="copy-link" data-anchor="x" aria-label="Copy link to x" hidden></button>`)
	default:
		g.Add(`<a class="anchor" href="#x" aria-label="Link to x">#</a>`)
	}
}

// oddNode adds something our pages never hold.
func (g *gen) oddNode() {
	g.Add(g.Pick([]string{
		"<!-- c -->", "<!---->", "<!--[if IE]>x<![endif]-->", "<style>p{color:red}</style>",
		"<script>var a = 1;</script>", "<textarea> a  b </textarea>", "<![CDATA[x]]>", "<?xml version=\"1.0\"?>",
		"<!DOCTYPE html>", "<P>x</P>", "<a href=x>y</a>", "<a href='x'>y</a>", "< a>", "<a/>", "<p/>",
		"<br></br>", "</br>", "<img></img>", "<x-y>z</x-y>", "<a\nhref=\"x\">y</a>", "<a href=\"x\"\n>y</a>",
		"<svg><path d=\"M0 0\"/></svg>", "<math></math>", "<title>a<b>c</b></title>", "<plaintext>",
		"<p style=\"color: red\">x</p>", "<p onclick=\"f( 1 )\">x</p>", "<xmp> x </xmp>",
	}))
}

// BenchmarkMinifyPage compares the fast path with tdewolff's minifier on
// the pages of the seed site, and of the corpus at $ERRDOCS_BENCH_SITE
// when it is set.
func BenchmarkMinifyPage(b *testing.B) {
	b.Run("seed", func(b *testing.B) {
		benchMinify(b, seedPages(b))
	})
	b.Run("corpus", func(b *testing.B) {
		dir := os.Getenv("ERRDOCS_BENCH_SITE")
		if dir == "" {
			b.Skip("set ERRDOCS_BENCH_SITE to a site root")
		}
		corpusOnce.Do(func() { corpusPages, corpusErr = builtPages(dir) })
		if corpusErr != nil {
			b.Fatalf("building %s: %v", dir, corpusErr)
		}
		benchMinify(b, corpusPages)
	})
}

var (
	corpusOnce  sync.Once
	corpusPages map[string][]byte
	corpusErr   error
)

func benchMinify(b *testing.B, pages map[string][]byte) {
	var size int64
	for _, p := range pages {
		size += int64(len(p))
	}
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for name, p := range pages {
				if _, ok := publish.MinifyFast(p); !ok {
					b.Fatalf("%s: not on the fast path", name)
				}
			}
		}
	})
	b.Run("tdewolff", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				if _, err := publish.MinifyPageSlow(p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
