package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s as the index stores it: compatibility-decomposed (NFKD),
// without combining marks (Unicode category Mn), each code point
// lowercased on its own. "Café", "CAFÉ" and "cafe" fold alike, as do
// "４２９" and "429". static/js/search.js folds queries with the same three
// steps (normalize("NFKD"), drop \p{Mn}, toLowerCase per code point), so a
// query finds what the index holds.
func Fold(s string) string {
	if isASCII(s) { // no decomposition, no marks: the common case
		return strings.ToLower(s)
	}
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Tokens returns the words of s, folded: the longest runs of letters and
// numbers (Unicode L and N). Everything else separates words, so
// "X-Request-Id" is three words and "pageSize" one.
func Tokens(s string) []string {
	return words(Fold(s))
}

// words splits an already folded string into words.
func words(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// stopwords are left out of the index and out of queries (except a last
// word still being typed, which may be the start of a longer word). They
// are published in the manifest so the browser drops the same ones.
var stopwords = []string{
	"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into",
	"is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "with", "you", "your",
}

// maxWordLen is the longest word indexed, in bytes of its folded form;
// longer runs are identifiers or encoded data nobody types. Codes (ids and
// anchors) are indexed whatever their length.
const maxWordLen = 40

var stopwordSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range stopwords {
		m[w] = true
	}
	return m
}()

// isStopword reports whether w is one of the stopwords.
func isStopword(w string) bool { return stopwordSet[w] }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
