package sitegen

import (
	"regexp"
	"slices"
	"testing"
)

// termLinkRE is what termLinks finds, as a regular expression.
var termLinkRE = regexp.MustCompile(`/glossary/#([\w%.~-]*)`)

func TestTermLinks(t *testing.T) {
	for _, src := range []string{
		"",
		"no links here",
		"See [token](/glossary/#access-token).",
		"[x]: /glossary/#id_1.v2~x%20y and </glossary/#b>",
		"/glossary/#",
		"/glossary/#/glossary/#a",
		"https://other.example/glossary/#term, /glossary/#é, /glossary/#a(b)",
		"/glossary/#a\n/glossary/#b\r\n/glossary#c /Glossary/#d",
	} {
		sameAsRE(t, src)
	}
}

func FuzzTermLinks(f *testing.F) {
	f.Add("See [token](/glossary/#access-token) and /glossary/#b.")
	f.Add("/glossary/#/glossary/#a%2")
	f.Fuzz(func(t *testing.T, src string) {
		sameAsRE(t, src)
	})
}

// sameAsRE checks termLinks against termLinkRE on src.
func sameAsRE(t *testing.T, src string) {
	t.Helper()
	var want [][3]int
	for _, m := range termLinkRE.FindAllStringSubmatchIndex(src, -1) {
		want = append(want, [3]int{m[0], m[1], m[2]})
	}
	if got := termLinks([]byte(src)); !slices.Equal(got, want) {
		t.Errorf("termLinks(%q) = %v, want %v", src, got, want)
	}
}
