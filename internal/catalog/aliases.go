package catalog

import (
	"fmt"
	"strings"

	"errdocs/internal/diag"
)

// AnchorAliases returns the old anchor ids e keeps at its entry: its
// "old-id" and "#old-anchor" aliases.
func (e *Error) AnchorAliases() []string {
	var ids []string
	for _, a := range e.Aliases {
		if !strings.HasPrefix(a, "/") {
			ids = append(ids, strings.TrimPrefix(a, "#"))
		}
	}
	return ids
}

// VariantAnchors returns the old anchors kept at variant v of e: its own
// aliases, and its anchors under e's old ids.
func (e *Error) VariantAnchors(v Variant) []string {
	var ids []string
	for _, a := range v.Aliases {
		ids = append(ids, Anchor(e.ID, a))
	}
	for _, old := range e.OldIDs() {
		ids = append(ids, Anchor(old, v.ID))
	}
	return ids
}

// PlatformAnchors returns the old anchors kept at e's note for a
// platform: its anchors under e's old ids.
func (e *Error) PlatformAnchors(platform string) []string {
	var ids []string
	for _, old := range e.OldIDs() {
		ids = append(ids, Anchor(old, platform))
	}
	return ids
}

// OldIDs returns e's "old-id" aliases: the ids whose URLs redirect to it.
func (e *Error) OldIDs() []string {
	var ids []string
	for _, a := range e.Aliases {
		if !strings.HasPrefix(a, "/") && !strings.HasPrefix(a, "#") {
			ids = append(ids, a)
		}
	}
	return ids
}

// checkAliases reports anchor aliases that are no valid id and aliases
// that name the error itself. Two aliases keeping one anchor are reported
// by checkAnchors; the URLs aliases claim are checked with the redirects.
func (c *Catalog) checkAliases(problems *diag.List) {
	for _, e := range c.Errors {
		for i, a := range e.Aliases {
			pos := at(e.AliasesPos, i, e.Pos)
			id := strings.TrimPrefix(a, "#")
			// The form of an alias and the URLs it claims are checked with
			// the redirects (package publish); here only what anchors need.
			switch {
			case strings.HasPrefix(a, "/"):
			case !idPattern.MatchString(id):
				problems.Addf(pos, "error alias %q: want an old id ([a-z0-9-]+), a URL path starting with / or an anchor starting with #", a)
			case id == e.ID:
				problems.Addf(pos, "alias %q is the error's own id", a)
			}
		}
		for _, v := range e.Variants {
			for i, a := range v.Aliases {
				if !idPattern.MatchString(a) {
					problems.Addf(at(v.AliasesPos, i, v.Pos), "variant alias %q: an old variant id uses lowercase letters, digits and single hyphens ([a-z0-9-]+)", a)
				}
			}
		}
	}
}

// validAlias reports whether checkAliases finds nothing wrong with an
// anchor alias (not an URL) of e.
func (c *Catalog) validAlias(e *Error, a string) bool {
	id := strings.TrimPrefix(a, "#")
	return !strings.HasPrefix(a, "/") && idPattern.MatchString(id) && id != e.ID &&
		(strings.HasPrefix(a, "#") || c.Error(a) == nil)
}

func at(ps []diag.Pos, i int, def diag.Pos) diag.Pos {
	if i < len(ps) {
		return ps[i]
	}
	return def
}

// checkAnchors reports two entries that would give the same anchor on
// /errors/, where every error, variant, platform note, common cause and
// anchor alias has one: "400-tmus" is both error 400's note for platform
// tmus and the entry of an error with id "400-tmus".
func (c *Catalog) checkAnchors(problems *diag.List) {
	// The owner of each anchor is described only when another claims it:
	// a site has tens of thousands of anchors and hardly ever a clash.
	seen := make(map[string]anchorOwner, len(c.Causes)+len(c.Errors)*(len(c.Platforms)+2))
	add := func(id string, pos diag.Pos, format string, args ...string) {
		if prev, dup := seen[id]; dup {
			problems.Addf(pos, "%s has the anchor #%s on /errors/, as has %s at %s", describe(format, args), id, prev.what(), prev.pos)
			return
		}
		o := anchorOwner{pos: pos, format: format, n: len(args)}
		copy(o.args[:], args)
		seen[id] = o
	}
	for _, x := range c.Causes {
		if c.causeByID[x.ID] != x {
			continue // a duplicate id, reported by index
		}
		add("cause-"+x.ID, x.IDPos, "cause %q", x.ID)
	}
	var errs []*Error
	for _, e := range c.Errors {
		if c.errorByID[e.ID] == e {
			errs = append(errs, e)
			add(e.ID, e.IDPos, "error %q", e.ID)
		}
	}
	for _, e := range errs {
		// Platform ids are shared by all errors: a clash is reported at the
		// variant or alias, which is the error's own to rename.
		for _, p := range c.Platforms {
			if c.platformByID[p.ID] != p {
				continue
			}
			noted := false
			for _, n := range e.Platforms {
				if n.Platform == p.ID {
					add(Anchor(e.ID, p.ID), n.Pos, "the note of error %q for platform %q", e.ID, p.ID)
					noted = true
					break
				}
			}
			if !noted {
				add(Anchor(e.ID, p.ID), p.IDPos, "platform %q (in every error entry)", p.ID)
			}
			for i, a := range e.Aliases {
				if c.validAlias(e, a) && !strings.HasPrefix(a, "#") {
					add(Anchor(a, p.ID), at(e.AliasesPos, i, e.Pos), "alias %q of error %q, for platform %q", a, e.ID, p.ID)
				}
			}
		}
		variants := map[string]bool{}
		for _, v := range e.Variants {
			if variants[v.ID] {
				problems.Addf(v.IDPos, "duplicate variant id %q in error %q", v.ID, e.ID)
				continue
			}
			variants[v.ID] = true
			add(Anchor(e.ID, v.ID), v.IDPos, "variant %q of error %q", v.ID, e.ID)
			for i, a := range v.Aliases {
				add(Anchor(e.ID, a), at(v.AliasesPos, i, v.Pos), "alias %q of variant %q", a, v.ID)
			}
			for i, a := range e.Aliases {
				if c.validAlias(e, a) && !strings.HasPrefix(a, "#") {
					add(Anchor(a, v.ID), at(e.AliasesPos, i, e.Pos), "alias %q of error %q, for variant %q", a, e.ID, v.ID)
				}
			}
		}
		for i, a := range e.Aliases {
			if c.validAlias(e, a) {
				add(strings.TrimPrefix(a, "#"), at(e.AliasesPos, i, e.Pos), "alias %q of error %q", a, e.ID)
			}
		}
	}
}

// anchorOwner is what gave an anchor on /errors/, kept as a format and its
// arguments (at most three, each quoted with %q) until a clash needs it.
type anchorOwner struct {
	pos    diag.Pos
	format string
	args   [3]string
	n      int
}

func (o anchorOwner) what() string { return describe(o.format, o.args[:o.n]) }

// describe formats an anchor's owner.
func describe(format string, args []string) string {
	a := make([]any, len(args))
	for i, s := range args {
		a[i] = s
	}
	return fmt.Sprintf(format, a...)
}

// Anchor joins an error id and a variant or platform id into the anchor of
// that variant or platform note: "401-tmus".
func Anchor(errorID, sub string) string { return errorID + "-" + sub }
