// Package anchorlock keeps published links working: a site's anchors.lock
// records every page URL and anchor the site publishes, and every build
// checks that each one still resolves.
//
// # The lock file
//
// anchors.lock sits at the site root and is committed. It is plain text,
// sorted, one entry a line, so a review shows exactly what a change adds
// or removes:
//
//	# anchors.lock: every URL and anchor this site publishes. ...
//	/errors/
//	/errors/#401
//	/errors/#401-tmus
//	/errors/401/
//
// Lines starting with "#" are comments. An entry is a site path, or a path
// and "#" and an id on that page.
//
// # The check
//
// An entry resolves when the page exists and has the id, or when the path
// is an alias that redirects to a page that has the id. An entry that no
// longer resolves fails the build, naming it and its line in the lock
// file: keep it with an alias (front matter aliases for a moved page; an
// error's aliases for an old id or anchor, a variant's aliases for an old
// variant id, see package catalog; a pinned heading id "{#old-id}" for a
// retitled heading, see package page), or, if dropping it is deliberate,
// rewrite the lock with "errdocs lock". New URLs and anchors are never a
// problem: the next "errdocs lock" records them.
//
// A site without anchors.lock is not checked.
package anchorlock

import (
	"bytes"
	"fmt"
	"strings"

	"errdocs/internal/diag"
)

// File is the lock file's path below the site root.
const File = "anchors.lock"

const header = `# anchors.lock: every URL and anchor this site publishes, one a line.
# A build fails when one of them disappears without an alias; after a
# deliberate change, rewrite this file with "errdocs lock". Commit it.
`

// Format returns the lock file for the given entries (sorted).
func Format(entries []string) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for _, e := range entries {
		b.WriteString(e)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Anchors returns the entries of the lock file src that name an anchor
// ("/errors/#401-tmus"): what a page must keep even where its own content
// no longer gives it (see package site, the compact Errors page).
func Anchors(src []byte) map[string]bool {
	set := map[string]bool{}
	for len(src) > 0 {
		var line []byte
		line, src, _ = bytes.Cut(src, []byte("\n"))
		if e := bytes.TrimSpace(line); len(e) > 0 && e[0] == '/' && bytes.IndexByte(e, '#') > 0 {
			set[string(e)] = true
		}
	}
	return set
}

// Check reports every entry of the lock file src that resolve says is no
// longer published. When a page is gone, its anchors are not reported one
// by one.
func Check(src []byte, resolve func(entry string) bool) diag.List {
	var problems diag.List
	gone := map[string]int{} // path -> line of its problem
	type anchor struct {
		entry string
		line  int
	}
	var anchors []anchor
	for i, line := range strings.Split(string(src), "\n") {
		n := i + 1
		e := strings.TrimSpace(line)
		switch {
		case e == "" || strings.HasPrefix(e, "#"):
			continue
		case !strings.HasPrefix(e, "/"):
			problems.Addf(diag.Pos{File: File, Line: n, Col: 1}, "%q is not a site path; an entry is /path/ or /path/#anchor", e)
			continue
		}
		path, _, hasAnchor := strings.Cut(e, "#")
		if hasAnchor {
			anchors = append(anchors, anchor{e, n})
			continue
		}
		if !resolve(e) {
			gone[path] = len(problems)
			problems.Addf(diag.Pos{File: File, Line: n, Col: 1},
				"%s is published but gone from the site: keep it with an alias, or run \"errdocs lock\" if removing it is deliberate", e)
		}
	}
	lost := map[string]int{}
	for _, a := range anchors {
		path, _, _ := strings.Cut(a.entry, "#")
		if _, pageGone := gone[path]; pageGone {
			lost[path]++
			continue
		}
		if !resolve(a.entry) {
			problems.Addf(diag.Pos{File: File, Line: a.line, Col: 1},
				"%s is published but gone from the page: keep the anchor with an alias, or run \"errdocs lock\" if removing it is deliberate", a.entry)
		}
	}
	for path, i := range gone {
		if n := lost[path]; n > 0 {
			problems[i].Msg += fmt.Sprintf(" (with the %d anchors recorded for it)", n)
		}
	}
	return problems.Sort()
}
