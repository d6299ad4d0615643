package diff

import (
	"fmt"
	"io"
	"strings"

	"errdocs/internal/publish"
)

// WriteMarkdown writes the report as Markdown for a pull request: a
// heading naming the two builds (base, head), a line saying whether
// anything published is lost for good, the counts, then a table for each
// kind of change there is.
func (r *Report) WriteMarkdown(w io.Writer, base, head string) error {
	m := &mdWriter{w: w}
	m.printf("## Error reference: %s → %s\n\n", base, head)
	switch n := r.Lost(); {
	case r.Empty():
		m.printf("No change to the published reference: no error added, removed or changed, and every URL and anchor stays.\n")
		return m.err
	case n > 0:
		m.printf("**%s lost for good**: links to %s will break. Keep %s with an alias (a page's or an error's `aliases`, a heading's pinned id `{#old-id}`), and retire an error rather than remove it.\n\n",
			count(n, "URL or anchor is", "URLs or anchors are"), them(n), them(n))
	default:
		m.printf("Nothing published is lost.\n\n")
	}
	var counts []string
	for _, c := range []struct {
		n    int
		what string
	}{
		{len(r.Added), "added"}, {len(r.Removed), "removed"}, {len(r.Renamed), "renamed"},
		{len(r.Deprecated), "deprecated"}, {len(r.Retired), "retired"}, {len(r.Reinstated), "back in service"},
	} {
		if c.n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(counts) > 0 {
		counts[0] = count(len(r.Added)+len(r.Removed)+len(r.Renamed)+len(r.Deprecated)+len(r.Retired)+len(r.Reinstated), "error", "errors") + ": " + counts[0]
		m.printf("- %s\n", strings.Join(counts, ", "))
	}
	if n := len(r.Changed); n > 0 {
		m.printf("- %s\n", count(n, "title, status or type URI changed", "titles, statuses or type URIs changed"))
	}

	m.errors("Added", r.Added)
	m.errors("Removed", r.Removed)
	if len(r.Renamed) > 0 {
		m.section("Renamed", len(r.Renamed), "Before", "After")
		for _, x := range r.Renamed {
			m.row(code(x.From), code(x.To)+" "+cell(r.titles[x.To]))
		}
	}
	m.lifecycle("Deprecated", r.Deprecated, r.titles, func(e publish.ErrorJSON) *publish.LifecycleJSON { return e.Deprecated })
	m.lifecycle("Retired", r.Retired, r.titles, func(e publish.ErrorJSON) *publish.LifecycleJSON { return e.Retired })
	m.errors("Back in service", r.Reinstated)
	if len(r.Changed) > 0 {
		m.section("Changed", len(r.Changed), "Error", "What", "Before", "After")
		for _, c := range r.Changed {
			before, after := cell(c.Before), cell(c.After)
			if c.What == "type URI" {
				before, after = code(c.Before), code(c.After)
			}
			m.row(code(c.ID), c.What, before, after)
		}
	}
	if len(r.Links) > 0 {
		m.section("URLs and anchors", len(r.Links), "Published before", "Now")
		for _, l := range r.Links {
			m.row(l.what(), l.now())
		}
	}
	return m.err
}

// what says which entries l groups.
func (l Link) what() string {
	switch {
	case l.More == 0:
		return code(l.Entry)
	case l.Page:
		return code(l.Entry) + " and " + count(l.More, "anchor", "anchors") + " on it"
	case l.Error != "":
		return code(l.Entry) + " and " + count(l.More, "more anchor", "more anchors") + " of " + code(l.Error)
	}
	return code(l.Entry)
}

// now says what became of l's entries.
func (l Link) now() string {
	switch {
	case l.Kept == keptTombstone:
		return "kept: retired error tombstone"
	case l.Kept != "":
		return "kept by alias " + code(l.Kept)
	case l.Why != "":
		return "**LOST**: " + l.Why
	}
	return "**LOST**"
}

// mdWriter writes Markdown, keeping the first write error.
type mdWriter struct {
	w   io.Writer
	err error
}

func (m *mdWriter) printf(format string, args ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format, args...)
	}
}

// section starts a section of n items with a table of the given columns.
func (m *mdWriter) section(title string, n int, columns ...string) {
	m.printf("\n### %s (%d)\n\n", title, n)
	m.row(columns...)
	m.printf("|%s\n", strings.Repeat(" --- |", len(columns)))
}

func (m *mdWriter) row(cells ...string) {
	m.printf("| %s |\n", strings.Join(cells, " | "))
}

// errors writes a section listing errs, if there are any.
func (m *mdWriter) errors(title string, errs []publish.ErrorJSON) {
	if len(errs) == 0 {
		return
	}
	m.section(title, len(errs), "Error", "Status", "Title")
	for _, e := range errs {
		m.row(code(e.ID), fmt.Sprint(e.Status), cell(e.Title))
	}
}

// lifecycle writes a section of deprecated or retired errors, if there
// are any, with since when, what replaces them and their notes.
func (m *mdWriter) lifecycle(title string, errs []publish.ErrorJSON, titles map[string]string, of func(publish.ErrorJSON) *publish.LifecycleJSON) {
	if len(errs) == 0 {
		return
	}
	m.section(title, len(errs), "Error", "Since", "Replaced by", "Note")
	for _, e := range errs {
		l := of(e)
		by := ""
		if l.ReplacedBy != "" {
			by = code(l.ReplacedBy) + " " + cell(titles[l.ReplacedBy])
		}
		m.row(code(e.ID)+" "+cell(e.Title), cell(l.Since), by, cell(l.Note))
	}
}

// cell makes text fit in a table cell: on one line, its pipes escaped.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// code is s as a Markdown code span.
func code(s string) string {
	s = cell(s)
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// count is "1 thing" or "n things".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// them is "it" or "them", for n things.
func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
