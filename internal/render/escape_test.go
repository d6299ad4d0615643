package render

import (
	"html/template"
	"strings"
	"testing"
)

// escapeOracle renders S in text, in a quoted attribute and as a fragment,
// and the path U in an href, with html/template: what writeText, writeURL
// and writeFragment must match.
var escapeOracle = template.Must(template.New("").Parse(`<p title="{{.S}}">{{.S}}</p><a href="{{.U}}"><a href="#{{.S}}">`))

func checkEscapes(t *testing.T, s string) {
	t.Helper()
	var want strings.Builder
	if err := escapeOracle.Execute(&want, map[string]string{"S": s, "U": "/x/" + s}); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	got.WriteString(`<p title="`)
	writeText(&got, s)
	got.WriteString(`">`)
	writeText(&got, s)
	got.WriteString(`</p><a href="`)
	writeURL(&got, "/x/"+s)
	got.WriteString(`"><a href="#`)
	writeFragment(&got, s)
	got.WriteString(`">`)
	if got.String() != want.String() {
		t.Errorf("escaping %q:\n got %s\nwant %s", s, got.String(), want.String())
	}
}

func TestEscapesMatchHTMLTemplate(t *testing.T) {
	for _, s := range []string{
		"", "plain", "401 Unauthorized", `a"b'c<d>e&f+g`, "nul\x00byte", "tab\tnew\nline",
		"café ü €", "bad\xffutf8", "100%", "%zz", "a b", "q?x=1&y=2#frag", "semi;colon:at@",
		"[brackets]", "(parens)", "back\\slash", "`tick`", "{braces}", "|pipe|", "^caret",
		"\x7f\x01", "emoji 😀", "\u2028", "a=b", "!$*,",
	} {
		checkEscapes(t, s)
	}
}

func FuzzEscapes(f *testing.F) {
	f.Add("a<b>&\"'+ %20 x")
	f.Fuzz(func(t *testing.T, s string) { checkEscapes(t, s) })
}
