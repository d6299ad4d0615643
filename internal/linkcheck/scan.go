package linkcheck

import (
	"bytes"
	"html"
)

// scanTags calls fn for each start tag of doc with its lowercased name and
// attributes (names lowercased, values unescaped). It reads HTML the way
// browsers split tags: comments, doctypes and end tags are skipped, and the
// text of script, style, textarea and title is not searched for tags. It
// is a fraction of the cost of a full tokenizer, which matters on a site
// of ten thousand pages.
func scanTags(doc []byte, fn func(name []byte, attrs []attr)) {
	var attrs []attr
	var nameBuf []byte
	for i := 0; i < len(doc); {
		lt := bytes.IndexByte(doc[i:], '<')
		if lt < 0 {
			return
		}
		i += lt + 1
		if i >= len(doc) {
			return
		}
		switch c := doc[i]; {
		case c == '!':
			if bytes.HasPrefix(doc[i:], []byte("!--")) {
				end := bytes.Index(doc[i+3:], []byte("-->"))
				if end < 0 {
					return
				}
				i += 3 + end + 3
				continue
			}
			i = skipPast(doc, i, '>')
			continue
		case c == '/' || c == '?':
			i = skipPast(doc, i, '>')
			continue
		case !isLetter(c):
			continue // a "<" in text
		}
		start := i
		for i < len(doc) && !isSpace(doc[i]) && doc[i] != '>' && doc[i] != '/' {
			i++
		}
		nameBuf = lowerInto(nameBuf[:0], doc[start:i])
		attrs = attrs[:0]
		i = scanAttrs(doc, i, &attrs)
		fn(nameBuf, attrs)
		switch string(nameBuf) {
		case "script", "style", "textarea", "title":
			i = skipRawText(doc, i, nameBuf)
		}
	}
}

type attr struct{ key, val string }

// scanAttrs reads the attributes of a tag from i to its ">" and returns
// the index after it.
func scanAttrs(doc []byte, i int, attrs *[]attr) int {
	for i < len(doc) {
		for i < len(doc) && (isSpace(doc[i]) || doc[i] == '/') {
			i++
		}
		if i >= len(doc) {
			return i
		}
		if doc[i] == '>' {
			return i + 1
		}
		ks := i
		for i < len(doc) && !isSpace(doc[i]) && doc[i] != '=' && doc[i] != '>' && !(doc[i] == '/' && i > ks) {
			i++
		}
		key := attrKey(doc[ks:i])
		for i < len(doc) && isSpace(doc[i]) {
			i++
		}
		var val []byte
		if i < len(doc) && doc[i] == '=' {
			i++
			for i < len(doc) && isSpace(doc[i]) {
				i++
			}
			if i < len(doc) && (doc[i] == '"' || doc[i] == '\'') {
				q := doc[i]
				end := bytes.IndexByte(doc[i+1:], q)
				if end < 0 {
					return len(doc)
				}
				val = doc[i+1 : i+1+end]
				i += end + 2
			} else {
				vs := i
				for i < len(doc) && !isSpace(doc[i]) && doc[i] != '>' {
					i++
				}
				val = doc[vs:i]
			}
		}
		v := string(val)
		if bytes.IndexByte(val, '&') >= 0 {
			v = html.UnescapeString(v)
		}
		*attrs = append(*attrs, attr{key, v})
	}
	return i
}

// attrKey returns the lowercased attribute name, without allocating for
// the common ones.
func attrKey(b []byte) string {
	for _, k := range commonKeys {
		if bytes.EqualFold(b, []byte(k)) {
			return k
		}
	}
	return string(bytes.ToLower(b))
}

var commonKeys = []string{"href", "id", "class", "src", "name", "action", "rel", "type", "aria-label", "hidden", "data-anchor"}

// skipRawText returns the index after the end tag </name> that closes raw
// text starting at i.
func skipRawText(doc []byte, i int, name []byte) int {
	for {
		lt := bytes.Index(doc[i:], []byte("</"))
		if lt < 0 {
			return len(doc)
		}
		i += lt + 2
		if i+len(name) <= len(doc) && bytes.EqualFold(doc[i:i+len(name)], name) {
			return skipPast(doc, i, '>')
		}
	}
}

func skipPast(doc []byte, i int, c byte) int {
	if j := bytes.IndexByte(doc[i:], c); j >= 0 {
		return i + j + 1
	}
	return len(doc)
}

func lowerInto(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
