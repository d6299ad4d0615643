package linkcheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
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

func scannedTags(doc []byte) []string {
	var out []string
	scanTags(doc, func(name []byte, attrs []attr) {
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

func FuzzScanTags(f *testing.F) {
	for _, s := range scanSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		scannedTags([]byte(s)) // must not panic or loop
	})
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
