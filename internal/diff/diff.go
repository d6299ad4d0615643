// Package diff says what a change does to a published error reference:
// it compares two builds of a site (the base, such as the merge base with
// main, and the head, the change) and reports, for a pull request,
//
//   - the errors added, removed, renamed (an error whose aliases hold the
//     old id), deprecated, retired and back in service;
//   - the titles, statuses and problem type URIs changed;
//   - every URL and anchor the base publishes (what anchors.lock records,
//     and the old URLs its aliases redirect) that the head no longer
//     does, with what keeps it: an alias whose redirect leads to a page
//     that has the anchor, or nothing: it is lost for good. The URLs and
//     anchors of a newly retired error are listed too, kept by its
//     tombstone, so a reviewer sees where their links now land.
//
// Compare works on what the builds published (errors.json, the published
// entries, the redirects), not on the data files: what it reports is what
// readers and API clients see. It does no I/O; the command builds the two
// sites (see main's diff.go).
package diff

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"errdocs/internal/publish"
	"errdocs/internal/site"
	"errdocs/internal/sitegen"
)

// Build is what Compare needs of one build of a site.
type Build struct {
	// Errors are the errors of errors.json, in its order.
	Errors []publish.ErrorJSON
	// Published holds every page URL and "URL#id" the build publishes
	// (sitegen.Result.Published).
	Published []string
	// Redirects maps each alias path to the page it redirects to.
	Redirects map[string]string
	// OldIDs maps the old id of a renamed error (an "old-id" alias) to
	// the error's id.
	OldIDs map[string]string
	// Owned maps each published anchor entry that belongs to an error
	// but is not on its own page ("/errors/#401-tmus", the platforms'
	// "/platforms/tmus/#401") to the error's id.
	Owned map[string]string
}

// FromResult takes from a built site what Compare needs.
func FromResult(res *sitegen.Result) (Build, error) {
	b := Build{Published: res.Published(), Redirects: map[string]string{}, OldIDs: map[string]string{}, Owned: map[string]string{}}
	raw, ok := res.Tree.Get("errors.json")
	if !ok {
		return b, fmt.Errorf("the build has no errors.json")
	}
	var c publish.Contract
	if err := json.Unmarshal(raw, &c); err != nil {
		return b, fmt.Errorf("errors.json: %v", err)
	}
	b.Errors = c.Errors
	for _, r := range res.Site.Redirects() {
		b.Redirects[r.From] = r.To
	}
	cat := res.Site.Catalog
	for _, e := range cat.Errors {
		for _, old := range e.OldIDs() {
			b.OldIDs[old] = e.ID
		}
		anchors := append([]string{e.ID}, e.AnchorAliases()...)
		for _, v := range e.Variants {
			anchors = append(anchors, site.Anchor(e.ID, v.ID))
			anchors = append(anchors, e.VariantAnchors(v)...)
		}
		for _, p := range cat.Platforms {
			anchors = append(anchors, site.Anchor(e.ID, p.ID))
			anchors = append(anchors, e.PlatformAnchors(p.ID)...)
			b.Owned[site.PlatformURL(p.ID)+"#"+e.ID] = e.ID
		}
		for _, a := range anchors {
			b.Owned[site.ErrorEntry(a)] = e.ID
		}
	}
	return b, nil
}

// Report is what a change does to the published reference.
type Report struct {
	Added, Removed      []publish.ErrorJSON
	Renamed             []Rename
	Deprecated, Retired []publish.ErrorJSON // newly so, as the head has them
	Reinstated          []publish.ErrorJSON // deprecated or retired before, in service now
	Changed             []Change
	Links               []Link // by Entry
	// titles holds the title of every error of the head, by id, for
	// the replacements and renames WriteMarkdown names.
	titles map[string]string
}

// Rename is an error whose id changed, its old id kept as an alias.
type Rename struct {
	From, To string
}

// Change is one published property of an error that changed.
type Change struct {
	ID            string // the error's id in the head
	What          string // "title", "status" or "type URI"
	Before, After string
}

// Link is a URL or anchor the base published, or a group of them, and
// what became of it.
type Link struct {
	Entry string // a URL or "URL#id"
	// More counts the other entries of the group: the anchors of the
	// page Entry (Page set), or the other anchors of the error Error.
	More  int
	Page  bool
	Error string
	// Kept says what keeps the group: an alias ("/old/ -> /new/") or a
	// retired error's tombstone; "" when it is lost for good.
	Kept string
	// Why says more of a lost entry, in Markdown: an anchor whose page
	// is redirected to one without it, an alias dropped.
	Why string
}

// How a group is kept besides an alias.
const (
	keptTombstone = "tombstone"
)

// Lost returns the number of URLs and anchors lost for good.
func (r *Report) Lost() int {
	n := 0
	for _, l := range r.Links {
		if l.Kept == "" {
			n += 1 + l.More
		}
	}
	return n
}

// Empty reports whether the change does nothing to the published
// reference that Report describes.
func (r *Report) Empty() bool {
	return len(r.Added)+len(r.Removed)+len(r.Renamed)+len(r.Deprecated)+len(r.Retired)+
		len(r.Reinstated)+len(r.Changed)+len(r.Links) == 0
}

// Compare says what the change from base to head does.
func Compare(base, head Build) *Report {
	r := &Report{titles: map[string]string{}}
	bErr, hErr := byID(base.Errors), byID(head.Errors)
	for id, e := range hErr {
		r.titles[id] = e.Title
	}
	renamedTo := map[string]string{} // base id -> head id
	for _, e := range base.Errors {
		h, ok := hErr[e.ID]
		if !ok {
			if to, renamed := head.OldIDs[e.ID]; renamed && hErr[to].ID != "" {
				renamedTo[e.ID] = to
				r.Renamed = append(r.Renamed, Rename{From: e.ID, To: to})
				r.changes(e, hErr[to])
				continue
			}
			r.Removed = append(r.Removed, e)
			continue
		}
		r.changes(e, h)
		switch {
		case h.Retired != nil && e.Retired == nil:
			r.Retired = append(r.Retired, h)
		case h.Deprecated != nil && e.Deprecated == nil && e.Retired == nil:
			r.Deprecated = append(r.Deprecated, h)
		case h.Retired == nil && (e.Retired != nil || e.Deprecated != nil && h.Deprecated == nil):
			r.Reinstated = append(r.Reinstated, h)
		}
	}
	renamedFrom := map[string]bool{}
	for _, to := range renamedTo {
		renamedFrom[to] = true
	}
	for _, e := range head.Errors {
		if _, ok := bErr[e.ID]; !ok && !renamedFrom[e.ID] {
			r.Added = append(r.Added, e)
		}
	}
	r.Links = links(base, head, r.Retired)
	return r
}

func byID(errs []publish.ErrorJSON) map[string]publish.ErrorJSON {
	m := make(map[string]publish.ErrorJSON, len(errs))
	for _, e := range errs {
		m[e.ID] = e
	}
	return m
}

// changes adds what changed between the base's error b and the head's h.
func (r *Report) changes(b, h publish.ErrorJSON) {
	add := func(what, before, after string) {
		if before != after {
			r.Changed = append(r.Changed, Change{ID: h.ID, What: what, Before: before, After: after})
		}
	}
	add("title", b.Title, h.Title)
	add("status", fmt.Sprint(b.Status), fmt.Sprint(h.Status))
	add("type URI", b.Type, h.Type)
}

// links returns what became of every entry the base published that the
// head does not, grouped, then of those of the newly retired errors.
func links(base, head Build, retired []publish.ErrorJSON) []Link {
	now := make(map[string]bool, len(head.Published))
	for _, e := range head.Published {
		now[e] = true
	}
	type fate struct{ kept, why string }
	fates := map[string]fate{} // entry -> what became of it
	var gone []string
	for _, e := range base.Published {
		if now[e] {
			continue
		}
		gone = append(gone, e)
		path, anchor, _ := strings.Cut(e, "#")
		to, ok := head.Redirects[path]
		switch {
		case !ok:
			fates[e] = fate{}
		case anchor == "" || now[to+"#"+anchor]:
			fates[e] = fate{kept: path + " -> " + to}
		default:
			fates[e] = fate{why: "redirected to `" + to + "`, which has no `#" + anchor + "`"}
		}
	}
	// Old URLs that redirected and now lead nowhere.
	for _, from := range slices.Sorted(maps.Keys(base.Redirects)) {
		if _, ok := head.Redirects[from]; !ok && !now[from] {
			gone = append(gone, from)
			fates[from] = fate{why: "it was an alias of `" + base.Redirects[from] + "`"}
		}
	}
	var out []Link
	group(gone, base.Owned, func(l Link, members []string) {
		f := fates[l.Entry]
		// A group shares its first entry's fate; the others that do not
		// are listed alone.
		var alone []string
		for _, m := range members {
			if fates[m] != f {
				alone = append(alone, m)
			}
		}
		l.More -= len(alone)
		l.Kept, l.Why = f.kept, f.why
		out = append(out, l)
		for _, m := range alone {
			out = append(out, Link{Entry: m, Kept: fates[m].kept, Why: fates[m].why})
		}
	})
	// What a newly retired error published stays, on its tombstone and
	// as its row on /errors/.
	isRetired := map[string]bool{}
	for _, e := range retired {
		isRetired[e.ID] = true
	}
	var kept []string
	for _, e := range base.Published {
		path, _, _ := strings.Cut(e, "#")
		id := base.Owned[e]
		if id == "" && strings.HasPrefix(path, "/errors/") {
			id = strings.TrimSuffix(strings.TrimPrefix(path, "/errors/"), "/")
		}
		if now[e] && isRetired[id] {
			kept = append(kept, e)
		}
	}
	group(kept, base.Owned, func(l Link, _ []string) {
		l.Kept = keptTombstone
		out = append(out, l)
	})
	// What is lost first, then what an alias keeps, then the tombstones.
	rank := func(l Link) int {
		switch l.Kept {
		case "":
			return 0
		case keptTombstone:
			return 2
		}
		return 1
	}
	slices.SortStableFunc(out, func(a, b Link) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Entry, b.Entry)) })
	return out
}

// group calls f with each group of entries (sorted): a page with those of
// its anchors among entries, then the anchors of one error on another
// page (owned says which), then each entry left alone. f gets the group's
// Link, with More counting the other members, and those members.
func group(entries []string, owned map[string]string, f func(l Link, members []string)) {
	slices.Sort(entries)
	pages := map[string]bool{}
	for _, e := range entries {
		if !strings.Contains(e, "#") {
			pages[e] = true
		}
	}
	byPage := map[string][]string{}
	byError := map[string][]string{}
	var alone []string
	for _, e := range entries {
		path, _, anchor := strings.Cut(e, "#")
		switch {
		case !anchor:
		case pages[path]:
			byPage[path] = append(byPage[path], e)
		case owned[e] != "":
			key := path + "\x00" + owned[e]
			byError[key] = append(byError[key], e)
		default:
			alone = append(alone, e)
		}
	}
	for _, e := range entries {
		if pages[e] {
			f(Link{Entry: e, Page: true, More: len(byPage[e])}, byPage[e])
		}
	}
	for _, key := range slices.Sorted(maps.Keys(byError)) {
		members := byError[key]
		path, id, _ := strings.Cut(key, "\x00")
		// The error's own anchor leads, if it is one of them.
		if i := slices.Index(members, path+"#"+id); i > 0 {
			members[0], members[i] = members[i], members[0]
		}
		f(Link{Entry: members[0], Error: id, More: len(members) - 1}, members[1:])
	}
	for _, e := range alone {
		f(Link{Entry: e}, nil)
	}
}
