package linkcheck

import (
	"bytes"
	"slices"
	"sync"
	"unicode/utf8"
)

// attrKind names the attributes the checker reads.
type attrKind uint8

const (
	attrOther attrKind = iota
	// attrEmpty is an attribute without a name, as in `<p ="/x/">`: an
	// element that holds no link reads it as its link (see linkAttr).
	attrEmpty
	attrID
	attrName
	attrHref
	attrSrc
	attrAction
)

// keyKind returns the kind of the attribute named key as written: that
// of its lowercased name (attrKey), read without allocating for a name
// in ASCII.
func keyKind(key []byte) attrKind {
	switch len(key) {
	case 0:
		return attrEmpty
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
	if isASCII(key) {
		return attrOther
	}
	return kindOf(attrKey(key)) // "İD" lowercases to "id"
}

// foldsTo reports whether b is the lowercase ASCII letters of s in any
// case.
func foldsTo(b []byte, s string) bool {
	for i, c := range b {
		if c|0x20 != s[i] {
			return false
		}
	}
	return true
}

// kindOf returns the kind of the attribute with the lowercased name key.
func kindOf(key string) attrKind {
	switch key {
	case "":
		return attrEmpty
	case "id":
		return attrID
	case "name":
		return attrName
	case "href":
		return attrHref
	case "src":
		return attrSrc
	case "action":
		return attrAction
	}
	return attrOther
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// linkAttr returns the attribute that holds the link of the element with
// the lowercased name, or attrEmpty for an element without one: such an
// element reads an attribute without a name as its link, as the checker
// always has.
func linkAttr(name []byte) attrKind {
	switch string(name) {
	case "a", "area", "link":
		return attrHref
	case "img", "script", "iframe", "source", "video", "audio", "track", "embed":
		return attrSrc
	case "form":
		return attrAction
	}
	return attrEmpty
}

// reader reads the ids and links of a page. Its buffers are reused from
// one page to the next through readers.
type reader struct {
	scan   scanner
	idText []byte    // the values of the ids, one after the other
	idOcc  []idOcc   // each id met, in order
	links  [][]byte  // each link met, in order, unescaped
	vals   []string  // scratch for ids
	nums   []linkNum // scratch for Checker.number
}

// idOcc is an id met on a page: it ends at end in reader.idText, and was
// written as an id attribute (not as the name of an <a>).
type idOcc struct {
	end  int
	isID bool
}

var readers = sync.Pool{New: func() any { return new(reader) }}

// read reads the ids and links of doc.
func (r *reader) read(doc []byte) {
	r.idText, r.idOcc, r.links = r.idText[:0], r.idOcc[:0], r.links[:0]
	r.scan.scan(doc, r.tag)
}

// release drops what r holds of the page it read, keeping its buffers.
func (r *reader) release() {
	clear(r.links)
	clear(r.vals)
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
			r.idText = appendValue(r.idText, a.val)
			r.idOcc = append(r.idOcc, idOcc{end: len(r.idText), isID: k == attrID})
		case k == want:
			l := a.val
			if bytes.IndexByte(l, '&') >= 0 {
				l = appendValue(nil, l)
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
