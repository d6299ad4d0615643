package linkcheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"errdocs/internal/fuzzgen"
)

// tokenTag is a start tag as the tokenizer reads it.
type tokenTag struct {
	name  string
	attrs [][2]string // key, value
}

func (t tokenTag) String() string {
	var b strings.Builder
	b.WriteString(t.name)
	for _, a := range t.attrs {
		fmt.Fprintf(&b, " %s=%q", a[0], a[1])
	}
	return b.String()
}

// tokenizerTagList returns the start tags of doc as the x/net/html
// tokenizer reads them, the text of a <noscript> read again as markup (as
// a browser without scripts reads it): the oracle the checker must agree
// with.
func tokenizerTagList(doc []byte) []tokenTag {
	var out []tokenTag
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		t := tokenTag{name: string(name)}
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			t.attrs = append(t.attrs, [2]string{string(k), string(v)})
		}
		out = append(out, t)
		if t.name == "noscript" && z.Next() == html.TextToken {
			out = append(out, tokenizerTagList(z.Raw())...)
		}
	}
}

// tokenizerTags is tokenizerTagList, each tag as a line.
func tokenizerTags(doc []byte) []string {
	var out []string
	for _, t := range tokenizerTagList(doc) {
		out = append(out, t.String())
	}
	return out
}

// scannedTags lists the start tags and attributes of doc as the checker
// reads them: with scanTags, or the tokenizer where it gives up; the names
// lowercased and the values unescaped as the checker reads them.
func scannedTags(doc []byte) []string {
	var out []string
	fn := func(name []byte, attrs []attr) {
		var b strings.Builder
		b.Write(name)
		for _, a := range attrs {
			fmt.Fprintf(&b, " %s=%q", attrKey(a.key), a.appendValue(nil))
		}
		out = append(out, b.String())
	}
	if !scanTags(doc, fn) {
		out = nil
		readTokens(doc, fn)
	}
	return out
}

// refReadPage returns what AddPage must record of doc, from the tags the
// tokenizer reads: its ids, the ids met again, and each link once, in
// order.
func refReadPage(doc []byte) (ids map[string]bool, dupIDs, links []string) {
	linkAttrs := map[string]string{
		"a": "href", "area": "href", "link": "href",
		"img": "src", "script": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src", "track": "src", "embed": "src",
		"form": "action",
	}
	ids = map[string]bool{}
	seenLink := map[string]bool{}
	for _, tag := range tokenizerTagList(doc) {
		want := linkAttrs[tag.name]
		for _, a := range tag.attrs {
			key, val := a[0], a[1]
			switch {
			case key == "id" || key == "name" && tag.name == "a":
				if ids[val] && key == "id" {
					dupIDs = append(dupIDs, val)
				}
				ids[val] = true
			case key == want:
				if !seenLink[val] {
					seenLink[val] = true
					links = append(links, val)
				}
			}
		}
	}
	return ids, dupIDs, links
}

var scanSamples = []string{
	`<a href="/x/" id=top>x</a>`,
	`<A HREF='/y/?a=1&amp;b=2' ID="Mixed">y</A>`,
	`<!-- <a href="/hidden/"> --><p id="p1">t &lt;a href="/text/"&gt;</p>`,
	`<!DOCTYPE html><html lang="en"><body><br/><img src="/i.png" alt="">`,
	`<script>var s = "<a href='/in-script/'>";</script><a href="/after/">`,
	`<style>a[href="/css/"]{}</style><title><a href="/t/"></title><textarea><a id="ta"></textarea><p id="after">`,
	`<input disabled value=a/b><a href=/unquoted/path/>x</a>`,
	`<a href="/x/"/><div id="d" data-x="1 > 0">`,
	`1 < 2 and <3 <a href="#frag">`,
	`<p id="é">unicode</p><a href="/caf%C3%A9/">`,
	`<p ID=a><h2 Id=b><h3 iD=c><a NAME=n HREF=/h/ SRC=/s/><img Src="/i.png" HREF="/no/"><FORM ACTION="/f/">`,
	`<a name="x"></a><h2 id="x"></h2><h2 id="x"><h2 id="y"><a name="y">`,
	`<a href="/a/?x=1&amp;y=2">1</a><a href="/a/?x=1&y=2">2</a><p id="&lt;&#39;&gt;">`,
	"<a\thref\n=\r'/ws/'\f id = sp >",
	`<input a/b checked/ x=1/><a/id=s/>`,
}

// quirkSamples were read by scanTags otherwise than by the tokenizer: a
// name folded by Unicode rules, an attribute name starting with "=",
// attributes given twice, a tag cut off by the end; and other corners of
// the tokenizer: comments, raw text, references in values.
var quirkSamples = []string{
	"<p \u0130D=\"dotted\" \u017frc=\"/long-s/\"><img \u017frc=\"/long-s/\"><a hre\u017f=\"/x/\" \u212aey=k>", // İ, ſ, K (Kelvin)
	`<p ="/nameless/"><a ="/not-a-link/"><div =>`,
	`<a href=/x/ href=/y/ href=/x/><link href="/x/"><area href=""><embed src><p id=a id=a>`,
	`<a href="/unterminated`,
	`<a href=/eof`,
	`<!--><a href="/after-empty-comment/"><!---><a href="/after-dash/"><!-- x --!><a href="/bang/">`,
	`<script>if (a < b) { x = "</scriptx>" }</script><a href="/after-script/">`,
	`<title>a <b> c</TITLE ><a href="/t/"><xmp><a href="/in-xmp/"></xmp><a href="/after-xmp/">`,
	`<noscript><a href="/in-noscript/"><p id=n></noscript><a href="/after/">`,
	`<a href="?a=1&copy=2&amp;b&lt;c">1</a><a href="&#x2F;x&#47;">2</a><a title="&notit; &notin;">3</a>`,
	`<a href="/x/" ="/y/"><p id=a/><p/id=b/><img src=/i.png/>`,
	`</a title=">"><a href="/end-tag-attr/"></ ><a href="/bogus/"><? pi ><a href="/pi/">`,
	"<p id=\"\x00\"><a href=\"/nul/\">\r\n<a href=\"/cr/\">",
	`<plaintext><a href="/never/">`,
}

// TestScanTagsMatchesTokenizer compares scanTags with the x/net/html
// tokenizer on tricky samples and on every page of the seed site's golden
// files.
func TestScanTagsMatchesTokenizer(t *testing.T) {
	docs := map[string][]byte{}
	for i, s := range scanSamples {
		docs[fmt.Sprintf("sample %d", i)] = []byte(s)
	}
	golden := os.DirFS("../sitegen/testdata/golden")
	files, _ := fs.Glob(golden, "*.html")
	if len(files) == 0 {
		t.Fatal("no golden pages to compare on")
	}
	for _, f := range files {
		b, _ := fs.ReadFile(golden, f)
		docs[f] = b
	}
	for name, doc := range docs {
		want, got := tokenizerTags(doc), scannedTags(doc)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: scanTags read\n%s\nthe tokenizer reads\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestScanGolden: the scanner reads every page of the seed site's golden
// files itself, without giving up to the tokenizer.
func TestScanGolden(t *testing.T) {
	golden := os.DirFS("../sitegen/testdata/golden")
	files, _ := fs.Glob(golden, "*.html")
	if len(files) == 0 {
		t.Fatal("no golden pages")
	}
	for _, f := range files {
		b, _ := fs.ReadFile(golden, f)
		if !scanTags(b, func([]byte, []attr) {}) {
			t.Errorf("%s: scanTags gave up", f)
		}
	}
}

// TestQuirks reads the samples that scanTags once read otherwise than the
// tokenizer, as the tokenizer does.
func TestQuirks(t *testing.T) {
	for _, s := range quirkSamples {
		checkScan(t, []byte(s))
		checkReadPage(t, []byte(s))
	}
}

// TestMirroredXNet fails when go.mod requires another golang.org/x/net
// than the one scanTags was last fuzzed against (mirroredXNet).
func TestMirroredXNet(t *testing.T) {
	if got := fuzzgen.Required(t, "golang.org/x/net"); got != mirroredXNet {
		t.Errorf("go.mod requires golang.org/x/net %s; scanTags mirrors the tokenizer of %s: run FuzzScanTags and FuzzReadPage against it, fix what differs, and set mirroredXNet to %s", got, mirroredXNet, got)
	}
}

// FuzzScanTags checks that the checker reads the tags of any input as the
// x/net/html tokenizer does (and neither panics nor loops).
func FuzzScanTags(f *testing.F) {
	for _, s := range slices.Concat(scanSamples, quirkSamples) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkScan(t, []byte(s))
	})
}

// FuzzReadPage checks that AddPage keeps of any page the ids, repeated
// ids and links the tokenizer reads.
func FuzzReadPage(f *testing.F) {
	for _, s := range slices.Concat(scanSamples, quirkSamples) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkReadPage(t, []byte(s))
	})
}

func checkScan(t *testing.T, doc []byte) {
	t.Helper()
	if got, want := scannedTags(doc), tokenizerTags(doc); !slices.Equal(got, want) {
		t.Errorf("%q: the checker read\n%s\nthe tokenizer reads\n%s", doc, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkReadPage adds doc to a Checker twice, at two URLs after a page of
// other links, and compares what it keeps of each with what the tokenizer
// reads.
func checkReadPage(t *testing.T, doc []byte) {
	t.Helper()
	ids, dups, links := refReadPage(doc)
	wantIDs := slices.Sorted(maps.Keys(ids))
	c := New(Config{})
	c.AddPage("/other/", []byte(`<a href="/x/"><a href="/y/"><p id="x">`), SourceInfo{})
	for _, u := range []string{"/p/", "/q/"} {
		c.AddPage(u, doc, SourceInfo{})
		p := c.pages[u]
		var gotLinks []string
		for _, n := range p.links {
			gotLinks = append(gotLinks, c.links[n])
		}
		if !slices.Equal(p.ids, wantIDs) || !slices.Equal(p.dupIDs, dups) || !slices.Equal(gotLinks, links) {
			t.Errorf("%q at %s: read ids %q, repeated %q, links %q\nthe tokenizer reads ids %q, repeated %q, links %q",
				doc, u, p.ids, p.dupIDs, gotLinks, wantIDs, dups, links)
		}
	}
}

// BenchmarkScan compares scanTags with the x/net/html tokenizer on the
// seed site's /errors/ page.
func BenchmarkScan(b *testing.B) {
	doc, err := os.ReadFile("../sitegen/testdata/golden/errors_index.html")
	if err != nil {
		b.Skip(err)
	}
	b.Run("scanTags", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			scanTags(doc, func([]byte, []attr) {})
		}
	})
	b.Run("tokenizer", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			z := html.NewTokenizer(bytes.NewReader(doc))
			for z.Next() != html.ErrorToken {
				if _, more := z.TagName(); more {
					for more {
						_, _, more = z.TagAttr()
					}
				}
			}
		}
	})
}
