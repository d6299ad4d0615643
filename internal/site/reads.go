package site

import (
	"maps"
	"reflect"
	"slices"

	"errdocs/internal/catalog"
)

// A Key names a part of the model that an output can read: a page's own
// content, what other pages show of a page, one error or the list of all
// errors, and so on. An output records the keys it read while it was made
// (Reads); Changes lists the keys whose value differs between two models;
// an output whose reads include none of them is the same in both.
type Key struct {
	Kind KeyKind
	ID   string // a page URL, an entry id; "" for a kind with one value
}

// KeyKind says what a Key names.
type KeyKind uint8

// The kinds of key, with what their value is.
const (
	// KeyPage: everything about the page at URL ID, its source included:
	// what the page itself reads of itself.
	KeyPage KeyKind = iota + 1
	// KeyMenu: what other pages show of the page at URL ID (title,
	// description, weight, kind, layout, whether it is listed), and
	// whether it exists.
	KeyMenu
	// KeyParent: the URL of the parent of the page at URL ID.
	KeyParent
	// KeyChildren: the URLs of the children of the page at URL ID, in order.
	KeyChildren
	// KeyPages: the URLs of every page, in order.
	KeyPages
	// KeyError, KeyPlatform, KeyCause, KeyRemedy, KeyTerm: the entry with
	// id ID, or that there is none.
	KeyError
	KeyPlatform
	KeyCause
	KeyRemedy
	KeyTerm
	// KeyErrors, KeyPlatforms, KeyCauses, KeyRemedies, KeyTerms: every
	// entry of the kind, in order.
	KeyErrors
	KeyPlatforms
	KeyCauses
	KeyRemedies
	KeyTerms
	// KeyTermLinks: the glossary terms that prose links, with their URLs.
	KeyTermLinks
	// KeyByCause, KeyByRemedy: the ids of the errors with cause or
	// remedy ID, in order; KeyNotesFor: of those with a note for
	// platform ID; KeyRelated: of the errors related to error ID.
	KeyByCause
	KeyByRemedy
	KeyNotesFor
	KeyRelated
	// KeyPublished: the anchors anchors.lock records.
	KeyPublished
	// KeyCompact: whether the Errors page is a compact index.
	KeyCompact
)

// Reads is what one output read of the model: keys, and the reads of the
// parts it took from elsewhere (a fragment rendered once for many pages).
// It is not safe for concurrent use; a finished Reads may be shared.
type Reads struct {
	keys  map[Key]struct{}
	parts []*Reads
}

// Add records that k was read. A nil *Reads records nothing.
func (r *Reads) Add(k Key) {
	if r == nil {
		return
	}
	if r.keys == nil {
		r.keys = map[Key]struct{}{}
	}
	r.keys[k] = struct{}{}
}

// Include records that the output includes a part that read what part
// did.
func (r *Reads) Include(part *Reads) {
	if r != nil && part != nil && !slices.Contains(r.parts, part) {
		r.parts = append(r.parts, part)
	}
}

// Any reports whether r, or a part it includes, read a key of changed.
func (r *Reads) Any(changed map[Key]bool) bool {
	if r == nil || len(changed) == 0 {
		return false
	}
	if len(changed) < len(r.keys) {
		for k := range changed {
			if _, ok := r.keys[k]; ok {
				return true
			}
		}
	} else {
		for k := range r.keys {
			if changed[k] {
				return true
			}
		}
	}
	for _, p := range r.parts {
		if p.Any(changed) {
			return true
		}
	}
	return false
}

// Has reports whether r, or a part it includes, read k.
func (r *Reads) Has(k Key) bool { return r.Any(map[Key]bool{k: true}) }

// Changes returns the keys whose value differs between the models old and
// cur. Entries and pages that are the same pointer in both are the same;
// others are compared by value.
func Changes(old, cur *Site) map[Key]bool {
	ch := map[Key]bool{}
	add := func(k Key) { ch[k] = true }
	diffPages(old, cur, add)
	oc, cc := old.Catalog, cur.Catalog
	diffEntries(oc.Errors, cc.Errors, func(e *catalog.Error) string { return e.ID }, KeyError, KeyErrors, add)
	diffEntries(oc.Platforms, cc.Platforms, func(p *catalog.Platform) string { return p.ID }, KeyPlatform, KeyPlatforms, add)
	diffEntries(oc.Causes, cc.Causes, func(c *catalog.Cause) string { return c.ID }, KeyCause, KeyCauses, add)
	diffEntries(oc.Remedies, cc.Remedies, func(r *catalog.Remedy) string { return r.ID }, KeyRemedy, KeyRemedies, add)
	diffEntries(oc.Terms, cc.Terms, func(t *catalog.Term) string { return t.ID }, KeyTerm, KeyTerms, add)
	if !slices.Equal(termLinks(oc), termLinks(cc)) {
		add(Key{Kind: KeyTermLinks})
	}
	// The indexes are made of the errors alone: when those are the same,
	// so are they (at 5,000 errors, comparing them is most of the work).
	if ch[Key{Kind: KeyErrors}] {
		diffIndex(old.errorsByCause, cur.errorsByCause, KeyByCause, add)
		diffIndex(old.errorsByRemedy, cur.errorsByRemedy, KeyByRemedy, add)
		diffIndex(noteIndex(old.notes), noteIndex(cur.notes), KeyNotesFor, add)
		diffIndex(relatedIndex(old), relatedIndex(cur), KeyRelated, add)
	}
	if old.Compact != cur.Compact {
		add(Key{Kind: KeyCompact})
	}
	if !old.samePublished(cur) {
		add(Key{Kind: KeyPublished})
	}
	return ch
}

// termLinks returns what prose links of the glossary: each term's name
// and id.
func termLinks(c *catalog.Catalog) [][2]string {
	terms := make([][2]string, len(c.Terms))
	for i, t := range c.Terms {
		terms[i] = [2]string{t.Term, t.ID}
	}
	return terms
}

// diffPages adds the page keys that differ.
func diffPages(old, cur *Site, add func(Key)) {
	urls := func(s *Site) []string {
		u := make([]string, len(s.Pages))
		for i, p := range s.Pages {
			u[i] = p.URL
		}
		return u
	}
	if !slices.Equal(urls(old), urls(cur)) {
		add(Key{Kind: KeyPages})
	}
	seen := map[string]bool{}
	for _, s := range []*Site{old, cur} {
		for _, p := range s.Pages {
			if seen[p.URL] {
				continue
			}
			seen[p.URL] = true
			op, cp := old.byURL[p.URL], cur.byURL[p.URL]
			if op == nil || cp == nil {
				for _, k := range []KeyKind{KeyPage, KeyMenu, KeyParent, KeyChildren} {
					add(Key{Kind: k, ID: p.URL})
				}
				continue
			}
			if op.own() != cp.own() || !slices.Equal(op.Aliases, cp.Aliases) {
				add(Key{Kind: KeyPage, ID: p.URL})
			}
			if op.menu() != cp.menu() {
				add(Key{Kind: KeyMenu, ID: p.URL})
			}
			if urlOf(op.Parent) != urlOf(cp.Parent) {
				add(Key{Kind: KeyParent, ID: p.URL})
			}
			if !slices.EqualFunc(op.Children, cp.Children, func(a, b *Page) bool { return a.URL == b.URL }) {
				add(Key{Kind: KeyChildren, ID: p.URL})
			}
		}
	}
}

// menuEntry is what other pages show of a page.
type menuEntry struct {
	Title, Description, Layout string
	Kind                       Kind
	Weight                     int
	InMenus, Compact           bool
}

func (p *Page) menu() menuEntry {
	return menuEntry{Title: p.Title, Description: p.Description, Layout: p.Layout, Kind: p.Kind,
		Weight: p.Weight, InMenus: p.InMenus(), Compact: p.Compact}
}

// ownFields is everything about a page but its aliases and links to other
// pages: its source, by identity (an unchanged file keeps its parsed page),
// and the entry it shows, by id (the entry has keys of its own).
type ownFields struct {
	menu            menuEntry
	File            string
	Source          any
	Error, Platform string
	Generated       bool
}

func (p *Page) own() ownFields {
	f := ownFields{menu: p.menu(), File: p.File, Generated: p.Generated()}
	if p.Source != nil {
		f.Source = p.Source
	}
	if p.Error != nil {
		f.Error = p.Error.ID
	}
	if p.Platform != nil {
		f.Platform = p.Platform.ID
	}
	return f
}

func urlOf(p *Page) string {
	if p == nil {
		return ""
	}
	return p.URL
}

// diffEntries adds the key of each entry that differs (one key for each
// id either list has) and the list's key when any does or the order does.
func diffEntries[T any](old, cur []*T, id func(*T) string, one, all KeyKind, add func(Key)) {
	changed := len(old) != len(cur)
	byID := make(map[string]*T, len(old))
	for i, e := range old {
		byID[id(e)] = e
		if !changed && id(cur[i]) != id(e) {
			changed = true
		}
	}
	for _, e := range cur {
		k := id(e)
		o, ok := byID[k]
		delete(byID, k)
		if ok && (o == e || reflect.DeepEqual(o, e)) {
			continue
		}
		changed = true
		add(Key{Kind: one, ID: k})
	}
	for k := range byID {
		changed = true
		add(Key{Kind: one, ID: k})
	}
	if changed {
		add(Key{Kind: all})
	}
}

// diffIndex adds the key of each id whose list of error ids differs.
func diffIndex(old, cur map[string][]*catalog.Error, kind KeyKind, add func(Key)) {
	ids := func(es []*catalog.Error) []string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.ID
		}
		return out
	}
	for k, o := range old {
		if !slices.Equal(ids(o), ids(cur[k])) {
			add(Key{Kind: kind, ID: k})
		}
	}
	for k, c := range cur {
		if _, ok := old[k]; !ok && len(c) > 0 {
			add(Key{Kind: kind, ID: k})
		}
	}
}

func noteIndex(notes map[string][]ErrorNote) map[string][]*catalog.Error {
	m := make(map[string][]*catalog.Error, len(notes))
	for p, ns := range notes {
		for _, n := range ns {
			m[p] = append(m[p], n.Error)
		}
	}
	return m
}

func relatedIndex(s *Site) map[string][]*catalog.Error {
	m := make(map[string][]*catalog.Error, len(s.Catalog.Errors))
	for _, e := range s.Catalog.Errors {
		if r := s.Related(e); len(r) > 0 {
			m[e.ID] = r
		}
	}
	return m
}

// samePublished reports whether the anchors.lock of s and o record the
// same anchors.
func (s *Site) samePublished(o *Site) bool {
	return maps.Equal(s.published, o.published)
}
