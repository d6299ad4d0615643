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
)

// tokenizerTags lists the start tags and attributes of doc as the x/net/html
// tokenizer reads them: what scanTags must agree with.
func tokenizerTags(doc []byte) []string {
	var out []string
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
		var b strings.Builder
		b.Write(name)
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			fmt.Fprintf(&b, " %s=%q", k, v)
		}
		out = append(out, b.String())
	}
}

// scannedTags lists the start tags and attributes of doc as scanTags reads
// them, with the names lowercased and the values unescaped as the checker
// reads them.
func scannedTags(doc []byte) []string {
	var out []string
	scanTags(doc, func(name []byte, attrs []attr) {
		var b strings.Builder
		b.Write(name)
		for _, a := range attrs {
			fmt.Fprintf(&b, " %s=%q", attrKey(a.key), appendValue(nil, a.val))
		}
		out = append(out, b.String())
	})
	return out
}

// refScannedTags lists the start tags and attributes of doc as the
// reference scanner reads them.
func refScannedTags(doc []byte) []string {
	var out []string
	refScanTags(doc, func(name []byte, attrs []refAttr) {
		var b strings.Builder
		b.Write(name)
		for _, a := range attrs {
			fmt.Fprintf(&b, " %s=%q", a.key, a.val)
		}
		out = append(out, b.String())
	})
	return out
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

// quirkSamples are read by scanTags otherwise than by a browser; the
// checker has always read them so, and must go on doing so.
var quirkSamples = []string{
	"<p \u0130D=\"dotted\" \u017frc=\"/long-s/\"><img \u017frc=\"/long-s/\"><a hre\u017f=\"/x/\" \u212aey=k>", // İ, ſ, K (Kelvin)
	`<p ="/nameless/"><a ="/not-a-link/"><div =>`,
	`<a href=/x/ href=/y/ href=/x/><link href="/x/"><area href=""><embed src><p id=a id=a>`,
	`<a href="/unterminated`,
	`<a href=/eof`,
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

// TestScanTagsMatchesReference compares scanTags, and what AddPage keeps
// of a page, with the reference (reference_test.go) on the samples and
// the golden pages.
func TestScanTagsMatchesReference(t *testing.T) {
	docs := [][]byte{}
	for _, s := range slices.Concat(scanSamples, quirkSamples) {
		docs = append(docs, []byte(s))
	}
	golden := os.DirFS("../sitegen/testdata/golden")
	files, _ := fs.Glob(golden, "*.html")
	for _, f := range files {
		b, _ := fs.ReadFile(golden, f)
		docs = append(docs, b)
	}
	for _, doc := range docs {
		checkScan(t, doc)
		checkReadPage(t, doc)
	}
}

// FuzzScanTags checks that scanTags reads any input as the reference does
// (and neither panics nor loops).
func FuzzScanTags(f *testing.F) {
	for _, s := range slices.Concat(scanSamples, quirkSamples) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkScan(t, []byte(s))
	})
}

// FuzzReadPage checks that AddPage keeps of any page the ids, repeated
// ids and links the reference reads.
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
	if got, want := scannedTags(doc), refScannedTags(doc); !slices.Equal(got, want) {
		t.Errorf("%q: scanTags read\n%s\nthe reference reads\n%s", doc, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkReadPage adds doc to a Checker twice, at two URLs after a page of
// other links, and compares what it keeps of each with the reference.
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
			t.Errorf("%q at %s: read ids %q, repeated %q, links %q\nthe reference reads ids %q, repeated %q, links %q",
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
