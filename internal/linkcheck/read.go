package linkcheck

import (
	"bytes"
	"slices"
	"sync"

	"golang.org/x/net/html"
)

// attrKind names the attributes the checker reads.
type attrKind uint8

const (
	attrOther attrKind = iota
	// attrNone is no attribute's kind: the link attribute of an element
	// without one.
	attrNone
	attrID
	attrName
	attrHref
	attrSrc
	attrAction
)

// keyKind returns the kind of the attribute named key as written, in
// any case of its ASCII letters (as the tokenizer lowercases names).
func keyKind(key []byte) attrKind {
	switch len(key) {
	case 2:
		if foldsTo(key, "id") {
			return attrID
		}
	case 3:
		if foldsTo(key, "src") {
			return attrSrc
		}
	case 4:
		switch {
		case foldsTo(key, "href"):
			return attrHref
		case foldsTo(key, "name"):
			return attrName
		}
	case 6:
		if foldsTo(key, "action") {
			return attrAction
		}
	}
	return attrOther
}

// linkAttr returns the attribute that holds the link of the element with
// the lowercased name, or attrNone.
func linkAttr(name []byte) attrKind {
	switch string(name) {
	case "a", "area", "link":
		return attrHref
	case "img", "script", "iframe", "source", "video", "audio", "track", "embed":
		return attrSrc
	case "form":
		return attrAction
	}
	return attrNone
}

// reader reads the ids and links of a page. Its buffers are reused from
// one page to the next through readers.
type reader struct {
	scan   scanner
	idText []byte              // the values of the ids, one after the other
	idOcc  []idOcc             // each id met, in order
	links  [][]byte            // each link met, in order, unescaped
	vals   []string            // scratch for ids
	seen   map[string]struct{} // scratch for Read: the links kept
}

// idOcc is an id met on a page: it ends at end in reader.idText, and was
// written as an id attribute (not as the name of an <a>).
type idOcc struct {
	end  int
	isID bool
}

var readers = sync.Pool{New: func() any { return new(reader) }}

// read reads the ids and links of doc: with the scanner, or where it
// gives up, with the x/net/html tokenizer.
func (r *reader) read(doc []byte) {
	r.idText, r.idOcc, r.links = r.idText[:0], r.idOcc[:0], r.links[:0]
	if !r.scan.scan(doc, r.tag) {
		r.release()
		r.idText, r.idOcc = r.idText[:0], r.idOcc[:0]
		readTokens(doc, r.tag)
	}
}

// release drops what r holds of the page it read, keeping its buffers.
func (r *reader) release() {
	clear(r.links)
	clear(r.vals)
	clear(r.seen)
	r.links, r.vals = r.links[:0], r.vals[:0]
}

// tag records the ids and the links of one start tag: every id, the name
// of an <a>, and the link attribute of the element.
func (r *reader) tag(name []byte, attrs []attr) {
	want := linkAttr(name)
	isA := len(name) == 1 && name[0] == 'a'
	for _, a := range attrs {
		switch k := keyKind(a.key); {
		case k == attrID || k == attrName && isA:
			r.idText = a.appendValue(r.idText)
			r.idOcc = append(r.idOcc, idOcc{end: len(r.idText), isID: k == attrID})
		case k == want:
			l := a.val
			if !a.decoded && bytes.IndexByte(l, '&') >= 0 {
				l = a.appendValue(nil)
			}
			r.links = append(r.links, l)
		}
	}
}

// ids returns the ids of the page read, sorted and each once, and every
// id attribute whose value was met before (as an id or an <a> name), in
// order. The ids share one string.
func (r *reader) ids() (ids, dups []string) {
	if len(r.idOcc) == 0 {
		return nil, nil
	}
	text := string(r.idText)
	r.vals = r.vals[:0]
	start := 0
	for _, o := range r.idOcc {
		r.vals = append(r.vals, text[start:o.end])
		start = o.end
	}
	ids = slices.Clone(r.vals)
	slices.Sort(ids)
	ids = slices.Clip(slices.Compact(ids))
	if len(ids) < len(r.vals) {
		dups = r.dupIDs()
	}
	return ids, dups
}

// dupIDs returns the values of the id attributes met before, in order.
func (r *reader) dupIDs() []string {
	var dups []string
	seen := make(map[string]bool, len(r.vals))
	for i, v := range r.vals {
		if seen[v] && r.idOcc[i].isID {
			dups = append(dups, v)
		}
		seen[v] = true
	}
	return dups
}

// readTokens calls fn for each start tag of doc as the x/net/html
// tokenizer reads it, the content of a <noscript> read again as markup
// (as a browser without scripts reads it, and as scanTags does). The
// attributes' values are decoded.
func readTokens(doc []byte, fn func(name []byte, attrs []attr)) {
	var attrs []attr
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			name = slices.Clone(name)
			attrs = attrs[:0]
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs = append(attrs, attr{key: slices.Clone(k), val: slices.Clone(v), decoded: true})
			}
			fn(name, attrs)
			if string(name) == "noscript" {
				if z.Next() == html.TextToken {
					readTokens(z.Raw(), fn)
				}
			}
		}
	}
}
