package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

var unsafeSamples = []string{
	"[a](javascript:alert(1))",
	"[b](JAVASCRIPT:x) and [ok](/errors/)",
	"[c](&#106;avascript:x)",
	"[e](javascript&colon;x)",
	"<JAVASCRIPT:x> <https://example.com/>",
	"[f]( javascript:x )",
	"![h](DATA:text/html,x) ![ok](data:image/png;base64,AAAA)",
	"[i](java%73cript:x) [j](java\\script:x)",
	"[k][r]\n\n[r]: vbscript:msgbox",
	"`[l](javascript:code)`\n\n    [m](javascript:indented-code)",
	"[**bold** text](file:///etc/passwd)",
	"| a | b |\n|---|---|\n| [n](javascript:x) | y |",
	"Plain text with data: and file: words.",
}

// FuzzUnsafeLinks checks UnsafeLinks against goldmark's own renderer (GFM,
// footnotes, no transformer): it finds exactly the links and images that
// goldmark writes with an empty URL but would write with one if unsafe
// URLs were allowed, and our renderer writes none of them.
func FuzzUnsafeLinks(f *testing.F) {
	for _, s := range unsafeSamples {
		f.Add(s)
	}
	safe := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	unsafe := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	r := New(Config{})
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(strings.ToLower(src), "<a") || strings.Contains(strings.ToLower(src), "<img") {
			t.Skip("raw HTML: rendered only without the safe default")
		}
		if cost, _ := complexity([]byte(src)); cost > MaxComplexity {
			t.Skip("too complex: rendered as plain text")
		}
		empty := func(md goldmark.Markdown) int {
			var b bytes.Buffer
			if err := md.Convert([]byte(src), &b); err != nil {
				t.Skip(err)
			}
			return emptyURLs(b.Bytes())
		}
		want := empty(safe) - empty(unsafe)
		got := r.UnsafeLinks([]byte(src))
		if len(got) != want {
			t.Errorf("%q: UnsafeLinks found %d (%v), goldmark left out %d URLs", src, len(got), got, want)
		}
		res, err := r.NewDoc().Render([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if n, max := emptyURLs(res.HTML), empty(unsafe); n > max {
			t.Errorf("%q: rendered with %d empty URLs, want at most %d:\n%s", src, n, max, res.HTML)
		}
	})
}

// emptyURLs counts the links and images of html with an empty URL.
func emptyURLs(html []byte) int {
	return bytes.Count(html, []byte(`<a href=""`)) + bytes.Count(html, []byte(`<img src=""`))
}

// TestUnsafeLinksOffsets: each link is found where it starts.
func TestUnsafeLinksOffsets(t *testing.T) {
	src := "Text [a](javascript:x) then <vbscript:y> and ![i](data:text/html,z)."
	got := New(Config{}).UnsafeLinks([]byte(src))
	want := []string{"[a](", "<vbscript", "![i]("}
	if len(got) != len(want) {
		t.Fatalf("found %v, want %d links", got, len(want))
	}
	for i, l := range got {
		if src[l.Off:l.Off+len(want[i])] != want[i] {
			t.Errorf("link %d at %d: %q, want it to start %q", i, l.Off, src[l.Off:], want[i])
		}
	}
	if !got[2].Image || got[0].Image {
		t.Errorf("Image: %v", got)
	}
}
