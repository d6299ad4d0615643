// Package page reads one Markdown page: YAML front matter between "---"
// lines, then the Markdown body.
//
// # Front matter
//
//	---
//	title: Errors          # required
//	weight: 17             # orders navigation, lower first; ties by title
//	description: ...       # for search results, <meta name="description">
//	layout: errors         # template name; default "page" (or "section"
//	                       # for an _index.md, "home" for the home page)
//	aliases: [/old/url/]   # old URLs that must redirect here; no other page
//	                       # may have that URL or alias
//	draft: true            # left out unless --drafts
//	entries: compact       # the Errors page only: "full" shows every error in
//	                       # full, "compact" one short row per error (full
//	                       # entries on /errors/<id>/); by default full up to
//	                       # 100 errors, compact past that (see package site)
//	---
//
// Unknown keys are an error, not silently ignored, so a misspelt "wieght"
// never goes unnoticed. The front matter must start on the first line; a
// file without it is an error too, since every page needs a title.
//
// # URLs
//
// content/_index.md is "/", content/<dir>/_index.md is "/<dir>/" and
// content/<path>.md is "/<path>/".
//
// # Keeping links working
//
// Published URLs and anchors are recorded in the site's anchors.lock, and a
// build fails when one disappears. A moved page keeps its old URL with
// aliases. A heading's anchor comes from its text; a retitled heading keeps
// its old anchor by pinning it: "## New title {#old-title}".
package page

import (
	"bytes"
	"path"
	"strings"

	"errdocs/internal/diag"
	"errdocs/internal/yamlx"
)

// FrontMatter is the YAML header of a page.
type FrontMatter struct {
	Title       string   `yaml:"title,required"`
	Weight      int      `yaml:"weight"`
	Description string   `yaml:"description"`
	Layout      string   `yaml:"layout"`
	LayoutPos   diag.Pos `yaml:"-"`
	Aliases     []string `yaml:"aliases"`
	Draft       bool     `yaml:"draft"`
	Entries     string   `yaml:"entries"`
	Pos         diag.Pos `yaml:"-"`
	// EntriesPos is the position of the entries value.
	EntriesPos diag.Pos `yaml:"-"`
	// AliasesPos holds the position of each alias.
	AliasesPos []diag.Pos `yaml:"-"`
}

// The values of the entries key.
const (
	EntriesFull    = "full"
	EntriesCompact = "compact"
)

// Page is one Markdown source file.
type Page struct {
	File string // path below the site root, e.g. "content/errors/_index.md"
	FrontMatter
	Body     []byte // the Markdown after the front matter
	BodyLine int    // line of the file on which Body starts
}

// URL returns the page's URL path, derived from its file name.
func (p *Page) URL() string { return URLOf(p.File) }

// IsSection reports whether p is an _index.md page.
func (p *Page) IsSection() bool { return path.Base(p.File) == "_index.md" }

// URLOf maps a content file to its URL path.
func URLOf(file string) string {
	rel := strings.TrimPrefix(file, "content/")
	rel = strings.TrimSuffix(rel, ".md")
	rel = strings.TrimSuffix(rel, "_index")
	rel = strings.TrimSuffix(rel, "/")
	if rel == "" {
		return "/"
	}
	return "/" + rel + "/"
}

// Parse splits src into front matter and body and decodes the front matter.
// It records every problem in problems and returns nil if there was any.
func Parse(file string, src []byte, problems *diag.List) *Page {
	if !diag.CheckUTF8(problems, file, src, 1) {
		return nil // it would reach the HTML as it is
	}
	fm, body, bodyLine, ok := Split(src)
	if !ok {
		problems.Add(diag.Problem{File: file, Line: 1, Col: 1,
			Msg: `missing front matter: a page starts with a "---" line, its YAML header (at least "title:") and a closing "---" line`})
		return nil
	}
	if fm == nil {
		problems.Add(diag.Problem{File: file, Line: 1, Col: 1,
			Msg: `unterminated front matter: no closing "---" line`})
		return nil
	}
	p := &Page{File: file, Body: body, BodyLine: bodyLine}
	d := &yamlx.Decoder{File: file, LineOffset: 1, Problems: problems}
	before := len(*problems)
	if len(bytes.TrimSpace(fm)) == 0 {
		problems.Add(diag.Problem{File: file, Line: 1, Col: 1, Msg: `empty front matter: a page needs at least "title:"`})
		return nil
	}
	if !d.DecodeFile(fm, &p.FrontMatter) || len(*problems) > before {
		return nil
	}
	switch p.Entries {
	case "", EntriesFull, EntriesCompact:
	default:
		problems.Addf(p.EntriesPos, "entries %q: want %q or %q", p.Entries, EntriesFull, EntriesCompact)
		return nil
	}
	return p
}

// Split cuts src into the front matter (without its "---" lines), the body
// and the 1-based line on which the body starts. ok is false when src does
// not start with a "---" line; fm is nil when the closing line is missing.
func Split(src []byte) (fm, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, found := cutLine(src)
	if strings.TrimRight(string(first), " \t") != "---" {
		return nil, src, 1, false
	}
	if !found {
		return nil, nil, 0, true
	}
	line := 2
	start := rest
	for len(rest) > 0 {
		l, next, _ := cutLine(rest)
		if t := strings.TrimRight(string(l), " \t"); t == "---" || t == "..." {
			fm = start[:len(start)-len(rest)]
			if fm == nil {
				fm = []byte{}
			}
			return fm, next, line + 1, true
		}
		rest = next
		line++
	}
	return nil, nil, 0, true
}

// cutLine returns the first line of b without its "\n" (or "\r\n").
func cutLine(b []byte) (line, rest []byte, found bool) {
	line, rest, found = bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest, found
}
