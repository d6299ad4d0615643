package sitegen

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"errdocs/internal/anchorlock"
	"errdocs/internal/site"
	"errdocs/internal/testsite"
)

// elements counts the elements of an HTML page, as
// document.getElementsByTagName("*").length does once it is parsed.
func elements(page []byte) int {
	z := html.NewTokenizer(bytes.NewReader(page))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken, html.SelfClosingTagToken:
			n++
		}
	}
}

func buildSite(t *testing.T, src fstest.MapFS) *Result {
	t.Helper()
	res, err := Build(Config{Src: src, Theme: repoTheme})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func builtFile(t *testing.T, res *Result, path string) string {
	t.Helper()
	b, ok := res.Tree.Get(path)
	if !ok {
		t.Fatalf("no %s in the output", path)
	}
	return string(b)
}

// TestErrorsPageForms builds the Errors page on either side of
// site.CompactAfter and with the front matter's entries key, and checks
// which form it takes, with the matrix.
func TestErrorsPageForms(t *testing.T) {
	tests := []struct {
		name        string
		errors      int
		frontMatter []string
		compact     bool
	}{
		{"at the size", site.CompactAfter, nil, false},
		{"past the size", site.CompactAfter + 1, nil, true},
		{"full past the size", site.CompactAfter + 1, []string{"entries: full"}, false},
		{"compact when small", 12, []string{"entries: compact"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := buildSite(t, testsite.Site(tt.errors, tt.frontMatter...))
			page := builtFile(t, res, "errors/index.html")
			matrix := builtFile(t, res, "errors/matrix/index.html")
			if got := strings.Contains(page, `<ul class="error-index">`); got != tt.compact {
				t.Errorf("/errors/ is a compact index: %v, want %v", got, tt.compact)
			}
			if got := strings.Contains(page, `<section class="error" id="`); got == tt.compact {
				t.Errorf("/errors/ has full entries: %v, want %v", got, !tt.compact)
			}
			if got := strings.Contains(matrix, `<table class="matrix compact">`); got != tt.compact {
				t.Errorf("the matrix is compact: %v, want %v", got, tt.compact)
			}
			// Either way every error has its entry, its variants and its
			// notes an anchor on /errors/.
			for i := range tt.errors {
				id := testsite.Error(i)
				want := []string{`id="` + id + `"`}
				for j := range testsite.Variants(i) {
					want = append(want, fmt.Sprintf(`id="%s-%s"`, id, []string{"missing-or-malformed-parameter", "wrong-data-type", "unknown-property"}[j]))
				}
				for _, w := range want {
					if !strings.Contains(page, w) {
						t.Errorf("/errors/ has no %s", w)
					}
				}
				notes := strings.Count(page, `<span class="pn" id="`+id+"-")
				if tt.compact && notes != testsite.Notes(i) {
					t.Errorf("/errors/ row of %s marks %d platform notes, want %d", id, notes, testsite.Notes(i))
				}
			}
		})
	}
}

// TestCompactRow checks one row of a compact index: what it shows and the
// anchors it keeps.
func TestCompactRow(t *testing.T) {
	res := buildSite(t, testsite.Site(12, "entries: compact"))
	page := builtFile(t, res, "errors/index.html")
	id := testsite.Error(6) // 3 notes, no variants, a cause
	i := strings.Index(page, `<li id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no row for %s", id)
	}
	row := page[i : i+strings.Index(page[i:], "</li>")]
	for _, want := range []string{
		`data-cause="` + testsite.Causes[6%len(testsite.Causes)] + `"`,
		// The summary is plain text, cut at a word.
		`<a href="/errors/` + id + `/">` + id + `</a> 404 Sim is missing — Returned with status 404 when the sim value is missing. The detail field of the response… `,
		`<span class="notes">Notes: <span class="pn" id="` + id + `-ericsson">ERICSSON</span> <span class="pn" id="` + id + `-jasper">JASPER</span> <span class="pn" id="` + id + `-stc">STC</span></span>`,
	} {
		if !strings.Contains(row, want) {
			t.Errorf("row of %s lacks %s\nrow: %s", id, want, row)
		}
	}
	if strings.Contains(row, `id="`+id+`-tmus"`) {
		t.Errorf("row of %s keeps the anchor of a platform without a note that was never published:\n%s", id, row)
	}
	for _, group := range []string{`<section class="status-group" id="4xx">`, `<section class="status-group" id="5xx">`, `<li class="toc-h3"><a href="#4xx">4xx Client errors</a></li>`} {
		if !strings.Contains(page, group) {
			t.Errorf("/errors/ lacks %s", group)
		}
	}
}

// TestCrossingKeepsLockedAnchors builds a site in full form, records what
// it publishes in anchors.lock, then adds errors until /errors/ is a
// compact index: every recorded anchor, including the platforms' anchors
// of errors without a note for them, must still resolve.
func TestCrossingKeepsLockedAnchors(t *testing.T) {
	small := testsite.Site(site.CompactAfter)
	res := buildSite(t, small)
	lock := anchorlock.Format(res.Published())
	id := testsite.Error(0) // no notes: its platform anchors are in the lock only
	if !bytes.Contains(lock, []byte("/errors/#"+id+"-tmus\n")) {
		t.Fatalf("the full form does not publish /errors/#%s-tmus", id)
	}

	large := testsite.Site(site.CompactAfter + 1)
	large[anchorlock.File] = &fstest.MapFile{Data: lock}
	res, err := Build(Config{Src: large, Theme: repoTheme})
	if err != nil {
		t.Fatalf("after crossing the size, with the lock of the full form: %v", err)
	}
	page := builtFile(t, res, "errors/index.html")
	if !strings.Contains(page, `<ul class="error-index">`) {
		t.Fatal("/errors/ is not a compact index past the size")
	}
	if !strings.Contains(page, `<span id="`+id+`-tmus" class="anchor-alias"></span>`) {
		t.Errorf("the compact row of %s does not keep the locked anchor %s-tmus", id, id)
	}
	// The error added past the size published no such anchor: none kept.
	added := testsite.Error(site.CompactAfter)
	for _, p := range testsite.Platforms {
		if strings.Contains(page, `<span id="`+added+"-"+p+`" class="anchor-alias">`) {
			t.Errorf("the row of %s, added in compact form, keeps %s-%s", added, added, p)
		}
	}

	// Without the lock the same anchor is gone, so the lock is what keeps
	// it: the check above would fail were it not read.
	delete(large, anchorlock.File)
	if page := builtFile(t, buildSite(t, large), "errors/index.html"); strings.Contains(page, `id="`+id+`-tmus"`) {
		t.Errorf("without anchors.lock the compact row of %s still has %s-tmus", id, id)
	}
}

// Page budget: what a browser opens at once. Every page of a site with
// 5,000 errors stays under maxElements elements and maxBytes bytes, but
// the compact /errors/ page, which carries an element with the anchor of
// every error, variant and note (at the corpus's id lengths, 1 MiB of ids,
// links and their markup before any text) and gets indexBytes.
const (
	maxElements = 30_000
	maxBytes    = 1 << 20
	indexBytes  = 2560 << 10
)

func TestPageBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 5,000 errors")
	}
	res := buildSite(t, testsite.Site(5000))
	for _, p := range res.Tree.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		b, _ := res.Tree.Get(p)
		limit := maxBytes
		if p == "errors/index.html" {
			limit = indexBytes
		}
		if len(b) > limit {
			t.Errorf("%s is %d bytes, over its budget of %d", p, len(b), limit)
		}
		if n := elements(b); n > maxElements {
			t.Errorf("%s has %d elements, over the budget of %d", p, n, maxElements)
		}
	}
}
