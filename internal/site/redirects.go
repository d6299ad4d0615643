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
}

// Redirects returns every alias of a page or an error that claims a URL,
// sorted by From: a page's aliases are old URL paths ("/kb/old/"); an
// error's are old URL paths or old ids ("old-id": /errors/old-id/).
// "#anchor" aliases are anchors kept on the page, not redirects. From is
// the path as written; package publish refuses one that is no clean URL
// path or that Netlify would never apply.
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
			from := a
			switch {
			case strings.HasPrefix(a, "#"):
				continue
			case p.Kind == KindError && !strings.HasPrefix(a, "/"):
				from = ErrorURL(a)
			}
			pos := diag.Pos{File: p.File}
			if i < len(ps) {
				pos = ps[i]
			}
			rs = append(rs, Redirect{From: from, To: p.URL, Pos: pos})
		}
	}
	slices.SortStableFunc(rs, func(a, b Redirect) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line))
	})
	return rs
}
