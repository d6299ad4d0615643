package publish

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
// trimmed, so on the fast path they must not have any to change. Boolean attributes
// (defer, async, ...) lose their value. <meta name="viewport"> loses the
// space after its comma. <!DOCTYPE html> becomes <!doctype html>; "/>" on
// a void tag becomes ">".

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

// minifyFast minifies b if it is made only of what this file handles;
// see the comment at the top. ok is false when it is not.
func minifyFast(b []byte) (out []byte, ok bool) {
	out = make([]byte, 0, len(b))
	n := len(b)
	i := 0
	omit := true // whitespace at the start of the next text is dropped
	inPre := false
	// An end tag at emptyAt named emptyName closes an empty inline element:
	// emptyAt is where the last inline start tag ends.
	emptyAt, emptyName := -1, []byte(nil)
	if hasPrefix(b, 0, "<!DOCTYPE html>") || hasPrefix(b, 0, doctypeOut) {
		out = append(out, doctypeOut...)
		i = len(doctypeOut)
	}
	for i < n {
		if b[i] != '<' {
			if inPre {
				j := i
				for j < n && b[j] != '<' {
					if c := b[j]; c < 0x20 && c != '\t' && c != '\n' {
						return nil, false
					}
					j++
				}
				out = append(out, b[i:j]...)
				i = j
				continue
			}
			if out, i, omit, ok = appendText(out, b, i, omit); !ok {
				return nil, false
			}
			continue
		}
		if i+1 < n && b[i+1] == '/' {
			e := scanName(b, i+2)
			if e == i+2 || e >= n || b[e] != '>' {
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
			out = append(out, b[i:e+1]...)
			switch {
			case k.blockish():
				omit = true
			case k == elemButton:
				omit = false
			case emptyAt == i && string(emptyName) == string(name) && emptyIsWord(name):
				omit = false
			}
			i = e + 1
			continue
		}
		var k elemKind
		start := i
		if out, i, k, ok = appendStartTag(out, b, i, inPre); !ok {
			return nil, false
		}
		switch k {
		case elemBlock, elemTitle:
			omit = true
		case elemPre:
			inPre, omit = true, true
		case elemObject, elemButton:
			omit = false
		case elemInline:
			emptyAt, emptyName = i, b[start+1:scanName(b, start+1)]
		}
	}
	if inPre {
		return nil, false
	}
	return out, true
}

// appendText minifies the text at b[i:], up to the next tag, outside
// <pre>. omit says whether its leading whitespace is dropped; the omit
// returned is for the text after the next tag.
func appendText(out, b []byte, i int, omit bool) (_ []byte, _ int, _ bool, ok bool) {
	n := len(b)
	for i < n {
		switch textClass[b[i]] {
		case cWord:
			j := i + 1
			for j < n && textClass[b[j]] == cWord {
				j++
			}
			out = append(out, b[i:j]...)
			i, omit = j, false
		case cSpace:
			j, nl := i, false
			for ; j < n && textClass[b[j]] == cSpace; j++ {
				nl = nl || b[j] == '\n'
			}
			if !omit && (j < n && b[j] != '<' || !dropsTrailingSpace(b, j)) {
				if nl {
					out = append(out, '\n')
				} else {
					out = append(out, ' ')
				}
				omit = true
			}
			i = j
		case cAmp:
			c, size := entity(b, i)
			i += size
			switch {
			case size == 0:
				return nil, 0, false, false
			case c == '<':
				out = append(out, "&lt;"...)
			case c == '&' && i < n && keepsAmp(b[i]):
				out = append(out, "&amp;"...)
			default:
				out = append(out, c)
			}
			omit = false
		case cTag:
			return out, i, omit, true
		default:
			return nil, 0, false, false
		}
	}
	return out, i, omit, true
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

// maxAttrs is the most attributes a tag may have on the fast path.
const maxAttrs = 16

// attrSpan is where an attribute's name and value are in the input.
type attrSpan struct {
	name, nameEnd int
	val, valEnd   int // the value between the quotes; val < 0 if none
}

// The viewport's content as our template writes it, and as minified.
const (
	viewportIn  = "width=device-width, initial-scale=1"
	viewportOut = "width=device-width,initial-scale=1"
)

// appendStartTag minifies the start tag at b[i] ('<'), and for script its
// end tag, which must follow at once.
func appendStartTag(out, b []byte, i int, inPre bool) (_ []byte, _ int, _ elemKind, ok bool) {
	n := len(b)
	e := scanName(b, i+1)
	name := b[i+1 : e]
	kind, void := element(name)
	if kind == elemUnknown || inPre && kind != elemInline {
		return nil, 0, 0, false
	}
	var attrs [maxAttrs]attrSpan
	na := 0
	j := e
	for {
		if j >= n {
			return nil, 0, 0, false
		}
		c := b[j]
		if c == '>' {
			j++
			break
		}
		if c == '/' {
			if !void || j+1 >= n || b[j+1] != '>' {
				return nil, 0, 0, false
			}
			j += 2
			break
		}
		if c != ' ' {
			return nil, 0, 0, false
		}
		j++
		if j < n && b[j] == '/' {
			continue
		}
		a := attrSpan{name: j, val: -1}
		for j < n && (isLower(b[j]) || isDigit(b[j]) || b[j] == '-') {
			j++
		}
		if j == a.name || na == maxAttrs {
			return nil, 0, 0, false
		}
		a.nameEnd = j
		if j < n && b[j] == '=' {
			if j+1 >= n || b[j+1] != '"' {
				return nil, 0, 0, false
			}
			a.val = j + 2
			q := a.val
			for q < n && b[q] != '"' {
				q++
			}
			if q >= n {
				return nil, 0, 0, false
			}
			a.valEnd, j = q, q+1
		}
		attrs[na] = a
		na++
	}

	viewport := false
	if string(name) == "meta" {
		for _, a := range attrs[:na] {
			if string(b[a.name:a.nameEnd]) != "name" || a.val < 0 {
				continue
			}
			switch string(b[a.val:a.valEnd]) {
			case "viewport":
				viewport = true
			case "description", "color-scheme":
			default:
				return nil, 0, 0, false
			}
		}
	}
	hasSrc := false
	out = append(out, b[i:e]...)
	for _, a := range attrs[:na] {
		an := b[a.name:a.nameEnd]
		out = append(out, ' ')
		out = append(out, an...)
		var v []byte // empty if there is no value
		if a.val >= 0 {
			v = b[a.val:a.valEnd]
		}
		kind, dropsEmpty := attribute(an)
		if kind == attrUnknown || dropsEmpty && len(v) == 0 || kind == attrBool && len(v) > 0 {
			return nil, 0, 0, false
		}
		switch kind {
		case attrURL:
			if !plainScheme(v) {
				return nil, 0, 0, false
			}
			hasSrc = hasSrc || len(v) > 0 && string(an) == "src"
		case attrType:
			for _, c := range v {
				if !isLower(c) && !isDigit(c) && c != '/' && c != '+' && c != '.' && c != '-' {
					return nil, 0, 0, false
				}
			}
		}
		if viewport && string(an) == "content" {
			if s := string(v); s != viewportIn && s != viewportOut {
				return nil, 0, 0, false
			}
			out = append(out, `="`+viewportOut+`"`...)
			continue
		}
		if out, ok = appendValue(out, v, kind == attrText); !ok {
			return nil, 0, 0, false
		}
	}
	out = append(out, '>')

	switch kind {
	case elemTitle:
		// Its content is text up to </title>, with no tag in it.
		q := j
		for q < n && b[q] != '<' {
			q++
		}
		if !hasPrefix(b, q, "</title>") {
			return nil, 0, 0, false
		}
	case elemScript:
		if !hasSrc || !hasPrefix(b, j, "</script>") {
			return nil, 0, 0, false
		}
		out = append(out, "</script>"...)
		j += len("</script>")
	}
	return out, j, kind, true
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

// appendValue writes ="value" for an attribute's raw value v, decoded and
// quoted as the minifier does; nothing if v is empty. Spaces, tabs and
// newlines are kept if keepSpace, else v must have no tab, newline,
// doubled space or space at either end. Not ok for control characters and
// for an '&' that starts no entity it knows.
func appendValue(out, v []byte, keepSpace bool) (_ []byte, ok bool) {
	if len(v) == 0 {
		return out, true
	}
	if !keepSpace && (v[0] == ' ' || v[len(v)-1] == ' ') {
		return nil, false
	}
	dq, sq := 0, 0
	plain := true
	for k := 0; k < len(v); k++ {
		switch c := v[k]; {
		case c == '\t' || c == '\n':
			if !keepSpace {
				return nil, false
			}
		case c < 0x20:
			return nil, false
		case c == ' ' && !keepSpace && v[k-1] == ' ':
			return nil, false
		case c == '\'':
			sq++
			plain = false
		case c == '&':
			d, size := entity(v, k)
			if size == 0 {
				return nil, false
			}
			switch d {
			case '"':
				dq++
			case '\'':
				sq++
			}
			k += size - 1
			plain = false
		}
	}
	q := byte('"')
	if dq > sq {
		q = '\''
	}
	out = append(out, '=', q)
	if plain {
		out = append(out, v...)
		return append(out, q), true
	}
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
	return append(out, q), true
}
