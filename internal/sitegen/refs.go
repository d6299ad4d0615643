package sitegen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"errdocs/internal/diag"
	"errdocs/internal/markdown"
	"errdocs/internal/page"
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
//
// When the glossary could not be read, its problem is reported already
// and no link is checked. When missing names what is not there ("data",
// or "data/glossary.yaml"), the links are reported as one problem of the
// missing file instead of one each: that is what to fix.
func checkTermLinks(s *site.Site, md *markdown.Renderer, missing string, problems *diag.List) {
	if s.Catalog.Unread("term", "") {
		return
	}
	find := unknownTermLinks(s, md)
	var found []termLink
	for _, p := range s.Pages {
		if p.Source != nil {
			found = find(p.File, p.Source.Body, p.Source.BodyLine, found)
		}
	}
	files := make([]string, 0, len(s.Catalog.Sources))
	for f := range s.Catalog.Sources {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, f := range files {
		found = find(f, s.Catalog.Sources[f], 1, found)
	}
	if missing == "" || len(found) == 0 {
		for _, l := range found {
			problems.Add(l.problem())
		}
		return
	}
	first := found[0] // the pages come first, in walk order
	what := "file"
	if missing == "data" {
		what = "folder"
	}
	msg := fmt.Sprintf("no such %s, but the site links to glossary terms: %s links to %s", what, first.pos, first.link)
	if len(found) > 1 {
		msg += fmt.Sprintf(", and %d more", len(found)-1)
	}
	problems.Add(diag.Problem{File: missing, Msg: msg})
}

// missingGlossary names what of the glossary's data is not there: "data"
// when the site has no data folder, "data/glossary.yaml" when it has no
// glossary file, else "".
func missingGlossary(fsys fs.FS) string {
	for _, p := range []string{"data", "data/glossary.yaml"} {
		if _, err := fs.Stat(fsys, p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
	}
	return ""
}

// termLink is a link to an unknown glossary term.
type termLink struct {
	pos      diag.Pos
	id, link string
	near     string // the nearest known id, if any
}

func (l termLink) problem() diag.Problem {
	msg := fmt.Sprintf("unknown glossary term %q in link %s", l.id, l.link)
	if l.near != "" {
		msg += fmt.Sprintf("; did you mean %q?", l.near)
	}
	return l.pos.Errorf("%s", msg)
}

// termLinkChecker returns the check of checkTermLinks for one text: the
// text of file that starts on line firstLine.
func termLinkChecker(s *site.Site, md *markdown.Renderer) func(file string, src []byte, firstLine int, problems *diag.List) {
	find := unknownTermLinks(s, md)
	return func(file string, src []byte, firstLine int, problems *diag.List) {
		for _, l := range find(file, src, firstLine, nil) {
			problems.Add(l.problem())
		}
	}
}

// unknownTermLinks returns a function that appends to links those of a
// text (of file, starting on line firstLine) to an unknown glossary term.
func unknownTermLinks(s *site.Site, md *markdown.Renderer) func(file string, src []byte, firstLine int, links []termLink) []termLink {
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
	return func(file string, src []byte, firstLine int, links []termLink) []termLink {
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
			links = append(links, termLink{pos: diag.At(file, src, m[0], firstLine), id: id,
				link: string(src[m[0]:m[1]]), near: yamlx.Nearest(id, known)})
		}
		return links
	}
}

func isHostByte(c byte) bool {
	return c == '.' || c == '-' || c == ':' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// checkUnsafeLinks reports every link and image, in a page body or a prose
// field of the data, whose URL is not published for its scheme
// (markdown.UnsafeLinks), where it is written. The renderer shows such a
// link as its text, so the link check finds nothing more to say.
func checkUnsafeLinks(s *site.Site, md *markdown.Renderer, problems *diag.List) {
	for _, p := range s.Pages {
		if p.Source != nil {
			checkUnsafeBody(p.Source, md, problems)
		}
	}
	for at, text := range s.Catalog.Prose() {
		for _, l := range md.UnsafeFieldLinks(text) {
			pos := locateAfter(s.Catalog.Sources[at.File], at, text[l.Off:])
			problems.Add(unsafeProblem(pos, l))
		}
	}
}

// checkUnsafeBody is checkUnsafeLinks for one page's body.
func checkUnsafeBody(p *page.Page, md *markdown.Renderer, problems *diag.List) {
	for _, l := range md.UnsafeLinks(p.Body) {
		problems.Add(unsafeProblem(diag.At(p.File, p.Body, l.Off, p.BodyLine), l))
	}
}

func unsafeProblem(pos diag.Pos, l markdown.UnsafeLink) diag.Problem {
	what := "link"
	if l.Image {
		what = "image"
	}
	scheme, _, _ := strings.Cut(l.URL, ":")
	return pos.Errorf("%s %s is not published: a %s: URL can run code in a reader's browser; use a page of the site or an https: URL",
		what, l.URL, strings.ToLower(scheme))
}

// locateAfter returns where text, written in a YAML field, starts in src,
// the file at.File: the first place its first line is found on or after
// at's line; at itself if it is not found as it is (an escaped or folded
// string).
func locateAfter(src []byte, at diag.Pos, text string) diag.Pos {
	needle, _, _ := strings.Cut(text, "\n")
	start := 0
	for line := 1; line < at.Line && start < len(src); line++ {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			break
		}
		start += i + 1
	}
	if i := bytes.Index(src[start:], []byte(needle)); needle != "" && i >= 0 {
		return diag.At(at.File, src, start+i, 1)
	}
	return at
}
