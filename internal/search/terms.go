package search

import (
	"runtime"
	"slices"
	"strings"
	"unicode/utf8"

	"errdocs/internal/par"
)

// Indexing works out each document's words with their impacts (Doc.words)
// and the postings of each word. It is split into runs of consecutive
// documents, one per goroutine, each with its own termTable; the tables
// are then merged in document order, so the postings are the same
// whatever the number of runs.

// termTable numbers the words that one indexing goroutine meets. A word
// is looked up by its text once per occurrence; everything else about it
// (whether it is indexed, its impact so far in the current document, its
// postings) is in a slice by number. A map per document, which grew and
// rehashed for every document, was most of the cost of indexing before.
type termTable struct {
	ids   map[string]int32
	terms []term // by number

	// Scratch for the current document.
	touched []int32 // its words, in the order first met
	title   []int32 // its distinct indexable title words
	tokens  []int32 // the words of one text
	lower   []byte  // a word being lowercased
}

// term is one word of a termTable.
type term struct {
	word      string
	indexable bool      // see indexable
	postings  []posting // in document order

	// The word in the current document: its best code or title impact,
	// the times it occurs in the body (at most maxBody), and whether it
	// is already listed in termTable.title.
	impact  uint8
	count   uint8
	inTitle bool
}

func newTermTable() *termTable {
	return &termTable{ids: map[string]int32{}}
}

// add indexes d as document number doc: it works out d's words and
// their impacts and adds d to the postings of each.
func (t *termTable) add(doc int32, d *Doc) {
	t.collect(d)
	for _, id := range t.touched {
		tm := &t.terms[id]
		imp := max(tm.impact, tm.count)
		tm.post(posting{doc, imp})
		tm.impact, tm.count = 0, 0
	}
	t.touched = t.touched[:0]
}

// post appends p to the postings of tm, doubling their room when they
// are full. append grows a long slice by about a quarter at a time, which
// for the postings of a common word (tens of thousands) allocates and
// copies several times what doubling does.
func (tm *term) post(p posting) {
	if len(tm.postings) == cap(tm.postings) {
		tm.postings = slices.Grow(tm.postings, max(8, len(tm.postings)))
	}
	tm.postings = append(tm.postings, p)
}

// collect records the impacts of d's words in the terms of the table,
// listing those words in t.touched. A word's impact is the best of its
// code impact, its title impact and its body count.
func (t *termTable) collect(d *Doc) {
	for _, c := range d.codes {
		t.raise(t.id(c.term), c.impact)
	}

	t.title = t.title[:0]
	for _, s := range d.title {
		t.tokens = t.wordIDs(s, t.tokens[:0])
		for _, id := range t.tokens {
			if tm := &t.terms[id]; tm.indexable && !tm.inTitle {
				tm.inTitle = true
				t.title = append(t.title, id)
			}
		}
	}
	ti := titleImpact(len(t.title))
	for _, id := range t.title {
		t.terms[id].inTitle = false
		t.raise(id, ti)
	}

	for _, s := range d.body {
		t.tokens = t.wordIDs(s, t.tokens[:0])
		for _, id := range t.tokens {
			tm := &t.terms[id]
			if !tm.indexable {
				continue
			}
			t.touch(id, tm)
			if tm.count < maxBody {
				tm.count++
			}
		}
	}
}

// raise makes imp the impact of word id in the current document if it is
// better than the one it has.
func (t *termTable) raise(id int32, imp uint8) {
	tm := &t.terms[id]
	t.touch(id, tm)
	tm.impact = max(tm.impact, imp)
}

// touch lists word id, whose term is tm, in t.touched the first time the
// current document has it: it has neither an impact nor a count yet.
func (t *termTable) touch(id int32, tm *term) {
	if tm.impact == 0 && tm.count == 0 {
		t.touched = append(t.touched, id)
	}
}

// wordIDs appends the numbers of the words of s, Tokens(s), to dst.
func (t *termTable) wordIDs(s string, dst []int32) []int32 {
	// In ASCII text Fold only lowercases A-Z, and the words are the runs
	// of a-z, A-Z and 0-9: splitting first and lowercasing word by word
	// gives the same words without a folded copy of the whole text.
	n := len(dst)
	start, upper := -1, false
	for i := 0; i < len(s); i++ {
		switch asciiClass[s[i]] {
		case classUpper:
			upper = true
			fallthrough
		case classLower:
			if start < 0 {
				start = i
			}
		case classOther:
			// Start again the slow way. The words numbered so far stay
			// in the table; one that no document has is left out of the
			// index (mergeTerms).
			return t.foldedIDs(s, dst[:n])
		default:
			if start >= 0 {
				dst = append(dst, t.asciiID(s[start:i], upper))
				start, upper = -1, false
			}
		}
	}
	if start >= 0 {
		dst = append(dst, t.asciiID(s[start:], upper))
	}
	return dst
}

// foldedIDs appends the numbers of the words of s to dst, folding s.
func (t *termTable) foldedIDs(s string, dst []int32) []int32 {
	for _, w := range Tokens(s) {
		dst = append(dst, t.id(w))
	}
	return dst
}

// The classes of bytes for wordIDs.
const (
	classSpace = iota // an ASCII byte that is not a letter or a digit
	classLower        // a-z, 0-9
	classUpper        // A-Z
	classOther        // not ASCII
)

// asciiClass is the class of each byte value, looked up once per byte of
// text rather than comparing it with the ranges.
var asciiClass = func() (c [256]uint8) {
	for b := range c {
		switch {
		case 'a' <= b && b <= 'z', '0' <= b && b <= '9':
			c[b] = classLower
		case 'A' <= b && b <= 'Z':
			c[b] = classUpper
		case b >= utf8.RuneSelf:
			c[b] = classOther
		}
	}
	return c
}()

// asciiID returns the number of the ASCII word w, lowercased; upper says
// whether w has an upper-case letter.
func (t *termTable) asciiID(w string, upper bool) int32 {
	if !upper {
		return t.id(w)
	}
	t.lower = append(t.lower[:0], w...)
	for i, c := range t.lower {
		if 'A' <= c && c <= 'Z' {
			t.lower[i] = c + ('a' - 'A')
		}
	}
	// The compiler does not copy t.lower to look it up.
	if id, ok := t.ids[string(t.lower)]; ok {
		return id
	}
	return t.newID(string(t.lower))
}

// id returns the number of the folded word w.
func (t *termTable) id(w string) int32 {
	if id, ok := t.ids[w]; ok {
		return id
	}
	// A copy, so that the word does not keep the whole text it was cut
	// from alive in Doc.words.
	return t.newID(strings.Clone(w))
}

// newID numbers the word w, new to the table.
func (t *termTable) newID(w string) int32 {
	id := int32(len(t.terms))
	t.ids[w] = id
	t.terms = append(t.terms, term{word: w, indexable: indexable(w)})
	return id
}

// termPostings is a word of the index with its postings.
type termPostings struct {
	word     string
	postings []posting // in document order
}

// mergeTerms joins the postings of tables that indexed consecutive runs
// of documents, in the order of the runs, and returns them sorted by word.
func mergeTerms(tables []*termTable) []termPostings {
	var out []termPostings
	at := map[string]int{} // word -> its index in out
	for _, t := range tables {
		for _, tm := range t.terms {
			if len(tm.postings) == 0 {
				// Met, never indexed: a stopword, a word too long, or
				// one of a text that wordIDs started again.
				continue
			}
			if i, ok := at[tm.word]; ok {
				out[i].postings = append(out[i].postings, tm.postings...)
				continue
			}
			at[tm.word] = len(out)
			out = append(out, termPostings{tm.word, tm.postings})
		}
	}
	slices.SortFunc(out, func(a, b termPostings) int { return strings.Compare(a.word, b.word) })
	return out
}

// indexDocs indexes docs on up to runtime.GOMAXPROCS(0) goroutines and
// returns the postings of every word, sorted by word.
func indexDocs(docs []*Doc) []termPostings {
	runs := splitRuns(docs, runtime.GOMAXPROCS(0))
	tables := make([]*termTable, len(runs))
	par.Each(len(runs), func(i int) {
		t := newTermTable()
		for doc := runs[i].lo; doc < runs[i].hi; doc++ {
			t.add(int32(doc), docs[doc])
		}
		tables[i] = t
	})
	return mergeTerms(tables)
}

// splitRuns cuts docs into at most n runs of consecutive documents with
// about the same work each, so that the goroutines indexing them finish
// together: the documents differ a lot in size (an error's body holds its
// whole entry, a section's a few lines).
func splitRuns(docs []*Doc, n int) []span {
	weights := make([]int, len(docs))
	total := 0
	for i, d := range docs {
		weights[i] = docWork(d)
		total += weights[i]
	}
	var runs []span
	lo, sum := 0, 0
	for i, w := range weights {
		sum += w
		// Close the run when it has its share of the work; the last run
		// takes the rest.
		if len(runs) < n-1 && sum*n >= total*(len(runs)+1) {
			runs = append(runs, span{lo, i + 1})
			lo = i + 1
		}
	}
	if lo < len(docs) || len(runs) == 0 {
		runs = append(runs, span{lo, len(docs)})
	}
	return runs
}

// docWork guesses the work of indexing d, in bytes of text.
func docWork(d *Doc) int {
	n := 1
	for _, s := range d.title {
		n += len(s)
	}
	for _, s := range d.body {
		n += len(s)
	}
	return n
}
