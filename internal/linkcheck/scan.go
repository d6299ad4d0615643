package linkcheck

import (
	"bytes"
	"html"
)

// attr is an attribute of a start tag as it is written: key in its own
// case, val with its character references (nil if the attribute has no
// value). Both point into the document: reading them costs nothing, and
// only what is kept need be copied (see attrKey and appendValue).
type attr struct{ key, val []byte }

// scanner reads the start tags of HTML documents. Its buffers are reused
// from one document to the next, so that reading one allocates nothing.
type scanner struct {
	name  []byte
	attrs []attr
}

// scanTags calls fn for each start tag of doc with its name lowercased and
// its attributes as written. It reads HTML the way browsers split tags:
// comments, doctypes and end tags are skipped, and the text of script,
// style, textarea and title is not searched for tags. It is a fraction of
// the cost of a full tokenizer, which matters on a site of ten thousand
// pages. name and attrs are only valid during the call.
func scanTags(doc []byte, fn func(name []byte, attrs []attr)) {
	var s scanner
	s.scan(doc, fn)
}

// scan is scanTags with the buffers of s. It keeps no reference to doc
// once it returns.
func (s *scanner) scan(doc []byte, fn func(name []byte, attrs []attr)) {
	s.scanTags(doc, fn)
	clear(s.attrs[:cap(s.attrs)])
	s.attrs = s.attrs[:0]
}

func (s *scanner) scanTags(doc []byte, fn func(name []byte, attrs []attr)) {
	for i := 0; i < len(doc); {
		lt := indexFrom(doc, i, '<')
		if lt < 0 {
			return
		}
		i = lt + 1
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
		i = skipUntil(doc, i, &endsName)
		s.name = lowerInto(s.name[:0], doc[start:i])
		s.attrs = s.attrs[:0]
		i = scanAttrs(doc, i, &s.attrs)
		fn(s.name, s.attrs)
		if isRawText(s.name) {
			i = skipRawText(doc, i, s.name)
		}
	}
}

// scanAttrs reads the attributes of a tag from i to its ">" and returns
// the index after it.
func scanAttrs(doc []byte, i int, attrs *[]attr) int {
	for i < len(doc) {
		i = skipUntil(doc, i, &notSpaceOrSlash)
		if i >= len(doc) {
			return i
		}
		if doc[i] == '>' {
			return i + 1
		}
		ks := i
		i = skipUntil(doc, i, &endsKey) // doc[ks] is not "/", skipped above
		key := doc[ks:i]
		i = skipUntil(doc, i, &notSpace)
		var val []byte
		if i < len(doc) && doc[i] == '=' {
			i = skipUntil(doc, i+1, &notSpace)
			if i < len(doc) && (doc[i] == '"' || doc[i] == '\'') {
				end := indexFrom(doc, i+1, doc[i])
				if end < 0 {
					return len(doc)
				}
				val = doc[i+1 : end]
				i = end + 1
			} else {
				vs := i
				i = skipUntil(doc, i, &endsValue)
				val = doc[vs:i]
			}
		}
		*attrs = append(*attrs, attr{key, val})
	}
	return i
}

// byteSet is a set of bytes, looked up by index.
type byteSet [256]bool

// makeByteSet returns the set of the bytes of chars, or of every other
// byte if not.
func makeByteSet(chars string, not bool) byteSet {
	var s byteSet
	for c := range s {
		s[c] = (bytes.IndexByte([]byte(chars), byte(c)) >= 0) != not
	}
	return s
}

const spaces = " \t\n\r\f"

var (
	endsName        = makeByteSet(spaces+">/", false)
	endsKey         = makeByteSet(spaces+"=>/", false)
	endsValue       = makeByteSet(spaces+">", false)
	notSpace        = makeByteSet(spaces, true)
	notSpaceOrSlash = makeByteSet(spaces+"/", true)
)

// skipUntil returns the index of the first byte of doc from i in set, or
// len(doc).
func skipUntil(doc []byte, i int, set *byteSet) int {
	for i < len(doc) && !set[doc[i]] {
		i++
	}
	return i
}

// attrKey returns the lowercased name of an attribute as written,
// without allocating for the common ones.
func attrKey(b []byte) string {
	for _, k := range commonKeys {
		if bytes.EqualFold(b, []byte(k)) {
			return k
		}
	}
	return string(bytes.ToLower(b))
}

var commonKeys = []string{"href", "id", "class", "src", "name", "action", "rel", "type", "aria-label", "hidden", "data-anchor"}

// appendValue appends an attribute value as written to dst with its
// character references replaced, as a browser reads it.
func appendValue(dst, val []byte) []byte {
	if bytes.IndexByte(val, '&') < 0 {
		return append(dst, val...)
	}
	return append(dst, html.UnescapeString(string(val))...)
}

// isRawText reports whether the element named name holds text in which
// no tag starts.
func isRawText(name []byte) bool {
	switch string(name) {
	case "script", "style", "textarea", "title":
		return true
	}
	return false
}

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

// skipPast returns the index after the first c in doc from i, or
// len(doc).
func skipPast(doc []byte, i int, c byte) int {
	if j := indexFrom(doc, i, c); j >= 0 {
		return j + 1
	}
	return len(doc)
}

// indexFrom returns the index of the first c in doc from i, or -1. It
// looks at a few bytes itself before it calls bytes.IndexByte, which
// costs more to start than most tags, values and gaps between tags are
// long.
func indexFrom(doc []byte, i int, c byte) int {
	for end := min(i+16, len(doc)); i < end; i++ {
		if doc[i] == c {
			return i
		}
	}
	if i >= len(doc) {
		return -1
	}
	if j := bytes.IndexByte(doc[i:], c); j >= 0 {
		return i + j
	}
	return -1
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
