package markdown

import (
	"strings"
)

// Data fields (summaries, checks, steps, notes) are mostly one line of
// plain prose, and a build renders each of them on several pages: at 10,000
// pages they were a hundred thousand goldmark parses. inlinePlain renders
// such a field directly, byte for byte as goldmark would (TestInlinePlain
// and FuzzInlinePlain compare the two), and declines anything that might
// hold Markdown.

// plainByte marks the ASCII bytes that are plain text wherever they stand
// in a line of prose. Left out: every byte that can open or close inline
// Markdown (`*_[]<>&\~!{}|), a line break, and control bytes. Bytes from
// 0x80 up (UTF-8) are plain too.
var plainByte = func() (t [128]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range ` .,;:?'"()/-+=%$#^` {
		t[c] = true
	}
	return t
}()

// isPlain reports whether src is one line of prose that goldmark renders
// as one paragraph of text: plain bytes only, no leading or trailing space,
// no block marker at the start, nothing linkify would turn into a link.
func isPlain(src string) bool {
	if src == "" || src[0] == ' ' || src[len(src)-1] == ' ' {
		return false
	}
	for i := 0; i < len(src); i++ {
		if c := src[i]; c < 0x80 && !plainByte[c] {
			return false
		}
	}
	if strings.Contains(src, "://") || strings.Contains(strings.ToLower(src), "www.") {
		return false // linkify
	}
	return !startsBlock(src)
}

// startsBlock reports whether a line starting like src could be something
// other than a paragraph: a heading, list, quote, thematic break, or an
// ordered list item ("1." or "1)").
func startsBlock(src string) bool {
	switch c := src[0]; {
	case c == '#' || c == '-' || c == '+' || c == '=':
		return true
	case '0' <= c && c <= '9':
		i := 0
		for i < len(src) && '0' <= src[i] && src[i] <= '9' {
			i++
		}
		return i < len(src) && (src[i] == '.' || src[i] == ')')
	}
	return false
}

// inlinePlain renders src as Inline would when isPlain(src): the text,
// HTML-escaped, with the first use on the page of each glossary term
// linked. ok is false when src is not plain.
func (d *Doc) inlinePlain(src string) (html string, ok bool) {
	if !isPlain(src) || !d.NoTerms && !d.r.terms.plainURLs {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(src) + 16)
	rest := src
	for !d.NoTerms && len(d.r.terms.terms) > 0 {
		i, j, url := findTerm(d.r.terms, rest, d.linked)
		if i < 0 {
			break
		}
		d.linked[url] = true
		escapeText(&b, rest[:i])
		b.WriteString(`<a href="`)
		escapeText(&b, url)
		b.WriteString(`" class="term">`)
		escapeText(&b, rest[i:j])
		b.WriteString(`</a>`)
		rest = rest[j:]
	}
	escapeText(&b, rest)
	return b.String(), true
}

// escapeText writes s with the escapes goldmark gives text: of the bytes a
// plain string may hold, only the double quote.
func escapeText(b *strings.Builder, s string) {
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		b.WriteString("&quot;")
		s = s[i+1:]
	}
}
