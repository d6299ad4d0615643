package site

import (
	"cmp"
	"slices"
	"strings"

	"errdocs/internal/diag"
)

// Redirect is an old URL that answers with a permanent redirect to a page.
type Redirect struct {
	From, To string
	Pos      diag.Pos // where the alias is written
	oldID    bool     // an error's "old-id" alias
}

// Redirects returns every alias of a page or an error as a redirect, sorted
// by From: a page's aliases are old URLs; an error's are old URLs
// ("/old/url/") or old ids ("old-id": /errors/old-id/), while its "#anchor"
// aliases are anchors kept on the page, not redirects.
func (s *Site) Redirects() []Redirect {
	var rs []Redirect
	for _, p := range s.Pages {
		var ps []diag.Pos
		switch {
		case p.Source != nil:
			ps = p.Source.AliasesPos
		case p.Error != nil:
			ps = p.Error.AliasesPos
		}
		for i, a := range p.Aliases {
			from, oldID := a, false
			switch {
			case strings.HasPrefix(a, "/"):
			case p.Kind == KindError && a != "" && !strings.HasPrefix(a, "#"):
				from, oldID = ErrorURL(a), true
			default:
				continue
			}
			pos := diag.Pos{File: p.File}
			if i < len(ps) {
				pos = ps[i]
			}
			rs = append(rs, Redirect{From: from, To: p.URL, Pos: pos, oldID: oldID})
		}
	}
	slices.SortStableFunc(rs, func(a, b Redirect) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line))
	})
	return rs
}
