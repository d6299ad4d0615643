package markdown

import (
	"strings"
	"testing"
)

// plainTerms are glossary terms for the comparisons: one word, two words,
// one the prefix of another, mixed case.
var plainTerms = []Term{
	{Name: "ICCID", URL: "/glossary/#iccid"},
	{Name: "access token", URL: "/glossary/#access-token"},
	{Name: "access", URL: "/glossary/#access"},
	{Name: "API", URL: "/glossary/#api"},
}

// TestInlinePlain checks that the plain-prose path gives goldmark's bytes,
// and the same glossary links, page state included.
func TestInlinePlain(t *testing.T) {
	r := New(Config{Terms: plainTerms})
	fields := []string{
		"Check that the request is properly formatted according to the API’s specifications.",
		"Does a filter value contain a special character?",
		`Send the "Authorization" header: Bearer (token) + 100% of it/them = $5 #1 ^x`,
		"An access token for the ICCID; another access token, ICCID and API call.",
		"iccid in lower case, ICCIDs as a longer word, the_ICCID, API2",
		"2024 was a year", "404 Not Found", "x", "Ünïcode ‘quotes’ — and API",
		// Not plain: goldmark must be used, and the fast path must say so.
		"1. a list", "2) a list", "# heading", "- item", "+ item", "= setext", "see www.example.com",
		"see https://example.com", "a *b*", "a `b`", "a & b", "a <b>", "two\nlines", " lead", "trail ",
		"a \\* b", "a ~~b~~", "a | b", "a [b](c)", "![i](x)", "a {b}", "mail a@b.c", "",
	}
	for _, f := range fields {
		fast, slow := r.NewDoc(), r.NewDoc()
		// The same earlier fields on both pages, so the link state is shared.
		for _, g := range fields {
			if g == f {
				break
			}
			fast.Inline(g)
			slow.inlineGoldmark(g)
		}
		got, ok := fast.inlinePlain(f)
		want, err := slow.inlineGoldmark(f)
		if err != nil {
			t.Fatal(err)
		}
		if ok && got != want {
			t.Errorf("inlinePlain(%q) = %q, goldmark gives %q", f, got, want)
		}
		if ok != isPlain(f) {
			t.Errorf("inlinePlain(%q) ok = %v, isPlain %v", f, ok, isPlain(f))
		}
		if ok && strings.ContainsAny(f, "*`&<\n[") {
			t.Errorf("inlinePlain took %q, which holds Markdown", f)
		}
		if !ok && (f == fields[0] || f == fields[3]) {
			t.Errorf("inlinePlain declined %q, plain prose", f)
		}
	}
}

// FuzzInlinePlain compares the plain-prose path with goldmark on any
// string it accepts, on a fresh page and on one with terms already linked.
func FuzzInlinePlain(f *testing.F) {
	for _, s := range []string{"An access token for the ICCID", "1a. b", "9) x", "a:b", "x (www. y)", "é\u00a0API"} {
		f.Add(s)
	}
	r := New(Config{Terms: plainTerms})
	f.Fuzz(func(t *testing.T, s string) {
		for _, warm := range []bool{false, true} {
			fast, slow := r.NewDoc(), r.NewDoc()
			if warm {
				fast.linked["/glossary/#iccid"], slow.linked["/glossary/#iccid"] = true, true
			}
			got, ok := fast.inlinePlain(s)
			if !ok {
				return
			}
			want, err := slow.inlineGoldmark(s)
			if err != nil || got != want {
				t.Fatalf("inlinePlain(%q) = %q, goldmark gives %q, %v", s, got, want, err)
			}
			for u := range slow.linked {
				if !fast.linked[u] {
					t.Fatalf("inlinePlain(%q) did not mark %s linked", s, u)
				}
			}
		}
	})
}

// TestInlineCache: a field without glossary terms is rendered once per
// Renderer; one with a term keeps its per-page link state; one with a
// problem reports it on every page.
func TestInlineCache(t *testing.T) {
	r := New(Config{Terms: plainTerms, MaxCodeBlock: 20})
	const plain, withTerm = "Send `GET /v5/sims` again", "Send `GET` with the ICCID"
	const large = "```\n0123456789 0123456789 0123456789\n```"
	for page := range 2 {
		d := r.NewDoc()
		for i := range 2 {
			got, err := d.Inline(plain)
			if want := "Send <code>GET /v5/sims</code> again"; err != nil || got != want {
				t.Errorf("page %d, use %d: Inline(%q) = %q, %v; want %q", page, i, plain, got, err, want)
			}
			got, _ = d.Inline(withTerm)
			if linked := strings.Contains(got, `class="term"`); linked != (i == 0) {
				t.Errorf("page %d, use %d: Inline(%q) = %q; want the term linked on first use only", page, i, withTerm, got)
			}
			before := len(d.Problems)
			d.Inline(large)
			if len(d.Problems) != before+1 {
				t.Errorf("page %d, use %d: the large code block was not reported", page, i)
			}
		}
	}
	if _, ok := r.inline.Load(plain); !ok {
		t.Errorf("%q was not cached", plain)
	}
	for _, s := range []string{withTerm, large} {
		if _, ok := r.inline.Load(s); ok {
			t.Errorf("%q was cached", s)
		}
	}
}
