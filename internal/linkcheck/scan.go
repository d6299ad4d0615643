package linkcheck

import (
	"bytes"
	"html"
	"slices"
)

// MirroredXNet is the golang.org/x/net release whose html tokenizer
// scanTags reads documents as (checked by FuzzScanTags and FuzzReadPage).
// When go.mod requires another, TestMirroredXNet fails: fuzz the scanner
// against the new tokenizer, fix what differs, and set this to it.
const mirroredXNet = "v0.62.0"

// attr is an attribute of a start tag as it is written: key in its own
// case, val with its character references (nil if the attribute has no
// value). Both point into the document: reading them costs nothing, and
// only what is kept need be copied (see attrKey and appendValue). decoded
// is set when val has its references replaced already (read by the
// tokenizer: see readTokens).
type attr struct {
	key, val []byte
	decoded  bool
}

// scanner reads the start tags of HTML documents. Its buffers are reused
// from one document to the next, so that reading one allocates nothing.
type scanner struct {
	name  []byte
	attrs []attr
}

// scanTags calls fn for each start tag of doc with its name lowercased and
// its attributes as written, each name once (the first), as the x/net/html
// tokenizer reads doc. It reports false, having called fn for some of the
// tags or none, for a document it does not read as the tokenizer does
// (see scan); the caller then reads doc with the tokenizer (readTokens).
//
// It is a fraction of the cost of the tokenizer, which matters on a site
// of ten thousand pages. name and attrs are only valid during the call.
func scanTags(doc []byte, fn func(name []byte, attrs []attr)) bool {
	var s scanner
	return s.scan(doc, fn)
}

// scan is scanTags with the buffers of s. It keeps no reference to doc
// once it returns.
//
// It reads comments, doctypes, end tags and bogus comments as the
// tokenizer skips them, and the content of the raw text elements (script,
// style, textarea, title, iframe, noembed, noframes, xmp, plaintext) as
// text. <noscript> is read as a browser without scripts reads it: its
// content as markup, up to </noscript> (the tokenizer takes it for text;
// readTokens reads that text again). It gives up on what our pages never
// hold: a NUL or CR byte, an attribute name that starts with "=", a "<!--"
// in a script, or a character reference without its ";" in a value, all
// of which the tokenizer reads by rules of their own.
func (s *scanner) scan(doc []byte, fn func(name []byte, attrs []attr)) bool {
	ok := bytes.IndexByte(doc, 0) < 0 && bytes.IndexByte(doc, '\r') < 0 && s.scanTags(doc, fn)
	clear(s.attrs[:cap(s.attrs)])
	s.attrs = s.attrs[:0]
	return ok
}

func (s *scanner) scanTags(doc []byte, fn func(name []byte, attrs []attr)) bool {
	for i := 0; i < len(doc); {
		lt := indexFrom(doc, i, '<')
		if lt < 0 || lt+1 >= len(doc) {
			return true
		}
		i = lt + 1
		switch c := doc[i]; {
		case c == '!':
			if bytes.HasPrefix(doc[i:], []byte("!--")) {
				i = skipComment(doc, i+3)
				continue
			}
			i = skipPast(doc, i, '>') // a doctype, or a bogus comment
			continue
		case c == '?':
			i = skipPast(doc, i, '>')
			continue
		case c == '/':
			switch {
			case i+1 >= len(doc):
				return true
			case isLetter(doc[i+1]):
				// An end tag: its attributes are read and dropped.
				end, st := s.readTag(doc, i+1)
				if st != tagDone {
					return st == tagEOF
				}
				i = end
			case doc[i+1] == '>':
				i += 2
			default:
				i = skipPast(doc, i, '>')
			}
			continue
		case !isLetter(c):
			continue // a "<" in text
		}
		end, st := s.readTag(doc, i)
		if st != tagDone {
			return st == tagEOF // a tag cut off by the end is dropped
		}
		i = end
		fn(s.name, s.attrs)
		switch raw := rawText(s.name); raw {
		case "":
		case "plaintext":
			return true
		case "noscript":
			j := rawTextEnd(doc, i, raw)
			if !s.scanTags(doc[i:j], fn) {
				return false
			}
			i = j
		default:
			j := rawTextEnd(doc, i, raw)
			if raw == "script" && bytes.Contains(doc[i:j], []byte("<!--")) {
				return false
			}
			i = j
		}
	}
	return true
}

// The outcomes of readTag.
const (
	tagDone = iota
	tagEOF  // the document ends within the tag
	tagGiveUp
)

// readTag reads the tag whose name starts at i into s.name (lowercased)
// and s.attrs, as the tokenizer's readTag does, and returns the index
// after its ">".
func (s *scanner) readTag(doc []byte, i int) (int, int) {
	j := skipUntil(doc, i, &endsName)
	if j >= len(doc) {
		return j, tagEOF
	}
	s.name = lowerInto(s.name[:0], doc[i:j])
	s.attrs = s.attrs[:0]
	for {
		j = skipUntil(doc, j, &notSpace)
		if j >= len(doc) {
			return j, tagEOF
		}
		if doc[j] == '>' {
			return j + 1, tagDone
		}
		if doc[j] == '=' {
			return j, tagGiveUp
		}
		ks := j
		j = skipUntil(doc, j, &endsKey)
		key := doc[ks:j]
		j = skipUntil(doc, j, &notSpace)
		if j >= len(doc) {
			return j, tagEOF
		}
		var val []byte
		switch doc[j] {
		case '/':
			j++
		case '=':
			j = skipUntil(doc, j+1, &notSpace)
			if j >= len(doc) {
				return j, tagEOF
			}
			switch q := doc[j]; q {
			case '>':
				val = doc[j:j]
			case '"', '\'':
				end := indexFrom(doc, j+1, q)
				if end < 0 {
					return len(doc), tagEOF
				}
				val = doc[j+1 : end]
				j = end + 1
			default:
				vs := j
				j = skipUntil(doc, j, &endsValue)
				if j >= len(doc) {
					return j, tagEOF
				}
				val = doc[vs:j]
			}
			if !plainRefs(val) {
				return j, tagGiveUp
			}
		}
		if len(key) > 0 && !s.hasKey(key) {
			s.attrs = append(s.attrs, attr{key: key, val: val})
		}
	}
}

// hasKey reports whether s.attrs has an attribute named key, in any case.
func (s *scanner) hasKey(key []byte) bool {
	for _, a := range s.attrs {
		if foldsTo(key, a.key) {
			return true
		}
	}
	return false
}

// foldsTo reports whether b and s are the same but for the case of ASCII
// letters.
func foldsTo[S ~string | ~[]byte](b []byte, s S) bool {
	if len(b) != len(s) {
		return false
	}
	for i, c := range b {
		if lowerASCII(c) != lowerASCII(s[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// plainRefs reports whether the character references of an attribute
// value, if any, are those html/template and goldmark write: numeric, or
// one of a few names, each with its ";". html.UnescapeString reads those
// as the tokenizer does; it reads some others otherwise (in an attribute
// the tokenizer leaves "&copy=1" and "&not0;" as they are).
func plainRefs(val []byte) bool {
	for i := bytes.IndexByte(val, '&'); i >= 0; {
		rest := val[i+1:]
		if hasRef(rest) {
			semi := bytes.IndexByte(rest, ';')
			if semi < 0 || !numericRef(rest[:semi]) && !slices.Contains(plainNames, string(rest[:semi])) {
				return false
			}
		}
		next := bytes.IndexByte(rest, '&')
		if next < 0 {
			return true
		}
		i += 1 + next
	}
	return true
}

// plainNames are the named references plainRefs takes.
var plainNames = []string{"amp", "lt", "gt", "quot", "apos", "nbsp"}

// hasRef reports whether text after a "&" may start a reference: a
// letter, or "#".
func hasRef(rest []byte) bool { return len(rest) > 0 && (isLetter(rest[0]) || rest[0] == '#') }

// numericRef reports whether ref (between "&" and ";") is "#" and decimal
// digits or "#x" and hex digits.
func numericRef(ref []byte) bool {
	digits := func(b []byte, hex bool) bool {
		for _, c := range b {
			if !('0' <= c && c <= '9' || hex && ('a' <= c|0x20 && c|0x20 <= 'f')) {
				return false
			}
		}
		return len(b) > 0
	}
	switch {
	case len(ref) > 1 && ref[0] == '#' && (ref[1] == 'x' || ref[1] == 'X'):
		return digits(ref[2:], true)
	case len(ref) > 0 && ref[0] == '#':
		return digits(ref[1:], false)
	}
	return false
}

func isAlnum(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' }

// skipComment returns the index after the end of a comment whose text
// starts at i (after "<!--"), or len(doc): the first ">" after two
// dashes, "--!>", or a ">" that starts the text ("<!-->", "<!--->").
func skipComment(doc []byte, i int) int {
	dashes, beginning := 0, true
	for ; i < len(doc); i++ {
		switch doc[i] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i + 1
			}
		case '!':
			if dashes >= 2 && i+1 < len(doc) {
				switch doc[i+1] {
				case '>':
					return i + 2
				case '-':
					i++
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return len(doc)
}

// rawText returns the name of the element named name (lowercased) when
// its content is text to the tokenizer, else "".
func rawText(name []byte) string {
	switch string(name) {
	case "script", "style", "textarea", "title", "iframe", "noembed", "noframes", "noscript", "xmp", "plaintext":
		return string(name)
	}
	return ""
}

// rawTextEnd returns the index of the "</name" that ends raw text
// starting at i (followed by a space, "/" or ">"), or len(doc).
func rawTextEnd(doc []byte, i int, name string) int {
	for {
		lt := bytes.Index(doc[i:], []byte("</"))
		if lt < 0 {
			return len(doc)
		}
		at := i + lt
		j := at + 2 + len(name)
		if j < len(doc) && foldsTo(doc[at+2:j], name) && bytes.IndexByte([]byte(spaces+"/>"), doc[j]) >= 0 {
			return at
		}
		i = at + 2
	}
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
		if foldsTo(b, k) {
			return k
		}
	}
	return string(lowerInto(nil, b))
}

var commonKeys = []string{"href", "id", "class", "src", "name", "action", "rel", "type", "aria-label", "hidden", "data-anchor"}

// appendValue appends the value of a to dst with its character references
// replaced, as a browser reads it.
func (a attr) appendValue(dst []byte) []byte {
	if a.decoded || bytes.IndexByte(a.val, '&') < 0 {
		return append(dst, a.val...)
	}
	return append(dst, html.UnescapeString(string(a.val))...)
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
