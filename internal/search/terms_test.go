package search

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestWordIDs: a termTable splits text into the same words as Tokens,
// whether it takes the ASCII path or not.
func TestWordIDs(t *testing.T) {
	ins := []string{
		"", " ", "-", "X-Request-Id", "pageSize", "HTTP 429: Too Many Requests.",
		"ABC abc Abc aBC", "a1B2 c3", "end.", "9", "über Übermut", "Café CAFÉ café",
		"tab\tnew\nline", "under_score", "x" + strings.Repeat("Y", 50) + " z",
		"Plain ASCII words, then a résumé", "ends in é", "é", "Straße STRASSE", "ǅ ǆ Ǆ",
	}
	for _, c := range FoldCases(t) {
		ins = append(ins, c[0])
	}
	tt := newTermTable()
	for _, in := range ins {
		var got []string
		for _, id := range tt.wordIDs(in, nil) {
			got = append(got, tt.terms[id].word)
		}
		if want := Tokens(in); !slices.Equal(got, want) {
			t.Errorf("wordIDs(%q) gives %q, Tokens %q", in, got, want)
		}
	}
	// Every word has one number.
	if len(tt.ids) != len(tt.terms) {
		t.Errorf("%d numbers for %d words", len(tt.ids), len(tt.terms))
	}
}

// referenceImpacts is the definition of a document's words and impacts
// (see the package documentation), written plainly with maps.
func referenceImpacts(d *Doc) map[string]uint8 {
	m := map[string]uint8{}
	set := func(w string, imp uint8) { m[w] = max(m[w], imp) }
	for _, c := range d.codes {
		set(c.term, c.impact)
	}
	var title []string
	for _, s := range d.title {
		for _, w := range Tokens(s) {
			if indexable(w) && !slices.Contains(title, w) {
				title = append(title, w)
			}
		}
	}
	for _, w := range title {
		set(w, titleImpact(len(title)))
	}
	tf := map[string]int{}
	for _, s := range d.body {
		for _, w := range Tokens(s) {
			if indexable(w) {
				tf[w]++
			}
		}
	}
	for w, n := range tf {
		set(w, uint8(min(n, maxBody)))
	}
	return m
}

// TestTermTableImpacts indexes documents one after another in one table,
// so that the scratch state of one document must not leak into the next,
// and checks their words against referenceImpacts and their postings.
func TestTermTableImpacts(t *testing.T) {
	long := strings.Repeat("x", maxWordLen+1)
	docs := []*Doc{
		{codes: []code{{"429", impactID}, {"429", impactStatus}}, title: []string{"429 Too Many Requests"},
			body: []string{"Too many requests, too many. Slow down: too many too many too many too many too many."}},
		{title: []string{"The Token", "token expired"}, body: []string{"The token is the TOKEN " + long}},
		{},
		{codes: []code{{"#400-missing-or-malformed-parameter", impactID}, {"400", impactStatus}},
			title: []string{"Missing or malformed", "400 Bad Request"}, body: []string{"400 400", "Bad bad BAD request"}},
		{title: []string{"a the of"}, body: []string{"to be or not to be"}},
		{title: []string{"Café"}, body: []string{"café CAFE cafe résumé"}},
		{codes: []code{{"429", impactStatus}}, body: []string{"429"}},
	}
	tt := newTermTable()
	for i, d := range docs {
		tt.add(int32(i), d)
	}
	// Each document's words, with their impacts, as its postings say.
	got := make([]map[string]uint8, len(docs))
	for i := range got {
		got[i] = map[string]uint8{}
	}
	for _, tm := range tt.terms {
		var docsOf []int32
		for _, p := range tm.postings {
			docsOf = append(docsOf, p.doc)
			if _, dup := got[p.doc][tm.word]; dup {
				t.Errorf("doc %d: %q posted twice", p.doc, tm.word)
			}
			got[p.doc][tm.word] = p.impact
		}
		if !slices.IsSorted(docsOf) || len(slices.Compact(slices.Clone(docsOf))) != len(docsOf) {
			t.Errorf("%q: postings not in document order: %v", tm.word, docsOf)
		}
	}
	for i, d := range docs {
		if want := referenceImpacts(d); !maps.Equal(got[i], want) {
			t.Errorf("doc %d: words %v, want %v", i, got[i], want)
		}
	}
}

// TestSplitRuns: the runs cover the documents in order, without gaps or
// overlaps, and there are at most as many as asked.
func TestSplitRuns(t *testing.T) {
	var docs []*Doc
	for i := range 50 {
		docs = append(docs, &Doc{body: []string{strings.Repeat("word ", i%7*i)}})
	}
	for _, n := range []int{1, 2, 3, 8, 64} {
		for _, size := range []int{0, 1, 2, 5, 50} {
			runs := splitRuns(docs[:size], n)
			if len(runs) == 0 || len(runs) > n {
				t.Errorf("n=%d size=%d: %d runs", n, size, len(runs))
				continue
			}
			next := 0
			for _, r := range runs {
				if r.lo != next || r.hi < r.lo {
					t.Errorf("n=%d size=%d: runs %v", n, size, runs)
					break
				}
				next = r.hi
			}
			if next != size {
				t.Errorf("n=%d size=%d: runs %v end at %d", n, size, runs, next)
			}
		}
	}
}
