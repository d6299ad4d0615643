package markdown

import (
	"strings"
	"testing"

	"errdocs/internal/fuzzgen"
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

// TestInlineCache: a field is rendered once per Renderer where no term gets
// linked in it (it has none, or each is linked on the page already); where
// a term gets linked it keeps its per-page link state; one with a problem
// reports it on every page.
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
	for _, s := range []string{plain, withTerm} {
		if _, ok := r.inline.Load(s); !ok {
			t.Errorf("%q was not cached", s)
		}
	}
	if _, ok := r.inline.Load(large); ok {
		t.Errorf("%q was cached", large)
	}
}

// TestInlineCacheOrder: a field's HTML on a page does not depend on which
// pages rendered it before, though the cache is shared. The underscore
// cases are where goldmark cuts a text so that the linker sees a word
// that the text as a whole has inside a longer one; the generated fields
// mix terms with the Markdown around them.
func TestInlineCacheOrder(t *testing.T) {
	for _, field := range []string{
		"x _ICCID_ y", "__ICCID__", "_the access token_", "a\\_ICCID", "ICCID_x _API_",
		"Send the ICCID", "Send `ICCID`", "no term at all", "see [ICCID](/x/) and ICCID",
	} {
		checkInlineCache(t, []byte(field))
	}
	fuzzgen.Generated(t, 1500, 30, 5, genField, checkInlineCache)
}

// FuzzInlineCache is TestInlineCacheOrder on fuzz input.
//
//	go test -run '^$' -fuzz FuzzInlineCache ./internal/markdown
func FuzzInlineCache(f *testing.F) {
	fuzzgen.Fuzz(f, 8, genField, checkInlineCache)
}

// genField makes a prose field of glossary terms, their parts and the
// Markdown that may sit around them.
func genField(data []byte) []byte {
	g := fuzzgen.New(data, 120)
	parts := []string{"ICCID", "iccid", "access token", "access", "API", "token", " ", " ", "the ", "x",
		"1", "_", "__", "*", "`", "``", "[", "](/x/)", "\\", "&amp;", "\n", ".", "<b>", "http://e.com/"}
	for !g.Done() {
		g.Add(g.Pick(parts))
	}
	return g.Out
}

// checkInlineCache renders field on a page, after each other page that
// could have cached it, with a Renderer shared by those pages, and
// compares it with a Renderer of its own. It reports whether the cache
// holds the field.
func checkInlineCache(t testing.TB, field []byte) bool {
	t.Helper()
	// page returns the HTML of f on a page that showed before first, with r.
	page := func(r *Renderer, before []string, f string) string {
		d := r.NewDoc()
		for _, b := range before {
			d.Inline(b)
		}
		h, err := d.Inline(f)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	pages := [][]string{nil, {"ICCID API access token"}, {"access token"}}
	cached := false
	for _, before := range pages {
		want := page(New(Config{Terms: plainTerms}), before, string(field))
		shared := New(Config{Terms: plainTerms})
		for _, other := range pages {
			page(shared, other, string(field))
		}
		if got := page(shared, before, string(field)); got != want {
			t.Errorf("Inline(%q) after %q = %q after other pages, %q on its own", field, before, got, want)
		}
		_, ok := shared.inline.Load(string(field))
		cached = cached || ok
	}
	return cached
}
