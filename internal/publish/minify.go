package publish

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
)

// The fast path of MinifyPage.
//
// Our pages come from our own templates, goldmark and chroma, so they use
// a small, regular part of HTML. minifyFast minifies exactly that part in
// one pass, and gives up (ok == false) on anything else, so that
// MinifyPage can hand the page to tdewolff's minifier instead.
//
// The contract: whenever minifyFast returns ok, its output is
// byte-identical to what the minifier of minifier() gives for that input.
// FuzzMinifyFast checks it. The rules below were found by running that
// minifier on small inputs (the unit cases in minify_test.go write them
// out); nothing here is taken from its code.
//
// Text (outside <pre>):
//   - A run of spaces, tabs and newlines becomes one "\n" if it holds a
//     newline, else one " ".
//   - Such a run is dropped when the text before it (across inline tags)
//     already ended in whitespace, or when it follows the start of the
//     document, the doctype or a block tag (start or end).
//   - A run at the end of a text is dropped when what follows it, skipping
//     inline end tags (</button> too) and whitespace-only texts, is a block
//     tag or the end of the document.
//   - img, input, both tags of button, and an empty inline element (end
//     tag right after its start tag) but a, label and del, count as a
//     word: text after them keeps its leading whitespace. meta, link and
//     script (with src, and empty) are inline.
//   - Entities: &lt; stays, &gt; &quot; &#34; &#39; &#43; become the
//     character, &amp; becomes "&" unless an ASCII letter, digit or "#"
//     follows it.
//   - title holds text only, minified as text between block tags.
//
// Inside <pre>, text is copied as it is, entities included.
//
// Attributes: values are decoded like text (but &lt; becomes "<"), then
// quoted with " unless they hold more " than ', in which case ' is used;
// the quote character inside is written &#34; or &#39;. An empty value
// leaves the bare name (class, id, name and form's action are dropped
// instead: not handled). Whitespace is kept in text-like values (title,
// alt, content, aria-*, data-*, ...); most others have it collapsed and
// trimmed, so on the fast path they must not have any to change. Boolean
// attributes (defer, async, ...) lose their value. <meta name="viewport">
// loses the space after its comma. <!DOCTYPE html> becomes
// <!doctype html>; "/>" on a void tag becomes ">".

const doctypeOut = "<!doctype html>"

// elemKind says how an element affects the whitespace around it.
type elemKind uint8

const (
	elemUnknown elemKind = iota
	elemBlock            // whitespace on both sides of its tags is dropped
	elemInline           // whitespace around its tags is kept (collapsed)
	elemObject           // inline, and text after it keeps its leading space
	elemPre              // block; its content is copied as is
	elemTitle            // block; its content is text only
	elemScript           // inline; only <script src=...></script>
	elemButton           // object at both tags, holding inline content
)

// element returns the kind of a tag name (lower case) and whether the
// element is void. Tags not listed are not handled: unknown.
func element(name []byte) (elemKind, bool) {
	switch string(name) {
	case "html", "head", "div", "main", "nav", "header", "footer", "article",
		"section", "aside", "ul", "ol", "li", "p", "h1", "h2", "h3", "h4", "h5",
		"h6", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
		"form", "details", "summary", "dl", "dt", "dd", "blockquote",
		"noscript", "figure", "figcaption":
		return elemBlock, false
	case "br", "hr":
		return elemBlock, true
	case "body", "code", "span", "a", "em", "strong", "b", "i", "label",
		"small", "sub", "sup", "kbd", "del", "s":
		return elemInline, false
	case "meta", "link":
		return elemInline, true
	case "img", "input":
		return elemObject, true
	case "pre":
		return elemPre, false
	case "title":
		return elemTitle, false
	case "script":
		return elemScript, false
	case "button":
		return elemButton, false
	}
	return elemUnknown, false
}

// emptyIsWord reports whether an empty inline element (its end tag right
// after its start tag) counts as a word, as img does: whether text after
// it keeps its leading whitespace. It does not for a, label and del.
func emptyIsWord(name []byte) bool {
	switch string(name) {
	case "a", "label", "del":
		return false
	}
	return true
}

// blockish reports whether whitespace before a tag of this kind is dropped.
func (k elemKind) blockish() bool { return k == elemBlock || k == elemPre || k == elemTitle }

// Byte classes in text.
const (
	cWord  = iota // copied as is
	cSpace        // space, tab, newline
	cAmp          // an entity
	cTag          // '<'
	cBad          // control characters: not handled
)

var textClass = func() (t [256]uint8) {
	for c := range 0x20 {
		t[c] = cBad
	}
	t[' '], t['\t'], t['\n'] = cSpace, cSpace, cSpace
	t['&'] = cAmp
	t['<'] = cTag
	return t
}()

func hasPrefix(b []byte, i int, s string) bool {
	return len(b)-i >= len(s) && string(b[i:i+len(s)]) == s
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// attrNameChar is true for the bytes of the attribute names handled.
var attrNameChar = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isLower(byte(c)) || isDigit(byte(c)) || c == '-'
	}
	return t
}()

// keepsAmp reports whether "&" followed by c is written "&amp;".
func keepsAmp(c byte) bool {
	return isLower(c) || 'A' <= c && c <= 'Z' || isDigit(c) || c == '#'
}

// scanName returns the end of the lower-case tag name that starts at i.
func scanName(b []byte, i int) int {
	if i >= len(b) || !isLower(b[i]) {
		return i
	}
	i++
	for i < len(b) && (isLower(b[i]) || isDigit(b[i])) {
		i++
	}
	return i
}

// entity matches the entities minifyFast knows at b[i] ('&'): their
// decoded character and length. c is 0 if there is none.
func entity(b []byte, i int) (c byte, size int) {
	switch {
	case hasPrefix(b, i, "&amp;"):
		return '&', 5
	case hasPrefix(b, i, "&lt;"):
		return '<', 4
	case hasPrefix(b, i, "&gt;"):
		return '>', 4
	case hasPrefix(b, i, "&quot;"):
		return '"', 6
	case hasPrefix(b, i, "&#34;"):
		return '"', 5
	case hasPrefix(b, i, "&#39;"):
		return '\'', 5
	case hasPrefix(b, i, "&#43;"):
		return '+', 5
	}
	return 0, 0
}

// Eight bytes at a time (SWAR): these find the first byte that is not
// plain, if any, and leave it to the loops over single bytes. The lowest
// hit is a true one; hits past it may be false.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// hasZero is not 0 if a byte of x is 0.
func hasZero(x uint64) uint64 { return (x - ones) & ^x & highs }

// hasLess is not 0 if a byte of x is below c (c <= 128).
func hasLess(x uint64, c byte) uint64 { return (x - uint64(c)*ones) & ^x & highs }

// plainText is 0 if the eight bytes of text x are words and single spaces
// only: no '<', '&', control character or two spaces in a row.
func plainText(x uint64) uint64 {
	sp := x ^ (' ' * ones)
	// Exactly the bytes that are spaces (no false hits), to find pairs.
	isSpace := ^(((sp & (^uint64(highs))) + ^uint64(highs)) | sp) & highs
	return hasLess(x, 0x20) | hasZero(x^('<'*ones)) | hasZero(x^('&'*ones)) | isSpace&(isSpace>>8)
}

// dropsTrailingSpace reports whether whitespace at the end of a text that
// ends at i is dropped: whether, skipping inline end tags and
// whitespace-only texts, a block tag or the end of the document comes
// next. What it cannot read is answered either way: minifyFast gives up
// when it gets there.
func dropsTrailingSpace(b []byte, i int) bool {
	for {
		if i >= len(b) {
			return true
		}
		if b[i] != '<' {
			for i < len(b) && textClass[b[i]] == cSpace {
				i++
			}
			if i < len(b) && b[i] != '<' {
				return false
			}
			continue
		}
		if i+1 < len(b) && b[i+1] == '/' {
			e := scanName(b, i+2)
			k, _ := element(b[i+2 : e])
			if (k == elemInline || k == elemButton) && e < len(b) && b[e] == '>' {
				i = e + 1
				continue
			}
			return k.blockish()
		}
		k, _ := element(b[i+1 : scanName(b, i+1)])
		return k.blockish()
	}
}

// minifyFast appends b minified to dst if b is made only of what this file
// handles; see the comment at the top. ok is false when it is not, and out
// is then to be dropped (dst's bytes are unchanged).
//
// Most of a page comes out as it is: b[from:i] is such a part, not yet
// written to out; it is written only where the output differs.
func minifyFast(dst, b []byte) (out []byte, ok bool) {
	out = slices.Grow(dst, len(b))
	n := len(b)
	i, from := 0, 0
	omit := true // whitespace at the start of the next text is dropped
	inPre := false
	// An end tag at emptyAt named emptyName closes an empty inline element:
	// emptyAt is where the last inline start tag ends.
	emptyAt, emptyName := -1, []byte(nil)
	switch {
	case hasPrefix(b, 0, doctypeOut):
		i = len(doctypeOut)
	case hasPrefix(b, 0, "<!DOCTYPE html>"):
		out = append(out, doctypeOut...)
		i, from = len(doctypeOut), len(doctypeOut)
	}
	for i < n {
		switch textClass[b[i]] {
		case cWord:
			// Words and the single spaces between them come out as they
			// are.
			i++
			for {
				for i+8 <= n {
					if m := plainText(binary.LittleEndian.Uint64(b[i:])); m != 0 {
						// Up to the first byte that is not plain, or the
						// space before it.
						i += bits.TrailingZeros64(m) / 8
						if b[i-1] == ' ' {
							i--
						}
						break
					}
					if b[i+7] == ' ' {
						i += 7
						break
					}
					i += 8
				}
				if i < n && textClass[b[i]] == cWord {
					i++
				} else if i+1 < n && b[i] == ' ' && textClass[b[i+1]] == cWord {
					i += 2
				} else {
					break
				}
			}
			omit = false

		case cSpace:
			j, nl := i, false
			for ; j < n && textClass[b[j]] == cSpace; j++ {
				nl = nl || b[j] == '\n'
			}
			if omit || (j == n || b[j] == '<') && dropsTrailingSpace(b, j) {
				out, from = append(out, b[from:i]...), j
			} else {
				c := byte(' ')
				if nl {
					c = '\n'
				}
				if j != i+1 || b[i] != c {
					out = append(out, b[from:i]...)
					out, from = append(out, c), j
				}
				omit = true
			}
			i = j

		case cAmp:
			c, size := entity(b, i)
			switch {
			case size == 0:
				return nil, false
			case c == '<', c == '&' && i+size < n && keepsAmp(b[i+size]):
				// &lt; and &amp; stay
			default:
				out = append(out, b[from:i]...)
				out, from = append(out, c), i+size
			}
			i += size
			omit = false

		case cTag:
			if i+1 < n && b[i+1] == '/' {
				e := scanName(b, i+2)
				if e >= n || b[e] != '>' {
					return nil, false
				}
				name := b[i+2 : e]
				k, void := element(name)
				switch {
				case void || k == elemUnknown || k == elemScript:
					return nil, false
				case k == elemPre:
					if !inPre {
						return nil, false
					}
					inPre = false
				case inPre && k != elemInline:
					return nil, false
				}
				switch {
				case k.blockish():
					omit = true
				case k == elemButton:
					omit = false
				case emptyAt == i && string(emptyName) == string(name) && emptyIsWord(name):
					omit = false
				}
				if i = e + 1; inPre {
					if i, ok = preText(b, i); !ok {
						return nil, false
					}
				}
				continue
			}
			j, e, k, same, ok := startTag(b, i, inPre, nil)
			if !ok {
				return nil, false
			}
			if !same {
				out = append(out, b[from:i]...)
				startTag(b, i, inPre, &out)
				from = j
			}
			switch k {
			case elemBlock:
				omit = true
			case elemTitle:
				// Its content is text up to </title>, with no tag in it.
				q := bytes.IndexByte(b[j:], '<')
				if q < 0 || !hasPrefix(b, j+q, "</title>") {
					return nil, false
				}
				omit = true
			case elemPre:
				inPre, omit = true, true
			case elemObject, elemButton:
				omit = false
			case elemInline:
				emptyAt, emptyName = j, b[i+1:e]
			case elemScript:
				if !hasPrefix(b, j, "</script>") {
					return nil, false
				}
				j += len("</script>")
			}
			if i = j; inPre {
				if i, ok = preText(b, i); !ok {
					return nil, false
				}
			}

		default:
			return nil, false
		}
	}
	if inPre {
		return nil, false
	}
	return append(out, b[from:]...), true
}

// preText returns where the text at b[i] in <pre> ends: at the next tag.
// It comes out as it is; it is not ok if it holds a control character.
func preText(b []byte, i int) (int, bool) {
	for i < len(b) && b[i] != '<' {
		if c := b[i]; c < 0x20 && c != '\t' && c != '\n' {
			return 0, false
		}
		i++
	}
	return i, true
}

// attrKind says how the minifier treats an attribute's value.
type attrKind uint8

const (
	attrUnknown attrKind = iota // not handled
	attrText                    // decoded and quoted again; empty: bare name
	attrWords                   // as attrText, but whitespace is collapsed and trimmed
	attrURL                     // as attrWords (trimmed), a URL without a scheme or http(s)/mailto
	attrType                    // as attrWords, in lower case without spaces (MIME types are normalized)
	attrBool                    // no value, or an empty one: bare name
)

// attribute returns the kind of an attribute, and whether the minifier
// drops it when its value is empty (not handled).
func attribute(name []byte) (kind attrKind, dropsEmpty bool) {
	switch string(name) {
	case "title", "alt", "placeholder", "role", "value", "property", "content":
		return attrText, false
	case "id", "name":
		return attrText, true
	case "lang", "rel", "for", "method", "autocomplete", "scope", "charset",
		"colspan", "rowspan", "start", "width", "height", "loading", "target",
		"datetime", "tabindex", "hidden":
		return attrWords, false
	case "class":
		return attrWords, true
	case "href", "src":
		return attrURL, false
	case "action": // <form action=""> is dropped
		return attrURL, true
	case "type":
		return attrType, false
	case "defer", "async", "open", "checked", "disabled":
		return attrBool, false
	}
	if len(name) > 5 && (hasPrefix(name, 0, "data-") || hasPrefix(name, 0, "aria-")) {
		return attrText, false
	}
	return attrUnknown, false
}

// The viewport's content as our template writes it, and as minified.
const (
	viewportIn  = "width=device-width, initial-scale=1"
	viewportOut = "width=device-width,initial-scale=1"
)

// startTag reads the start tag at b[i] ('<'): where it ends, where its
// name ends, its element's kind, whether the minifier writes it as it is
// (same), and whether minifyFast handles it (ok). If w is not nil, it
// appends the tag as minified to *w.
func startTag(b []byte, i int, inPre bool, w *[]byte) (end, nameEnd int, kind elemKind, same, ok bool) {
	n := len(b)
	e := scanName(b, i+1)
	name := b[i+1 : e]
	kind, void := element(name)
	if kind == elemUnknown || inPre && kind != elemInline {
		return
	}
	viewport := false
	if string(name) == "meta" {
		switch string(metaName(b, e)) {
		case "viewport":
			viewport = true
		case "", "description", "color-scheme":
		default:
			return
		}
	}
	if w != nil {
		*w = append(*w, b[i:e]...)
	}
	same = true
	hasSrc := false
	j := e
	for {
		if j >= n {
			return
		}
		c := b[j]
		if c == '>' {
			j++
			break
		}
		if c == '/' {
			if !void || j+1 >= n || b[j+1] != '>' {
				return
			}
			same = false
			j += 2
			break
		}
		if c != ' ' {
			return
		}
		j++
		if j < n && b[j] == '/' {
			continue
		}
		ns := j
		for j < n && attrNameChar[b[j]] {
			j++
		}
		an := b[ns:j]
		ak, dropsEmpty := attribute(an)
		if ak == attrUnknown {
			return
		}
		var v []byte
		if j < n && b[j] == '=' {
			if j+1 >= n || b[j+1] != '"' {
				return
			}
			vs := j + 2
			var vsame, vok bool
			j, vsame, vok = scanValue(b, vs, ak == attrText)
			if !vok {
				return
			}
			v = b[vs:j]
			if len(v) == 0 {
				same = false // ="" is dropped
			}
			same = same && vsame
			j++
		}
		switch {
		case dropsEmpty && len(v) == 0, ak == attrBool && len(v) > 0:
			return
		case ak == attrURL:
			if !plainScheme(v) {
				return
			}
			hasSrc = hasSrc || len(v) > 0 && string(an) == "src"
		case ak == attrType:
			for _, c := range v {
				if !isLower(c) && !isDigit(c) && c != '/' && c != '+' && c != '.' && c != '-' {
					return
				}
			}
		}
		if viewport && string(an) == "content" {
			switch string(v) {
			case viewportIn:
				same = false
			case viewportOut:
			default:
				return
			}
			if w != nil {
				*w = append(*w, ` content="`+viewportOut+`"`...)
			}
			continue
		}
		if w != nil {
			*w = append(*w, ' ')
			*w = append(*w, an...)
			*w = appendValue(*w, v)
		}
	}
	if kind == elemScript && !hasSrc {
		return
	}
	if w != nil {
		*w = append(*w, '>')
	}
	return j, e, kind, same, true
}

// metaName returns the value of the name attribute of the meta tag whose
// attributes start at b[i], or nil. It reads only what startTag reads.
func metaName(b []byte, i int) []byte {
	for i < len(b) && b[i] == ' ' {
		i++
		s := i
		for i < len(b) && (isLower(b[i]) || b[i] == '-') {
			i++
		}
		if i+1 >= len(b) || b[i] != '=' || b[i+1] != '"' {
			continue
		}
		q := bytes.IndexByte(b[i+2:], '"')
		if q < 0 {
			return nil
		}
		if string(b[s:i]) == "name" {
			return b[i+2 : i+2+q]
		}
		i += q + 3
	}
	return nil
}

// plainScheme reports whether a URL has no scheme, or http, https or
// mailto in lower case (the minifier lowers a scheme and rewrites data:
// URLs).
func plainScheme(v []byte) bool {
	for k, c := range v {
		switch c {
		case '/', '?', '#':
			return true
		case ':':
			s := string(v[:k])
			return s == "http" || s == "https" || s == "mailto"
		}
	}
	return true
}

// Byte classes in attribute values.
const (
	vSame  = iota // written as it is
	vEnd          // '"'
	vSpace        // a space where whitespace is collapsed and trimmed
	vAmp          // an entity
	vBad          // not handled
)

// valueClass has the classes for values whose whitespace is kept
// ([1]) or collapsed and trimmed ([0]).
var valueClass = func() (t [2][256]uint8) {
	for c := range 0x20 {
		t[0][c], t[1][c] = vBad, vBad
	}
	t[1]['\t'], t[1]['\n'] = vSame, vSame
	t[0][' '] = vSpace
	t[0]['"'], t[1]['"'] = vEnd, vEnd
	t[0]['&'], t[1]['&'] = vAmp, vAmp
	return t
}()

// scanValue reads the attribute value that starts at b[i], after its
// '"': where it ends (at its closing '"'), whether the minifier writes it
// as it is (same) and whether minifyFast handles it (ok). Whitespace in
// it is kept if keepSpace; else the value must have no tab, newline,
// doubled space or space at either end. An '&' must start an entity it
// knows.
func scanValue(b []byte, i int, keepSpace bool) (end int, same, ok bool) {
	t := &valueClass[0]
	if keepSpace {
		t = &valueClass[1]
	}
	same = true
	start := i
	for i < len(b) {
		for i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			var m uint64
			if keepSpace {
				m = hasLess(x, 0x20) | hasZero(x^('"'*ones)) | hasZero(x^('&'*ones))
			} else {
				// Below '\'': control characters, ' ', '"' and '&', and
				// '!', '#', '$', '%', which the byte loop passes.
				m = hasLess(x, '\'')
			}
			if m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		for i < len(b) && t[b[i]] == vSame {
			i++
		}
		if i == len(b) {
			break
		}
		switch t[b[i]] {
		case vEnd:
			return i, same, true
		case vSpace:
			if i == start || b[i-1] == ' ' || i+1 < len(b) && b[i+1] == '"' {
				return 0, false, false
			}
			i++
		case vAmp:
			_, size := entity(b, i)
			if size == 0 {
				return 0, false, false
			}
			i += size
			same = false
		default:
			return 0, false, false
		}
	}
	return 0, false, false
}

// appendValue writes ="value" for an attribute's raw value v, checked by
// scanValue, decoded and quoted as the minifier does; nothing if v is
// empty.
func appendValue(out, v []byte) []byte {
	if len(v) == 0 {
		return out
	}
	dq, sq := 0, 0
	for k := 0; k < len(v); k++ {
		switch v[k] {
		case '\'':
			sq++
		case '&':
			d, size := entity(v, k)
			switch d {
			case '"':
				dq++
			case '\'':
				sq++
			}
			k += size - 1
		}
	}
	q := byte('"')
	if dq > sq {
		q = '\''
	}
	out = append(out, '=', q)
	for k := 0; k < len(v); {
		c := v[k]
		k++
		if c == '&' {
			var size int
			c, size = entity(v, k-1)
			k += size - 1
			if c == '&' && k < len(v) && keepsAmp(v[k]) {
				out = append(out, "&amp;"...)
				continue
			}
		}
		switch {
		case c == q && q == '"':
			out = append(out, "&#34;"...)
		case c == q:
			out = append(out, "&#39;"...)
		default:
			out = append(out, c)
		}
	}
	return append(out, q)
}
