package sitegen

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"unicode/utf8"

	"errdocs/internal/diag"
	"errdocs/internal/markdown"
	"errdocs/internal/site"
	"errdocs/internal/yamlx"
)

// termLinks returns the links to a glossary anchor written in src, in
// Markdown "(/glossary/#id)", "[x]: /glossary/#id" or "</glossary/#id>",
// the id a run of ASCII letters, digits and _%.~-: their [start, end, id
// start] offsets, in order.
func termLinks(src []byte) [][3]int {
	const prefix = "/glossary/#"
	var links [][3]int
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(prefix))
		if i < 0 {
			return links
		}
		start := off + i
		id := start + len(prefix)
		end := id
		for end < len(src) && isIDByte(src[end]) {
			end++
		}
		links = append(links, [3]int{start, end, id})
		off = end
	}
}

// isIDByte reports whether c may be in the id of a glossary link.
func isIDByte(c byte) bool {
	return c == '_' || c == '%' || c == '.' || c == '~' || c == '-' ||
		'0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// checkTermLinks reports every link to /glossary/#id, in a page body or a
// data file, whose id is neither a glossary term nor a heading of the
// glossary page, with the nearest known id. The link checker would find
// them too, but only once the site renders; these are reference errors
// like an unknown cause, reported with them.
func checkTermLinks(s *site.Site, md *markdown.Renderer, problems *diag.List) {
	check := termLinkChecker(s, md)
	for _, p := range s.Pages {
		if p.Source != nil {
			check(p.File, p.Source.Body, p.Source.BodyLine, problems)
		}
	}
	files := make([]string, 0, len(s.Catalog.Sources))
	for f := range s.Catalog.Sources {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		check(f, s.Catalog.Sources[f], 1, problems)
	}
}

// termLinkChecker returns the check of checkTermLinks for one text: the
// text of file that starts on line firstLine.
func termLinkChecker(s *site.Site, md *markdown.Renderer) func(file string, src []byte, firstLine int, problems *diag.List) {
	var known []string
	for _, t := range s.Catalog.Terms {
		known = append(known, t.ID)
	}
	if g := s.Page("/glossary/"); g != nil && g.Source != nil {
		if res, err := md.NewDoc().Render(g.Source.Body); err == nil {
			for _, h := range res.Headings {
				known = append(known, h.ID)
			}
		}
	}
	slices.Sort(known)
	return func(file string, src []byte, firstLine int, problems *diag.List) {
		for _, m := range termLinks(src) {
			if m[0] > 0 && isHostByte(src[m[0]-1]) {
				continue // another site's /glossary/
			}
			id, err := url.PathUnescape(string(src[m[2]:m[1]]))
			if err != nil {
				id = string(src[m[2]:m[1]])
			}
			if id == "" {
				continue
			}
			if _, found := slices.BinarySearch(known, id); found {
				continue
			}
			before := src[:m[0]]
			pos := diag.Pos{File: file, Line: firstLine + bytes.Count(before, []byte("\n")),
				Col: utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1}
			msg := fmt.Sprintf("unknown glossary term %q in link %s", id, src[m[0]:m[1]])
			if near := yamlx.Nearest(id, known); near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			}
			problems.Add(pos.Errorf("%s", msg))
		}
	}
}

func isHostByte(c byte) bool {
	return c == '.' || c == '-' || c == ':' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
