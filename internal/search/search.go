// Package search builds the client-side search index of a site at build
// time. Its tests read the index back the way the browser does
// (static/js/search.js, and a Reader in query_test.go), so the ranking is
// tested in Go as well as in Chromium.
//
// # Documents
//
// A result is an anchor, not a page. The index holds one document per
//
//	error       /errors/<id>/                 title "401 Unauthorized"
//	variant     /errors/<id>/#<id>-<variant>  title the variant's title
//	platform    /platforms/<id>/              title the name; also the supplier
//	term        /glossary/#<id>               a glossary term
//	cause       /errors/#cause-<id>           a common cause
//	note        /errors/<id>/#<id>-<platform> a platform's note on an error
//	remedy      /errors/<id>/#how-to-solve    a reusable step, on the first error using it
//	page        a content page (its title, description and intro)
//	section     <page>#<heading-id>           each h2 and h3 of a Markdown page
//
// in that order, which is also the last tie-break of the ranking. Errors
// link to their own page rather than to their entry on /errors/, which at
// 10,000 pages weighs megabytes. A deprecated or retired error is found as
// any other, by its code first, and marked: its document's context says
// "Retired since 6.0; use 401 Unauthorized" (the word "retired" and the
// note are searched too), and its variants' and notes' context
// "403 Forbidden (retired)".
//
// # Words and impacts
//
// Text is folded and split into words by Fold and Tokens; stopwords and
// words over maxWordLen bytes are left out. Each (word, document) pair is
// stored once with an impact from 1 to 63 saying how well the word
// describes the document:
//
//	63  code: the word is the error id or the anchor of a variant or note
//	    ("429", "e1234"); a hyphenated code is stored whole after a "#"
//	    ("#200-empty-response", "#400-missing-or-malformed-parameter"), so
//	    only a query typed as such an id looks it up
//	62  code: the error's HTTP status ("429" on every 429 error and its
//	    variants and notes)
//	16-31  title: the word is in the title, or in what names the entry
//	    besides it (a platform's supplier; the error of a variant or note;
//	    the platform name and supplier of a note); 16 + 15/n for n
//	    distinct such words, so a short exact title ranks first
//	1-7  body: the number of times the word occurs, at most 7
//
// # Ranking
//
// A query is folded and split the same way; stopwords are dropped, except
// the last word when it is still being typed, and words after the first
// MaxWords are ignored. Every word must match (AND).
// The last word matches as a prefix ("unauth" finds "unauthorized") when it
// has at least MinPrefix letters and the query does not end in a space.
// For each document and word the best matching term counts, its impact
// doubled when the term equals the word. Documents sort by
//
//  1. for a query typed as one hyphenated id ("400-invalid-iccid-format-17",
//     "401-tmus"), which is also looked up whole among the codes
//     ("#401-tmus"): a code equal to it, then a code starting with it;
//     documents found this way need not match the words;
//  2. the number of words matched as code or title (impact >= 16), more first;
//  3. the sum of the counted impacts, higher first;
//  4. the document order above.
//
// # Files
//
// The index is split so that a query loads only what it needs:
//
//	search-index/manifest.json   version, content hash, counts, bucket keys,
//	                             the first document of each chunk, stopwords
//	search-index/p/<i>.json      postings of bucket i: {"word":"<impacts> <gaps>",...}
//	search-index/d/<i>.json      documents of chunk i: [[kind,url,title,sub,text],...]
//
// A bucket holds the words that start with its key. Keys form a trie: the
// whole vocabulary is one bucket "" while it is small; a bucket over the
// size limit is split into one bucket per next character, keeping the word
// equal to the key itself. A word lives in the bucket of the longest key
// that is a prefix of it; a prefix query needs that bucket and every bucket
// whose key starts with the prefix. A word's postings are in document
// order, written with the 64 digits A-Z a-z 0-9 - _ (values 0-63): first
// one digit per posting, its impact; a space; then each posting's gap, its
// document number minus the previous one (the first gap is the document
// number), as a base-32 number, most significant digit first, where every
// digit but the last is written as 32 + its value. Chunks hold consecutive
// documents up to a size limit; text is cut to Config.TextLen bytes.
// Fetches add "?v=<hash>" so a new build never mixes with a cached one.
package search

// Kind says what a document is.
type Kind string

// The kinds of document, in ranking order.
const (
	KindError    Kind = "error"
	KindVariant  Kind = "variant"
	KindPlatform Kind = "platform"
	KindTerm     Kind = "term"
	KindCause    Kind = "cause"
	KindNote     Kind = "note"
	KindRemedy   Kind = "remedy"
	KindPage     Kind = "page"
	KindSection  Kind = "section"
)

// Impacts; see the package documentation.
const (
	impactID     = 63
	impactStatus = 62
	impactTitle  = 16 // the lowest title impact; MinTitle in the manifest
	maxBody      = 7
)

// MinPrefix is the shortest last word matched as a prefix.
const MinPrefix = 2

// MaxWords is the most words of a query that count; the rest are ignored.
const MaxWords = 32

// Doc is one search result: an anchor with what the result list shows.
type Doc struct {
	Kind  Kind
	URL   string
	Title string
	Sub   string // context: the error of a variant, the page of a section
	Text  string // plain text, for the snippet

	codes []code
	title []string // texts indexed at title impact
	body  []string // texts indexed at body impact
	row   []byte   // its entry in a documents chunk, once written
}

type code struct {
	term   string
	impact uint8
}

func titleImpact(n int) uint8 {
	if n < 1 {
		n = 1
	}
	return uint8(impactTitle + 15/n)
}
