package linkcheck

import (
	"bytes"
	"html"
)

// This file keeps the scanner and the page reading of linkcheck in their
// plain first form, a string for every attribute and a map for every
// page: the oracle for "same ids, same links, same order" on any input
// for the cheaper ones (see FuzzScanTags and FuzzReadPage). The x/net/html
// tokenizer is the oracle for what a browser reads, on the samples and the
// golden pages; these are the oracle for what linkcheck has always read.

// refAttr is an attribute as the reference scanner gives it: name
// lowercased, value unescaped.
type refAttr struct{ key, val string }

// refReadPage returns what AddPage recorded of doc: its ids, the ids met
// again, and each link once, in order.
func refReadPage(doc []byte) (ids map[string]bool, dupIDs, links []string) {
	linkAttrs := map[string]string{
		"a": "href", "area": "href", "link": "href",
		"img": "src", "script": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src", "track": "src", "embed": "src",
		"form": "action",
	}
	ids = map[string]bool{}
	seenLink := map[string]bool{}
	refScanTags(doc, func(name []byte, attrs []refAttr) {
		want := linkAttrs[string(name)]
		isA := string(name) == "a"
		for _, a := range attrs {
			switch {
			case a.key == "id" || a.key == "name" && isA:
				if ids[a.val] && a.key == "id" {
					dupIDs = append(dupIDs, a.val)
				}
				ids[a.val] = true
			case a.key == want:
				if !seenLink[a.val] {
					seenLink[a.val] = true
					links = append(links, a.val)
				}
			}
		}
	})
	return ids, dupIDs, links
}

// refScanTags is scanTags as it was: it calls fn for each start tag with
// its lowercased name and attributes.
func refScanTags(doc []byte, fn func(name []byte, attrs []refAttr)) {
	var attrs []refAttr
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
			i = refSkipPast(doc, i, '>')
			continue
		case c == '/' || c == '?':
			i = refSkipPast(doc, i, '>')
			continue
		case !refIsLetter(c):
			continue
		}
		start := i
		for i < len(doc) && !refIsSpace(doc[i]) && doc[i] != '>' && doc[i] != '/' {
			i++
		}
		nameBuf = refLowerInto(nameBuf[:0], doc[start:i])
		attrs = attrs[:0]
		i = refScanAttrs(doc, i, &attrs)
		fn(nameBuf, attrs)
		switch string(nameBuf) {
		case "script", "style", "textarea", "title":
			i = refSkipRawText(doc, i, nameBuf)
		}
	}
}

func refScanAttrs(doc []byte, i int, attrs *[]refAttr) int {
	for i < len(doc) {
		for i < len(doc) && (refIsSpace(doc[i]) || doc[i] == '/') {
			i++
		}
		if i >= len(doc) {
			return i
		}
		if doc[i] == '>' {
			return i + 1
		}
		ks := i
		for i < len(doc) && !refIsSpace(doc[i]) && doc[i] != '=' && doc[i] != '>' && !(doc[i] == '/' && i > ks) {
			i++
		}
		key := refAttrKey(doc[ks:i])
		for i < len(doc) && refIsSpace(doc[i]) {
			i++
		}
		var val []byte
		if i < len(doc) && doc[i] == '=' {
			i++
			for i < len(doc) && refIsSpace(doc[i]) {
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
				for i < len(doc) && !refIsSpace(doc[i]) && doc[i] != '>' {
					i++
				}
				val = doc[vs:i]
			}
		}
		v := string(val)
		if bytes.IndexByte(val, '&') >= 0 {
			v = html.UnescapeString(v)
		}
		*attrs = append(*attrs, refAttr{key, v})
	}
	return i
}

func refAttrKey(b []byte) string {
	for _, k := range []string{"href", "id", "class", "src", "name", "action", "rel", "type", "aria-label", "hidden", "data-anchor"} {
		if bytes.EqualFold(b, []byte(k)) {
			return k
		}
	}
	return string(bytes.ToLower(b))
}

func refSkipRawText(doc []byte, i int, name []byte) int {
	for {
		lt := bytes.Index(doc[i:], []byte("</"))
		if lt < 0 {
			return len(doc)
		}
		i += lt + 2
		if i+len(name) <= len(doc) && bytes.EqualFold(doc[i:i+len(name)], name) {
			return refSkipPast(doc, i, '>')
		}
	}
}

func refSkipPast(doc []byte, i int, c byte) int {
	if j := bytes.IndexByte(doc[i:], c); j >= 0 {
		return i + j + 1
	}
	return len(doc)
}

func refLowerInto(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func refIsLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func refIsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
