package sitegen

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"errdocs/internal/anchorlock"
	"errdocs/internal/output"
	"errdocs/internal/publish"
	"errdocs/internal/render"
	"errdocs/internal/site"
)

// seedSite returns the repository's own site (content/ and data/) plus a
// guides section with sub-sections, as a MapFS the tests can edit, and the
// repository's theme.
func seedSite(t testing.TB) (fstest.MapFS, fs.FS) {
	t.Helper()
	root := os.DirFS("../..")
	m := fstest.MapFS{}
	for _, dir := range []string{"content", "data"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	m["content/guides/_index.md"] = file("---\ntitle: Guides\nweight: 40\n---\nHow-to guides.\n")
	for _, sec := range []string{"alpha", "beta"} {
		m["content/guides/"+sec+"/_index.md"] = file(fmt.Sprintf("---\ntitle: Section %s\ndescription: About %s.\n---\nThe %s guides.\n", sec, sec, sec))
		for i := range 4 {
			m[fmt.Sprintf("content/guides/%s/g%d.md", sec, i)] = guide(sec, i, "")
		}
	}
	// A folder without _index.md: its pages belong to /guides/.
	m["content/guides/loose/one.md"] = guide("loose", 1, "")
	m["content/guides/loose/deep/two.md"] = guide("loose-deep", 2, "")
	return m, root
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func guide(sec string, i int, extra string) *fstest.MapFile {
	return file(fmt.Sprintf(`---
title: Guide %s %d
weight: %d
description: Guide number %d of %s.
%s---
## Getting an access token

Ask for an access token and retry after a 401. See [the errors](/errors/#401).

`+"```json\n{\"status\": %d}\n```\n", sec, i, 10-i, i, sec, extra, 400+i))
}

// diffTrees reports every path whose bytes differ.
func diffTrees(t *testing.T, got, want *output.Tree) {
	t.Helper()
	gp, wp := got.Paths(), want.Paths()
	if strings.Join(gp, "\n") != strings.Join(wp, "\n") {
		t.Errorf("incremental tree has %d files, full build %d:\n got %q\nwant %q", len(gp), len(wp), gp, wp)
	}
	n := 0
	for _, p := range wp {
		g, _ := got.Get(p)
		w, _ := want.Get(p)
		if !bytes.Equal(g, w) {
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			t.Errorf("%s differs from the full build at byte %d:\n got …%q\nwant …%q", p, i, snippet(g, i), snippet(w, i))
			if n++; n > 5 {
				t.Fatal("too many differences")
			}
		}
	}
}

func snippet(b []byte, i int) string {
	lo, hi := max(0, i-60), min(len(b), i+60)
	return string(b[lo:hi])
}

// TestBuilderMatchesBuild applies one kind of edit after another and checks
// that each incremental rebuild gives byte-identical output to a fresh
// Build, or the same problems, and renders no more than it should: with
// CSS and JS as written, and minified as build and serve make them by
// default.
func TestBuilderMatchesBuild(t *testing.T) {
	for _, minify := range []bool{false, true} {
		t.Run(fmt.Sprintf("minify=%v", minify), func(t *testing.T) {
			src, theme := seedSite(t)
			cfg := Config{Src: src, Theme: theme, BaseURL: "https://docs.example.com/", Publish: publish.Config{Minify: minify}}
			testBuilderEdits(t, src, theme, cfg, true)
		})
	}
}

// TestBuilderOwnTemplates runs the edits of TestBuilderMatchesBuild on a
// site whose own templates show more than the theme's, on pages the theme
// shows no data on: the home page counts the errors and lists every error's
// title, a plain page lists the platforms and the glossary, each error's
// page lists every error, the 404 page names the first cause. Each rebuild
// must still give the bytes of a fresh build: what a page read decides
// what is made again, not what the theme's templates happen to show.
func TestBuilderOwnTemplates(t *testing.T) {
	src, theme := seedSite(t)
	home, _ := fs.ReadFile(theme, "templates/home.html")
	src["templates/home.html"] = file(string(home) + `{{define "toc"}}<p id="count">{{len .Site.Catalog.Errors}} errors</p>
<ul>{{range .Site.Catalog.Errors}}<li>{{.ID}}: {{.Title}} ({{with $.Site.Catalog.Cause .Cause.ID}}{{.Title}}{{end}})</li>{{end}}</ul>{{end}}`)
	src["templates/page.html"] = file(`{{define "main"}}<article>{{.Content}}</article>
<p>{{range .Site.Catalog.Platforms}}{{.Name}} {{end}}</p>
<dl>{{range .Site.Catalog.Terms}}<dt>{{.Term}}</dt><dd>{{$.MD .Definition}}</dd>{{end}}</dl>
<p>{{with .Site.Page "/support/"}}{{.Title}}{{end}} · {{range .Site.Pages}}{{.Title}};{{end}}</p>{{end}}`)
	src["templates/error.html"] = file(`{{define "main"}}{{$e := .Page.Error}}<article id="{{$e.ID}}"><h1>{{errorTitle $e}}</h1>
{{template "error-body" (.Entry $e true)}}</article>
<ol>{{range .Site.Catalog.Errors}}<li>{{errorTitle .}} · {{range .Remedies}}{{$.MD ($.Step .)}} {{end}}</li>{{end}}</ol>{{end}}`)
	src["templates/404.html"] = file(`{{define "main"}}<h1>{{.Page.Title}}</h1>{{with index .Site.Catalog.Causes 0}}<p>{{.Title}}: {{len ($.Site.ErrorsWithCause .ID)}}</p>{{end}}{{end}}`)
	cfg := Config{Src: src, Theme: theme, BaseURL: "https://docs.example.com/"}
	testBuilderEdits(t, src, theme, cfg, false)
}

// testBuilderEdits makes the edits one after the other, rebuilding after
// each, and checks each rebuild against a fresh Build; counts says to
// check the number of pages rendered too, which suits the theme's
// templates only.
func testBuilderEdits(t *testing.T, src fstest.MapFS, theme fs.FS, cfg Config, counts bool) {
	b := NewBuilder(cfg)
	if _, st, err := b.Build(nil); err != nil {
		t.Fatal(err)
	} else if !st.Full {
		t.Errorf("first build: Full = false, want true")
	}

	const all = -1
	tests := []struct {
		name    string
		edit    func(m fstest.MapFS)
		changed []string
		// wantRendered is the number of pages rendered, or all.
		wantRendered int
		wantErr      string // a problem the build must report
		// wantEarly: BuildEarly gives the rendered pages early; noEarly:
		// it does not. Whenever it does, they are the pages of the output.
		wantEarly, noEarly bool
	}{
		{
			name:         "body edit renders that page only",
			edit:         func(m fstest.MapFS) { appendTo(m, "content/guides/alpha/g1.md", "\nMore text.\n") },
			changed:      []string{"content/guides/alpha/g1.md"},
			wantRendered: 1,
			wantEarly:    true,
		},
		{
			name:         "save without change renders nothing",
			edit:         func(m fstest.MapFS) {},
			changed:      []string{"content/guides/alpha/g1.md"},
			wantRendered: 0,
		},
		{
			name: "title change renders its section",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "content/guides/alpha/g2.md", "title: Guide alpha 2", "title: Renamed guide")
			},
			changed:      []string{"content/guides/alpha/g2.md"},
			wantRendered: 5, // _index.md and its four pages
			wantEarly:    true,
		},
		{
			name:         "weight change reorders the sidebar",
			edit:         func(m fstest.MapFS) { replaceIn(m, "content/guides/beta/g3.md", "weight: 7", "weight: 99") },
			changed:      []string{"content/guides/beta/g3.md"},
			wantRendered: 5,
		},
		{
			name:    "draft hides a page",
			edit:    func(m fstest.MapFS) { m["content/guides/beta/g0.md"] = guide("beta", 0, "draft: true\n") },
			changed: []string{"content/guides/beta/g0.md"},
			// the section and its three remaining pages
			wantRendered: 4,
		},
		{
			name:         "undraft shows it again",
			edit:         func(m fstest.MapFS) { m["content/guides/beta/g0.md"] = guide("beta", 0, "") },
			changed:      []string{"content/guides/beta/g0.md"},
			wantRendered: 5,
		},
		{
			name:         "new page",
			edit:         func(m fstest.MapFS) { m["content/guides/alpha/new.md"] = guide("alpha", 9, "") },
			changed:      []string{"content/guides/alpha/new.md"},
			wantRendered: 6,
		},
		{
			name:         "deleted page",
			edit:         func(m fstest.MapFS) { delete(m, "content/guides/alpha/new.md") },
			changed:      []string{"content/guides/alpha/new.md"},
			wantRendered: 5,
			wantEarly:    true,
		},
		{
			name: "new section adopts pages",
			edit: func(m fstest.MapFS) {
				m["content/guides/loose/_index.md"] = file("---\ntitle: Loose ends\n---\n")
			},
			changed:      []string{"content/guides/loose"},
			wantRendered: all - 1, // checked by comparison only
		},
		{
			name:         "removed section",
			edit:         func(m fstest.MapFS) { delete(m, "content/guides/loose/_index.md") },
			changed:      []string{"content/guides/loose/_index.md"},
			wantRendered: all - 1,
		},
		{
			name: "removed folder",
			edit: func(m fstest.MapFS) {
				delete(m, "content/guides/loose/one.md")
				delete(m, "content/guides/loose/deep/two.md")
			},
			changed:      []string{"content/guides/loose"},
			wantRendered: all - 1,
		},
		{
			name:         "dot files are ignored",
			edit:         func(m fstest.MapFS) { m["content/guides/.draft.md"] = file("not front matter") },
			changed:      []string{"content/guides/.draft.md"},
			wantRendered: 0,
		},
		{
			name:         "top-level page renders everything",
			edit:         func(m fstest.MapFS) { replaceIn(m, "content/support.md", "weight: 30", "weight: 31") },
			changed:      []string{"content/support.md"},
			wantRendered: all,
		},
		{
			name: "home title renders everything",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "content/_index.md", "title: CMO API error reference", "title: CMO errors")
			},
			changed:      []string{"content/_index.md"},
			wantRendered: all,
		},
		{
			name: "error data",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/errors/401.yaml", "title: Unauthorized", "title: Unauthorised")
			},
			changed:      []string{"data/errors/401.yaml"},
			wantRendered: all - 1,
		},
		{
			name: "error summary, no relations",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/errors/429.yaml", "summary: ", "summary: Slow down. ")
			},
			changed: []string{"data/errors/429.yaml"},
			// its page, the pages that list every error (/errors/, the
			// matrix) and that of 500, which lists it as related; 429 has
			// no platform note, so no platform page
			wantRendered: 4,
			wantEarly:    true,
		},
		{
			name: "error cause moves",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/errors/403.yaml", "cause: unauthorized-access", "cause: invalid-request-parameters")
			},
			changed:      []string{"data/errors/403.yaml"},
			wantRendered: all - 1,
		},
		{
			name: "error shares a remedy",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/errors/404.yaml", "  - check-filter", "  - check-filter\n  - check-request-format")
			},
			changed:      []string{"data/errors/404.yaml"},
			wantRendered: all - 1,
		},
		{
			name: "new error",
			edit: func(m fstest.MapFS) {
				m["data/errors/418.yaml"] = file("id: \"418\"\nstatus: 418\ntitle: I'm a teapot\nsummary: Short and stout.\nrelated: [\"401\"]\nremedies: [{text: Brew coffee.}]\n")
			},
			changed:      []string{"data/errors/418.yaml"},
			wantRendered: all - 1,
		},
		{
			name:         "removed error",
			edit:         func(m fstest.MapFS) { delete(m, "data/errors/418.yaml") },
			changed:      []string{"data/errors/418.yaml"},
			wantRendered: all - 1,
		},
		{
			// Its entry moves among the retired errors, its page becomes a
			// tombstone, and the pages that list it or link it change.
			name: "retired error",
			edit: func(m fstest.MapFS) {
				appendTo(m, "data/errors/403.yaml", "retired:\n  since: \"6.0\"\n  replaced_by: \"401\"\n")
				appendTo(m, "data/errors/429.yaml", "deprecated:\n  since: \"5.3\"\n  replaced_by: \"401\"\n")
			},
			changed:      []string{"data/errors/403.yaml", "data/errors/429.yaml"},
			wantRendered: all - 1,
		},
		{
			// The tombstone of 403 and the notice of 429 name their
			// replacement.
			name: "replacement retitled",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/errors/401.yaml", "title: Unauthorised", "title: Not authenticated")
			},
			changed:      []string{"data/errors/401.yaml"},
			wantRendered: all - 1,
		},
		{
			name: "reinstated error",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/errors/403.yaml", "retired:\n  since: \"6.0\"\n  replaced_by: \"401\"\n", "")
				replaceIn(m, "data/errors/429.yaml", "deprecated:\n  since: \"5.3\"\n  replaced_by: \"401\"\n", "")
			},
			changed:      []string{"data/errors/403.yaml", "data/errors/429.yaml"},
			wantRendered: all - 1,
		},
		{
			name:         "platforms",
			edit:         func(m fstest.MapFS) { replaceIn(m, "data/platforms.yaml", "name: TMSP", "name: T-MSP") },
			changed:      []string{"data/platforms.yaml"},
			wantRendered: all - 1,
		},
		{
			// The error contract shows causes and remedies, as the pages do.
			name: "cause retitled",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/causes.yaml", "title: Unauthorized Access", "title: No access")
			},
			changed:      []string{"data/causes.yaml"},
			wantRendered: all - 1,
		},
		{
			name: "remedy reworded",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/remedies.yaml", "Verify that the credentials", "Check that the credentials")
			},
			changed:      []string{"data/remedies.yaml"},
			wantRendered: all - 1,
		},
		{
			name: "glossary definition",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/glossary.yaml", "definition: ", "definition: Indeed, ")
			},
			changed:      []string{"data/glossary.yaml"},
			wantRendered: 1,
		},
		{
			name: "glossary term renders every page with prose",
			edit: func(m fstest.MapFS) {
				m["data/glossary.yaml"] = file(string(m["data/glossary.yaml"].Data) + "- id: retry\n  term: retry\n  definition: Sending a request again.\n")
			},
			changed:      []string{"data/glossary.yaml"},
			wantRendered: 22, // not /search/, /404.html, the matrix, /platforms/ nor the platform pages: no prose there (no seed error has a platform note)
		},
		{
			name: "template renders everything",
			edit: func(m fstest.MapFS) {
				m["templates/page.html"] = file(`{{define "main"}}<article class="x">{{.Content}}</article>{{end}}`)
			},
			changed:      []string{"templates/page.html"},
			wantRendered: all,
		},
		{
			name:         "static file",
			edit:         func(m fstest.MapFS) { m["static/img/logo.svg"] = file("<svg/>") },
			changed:      []string{"static/img"},
			wantRendered: 0,
		},
		{
			name:         "broken front matter",
			edit:         func(m fstest.MapFS) { replaceIn(m, "content/guides/alpha/g1.md", "weight:", "wieght:") },
			changed:      []string{"content/guides/alpha/g1.md"},
			wantErr:      `content/guides/alpha/g1.md:3:1: unknown`,
			wantRendered: 0,
		},
		{
			name:         "fixed front matter",
			edit:         func(m fstest.MapFS) { replaceIn(m, "content/guides/alpha/g1.md", "wieght:", "weight:") },
			changed:      []string{"content/guides/alpha/g1.md"},
			wantRendered: 1,
		},
		{
			name: "broken reference, edited page meanwhile",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/errors/401.yaml", "cause: ", "cause: x")
				appendTo(m, "content/guides/beta/g1.md", "More.\n")
			},
			changed:      []string{"data/errors/401.yaml", "content/guides/beta/g1.md"},
			wantErr:      `data/errors/401.yaml:`,
			wantRendered: 0,
		},
		{
			name:         "fixed reference",
			edit:         func(m fstest.MapFS) { replaceIn(m, "data/errors/401.yaml", "cause: x", "cause: ") },
			changed:      []string{"data/errors/401.yaml"},
			wantRendered: all - 1,
		},
		{
			name:    "broken link in a body",
			edit:    func(m fstest.MapFS) { appendTo(m, "content/guides/alpha/g1.md", "See [nothing](/nowhere/).\n") },
			changed: []string{"content/guides/alpha/g1.md"},
			wantErr: `content/guides/alpha/g1.md:15:15: link /nowhere/: no such page`,
		},
		{
			name: "fixed link",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "content/guides/alpha/g1.md", "/nowhere/", "/guides/alpha/g2/#getting-an-access-token")
			},
			changed:      []string{"content/guides/alpha/g1.md"},
			wantRendered: 1,
			wantEarly:    true,
		},
		{
			name: "anchor removed from the page a link goes to",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "content/guides/alpha/g2.md", "## Getting an access token", "## Getting a token")
			},
			changed: []string{"content/guides/alpha/g2.md"},
			wantErr: `content/guides/alpha/g1.md:15:15: link /guides/alpha/g2/#getting-an-access-token: no anchor`,
		},
		{
			name: "anchor back",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "content/guides/alpha/g2.md", "## Getting a token", "## Getting an access token")
			},
			changed:      []string{"content/guides/alpha/g2.md"},
			wantRendered: 1,
		},
		{
			name:    "unknown glossary term in a body",
			edit:    func(m fstest.MapFS) { appendTo(m, "content/guides/beta/g2.md", "A [token](/glossary/#tokn).\n") },
			changed: []string{"content/guides/beta/g2.md"},
			wantErr: `content/guides/beta/g2.md:`,
		},
		{
			name:    "another page's body edited meanwhile",
			edit:    func(m fstest.MapFS) { appendTo(m, "content/guides/alpha/g3.md", "More.\n") },
			changed: []string{"content/guides/alpha/g3.md"},
			wantErr: `content/guides/beta/g2.md:`,
		},
		{
			name:         "known glossary term",
			edit:         func(m fstest.MapFS) { replaceIn(m, "content/guides/beta/g2.md", "#tokn", "#access-token") },
			changed:      []string{"content/guides/beta/g2.md"},
			wantRendered: 2, // and the page edited meanwhile
		},
		{
			name:         "glossary page body",
			edit:         func(m fstest.MapFS) { appendTo(m, "content/glossary.md", "\n## More terms\n\nSoon.\n") },
			changed:      []string{"content/glossary.md"},
			wantRendered: 1,
		},
		{
			name: "stylesheet changes every page's asset URL",
			edit: func(m fstest.MapFS) {
				css, err := fs.ReadFile(theme, "static/css/site.css")
				if err != nil {
					t.Fatal(err)
				}
				m["static/css/site.css"] = file(string(css) + "\n.x { color: red }\n")
			},
			changed:      []string{"static/css/site.css"},
			wantRendered: all,
			noEarly:      true,
		},
		{
			name:    "static file where a page is",
			edit:    func(m fstest.MapFS) { m["static/support/index.html"] = file("<p>static</p>") },
			changed: []string{"static/support/index.html"},
			wantErr: "static/support/index.html: /support/index.html is also a page",
		},
		{
			name:    "body edit meanwhile",
			edit:    func(m fstest.MapFS) { appendTo(m, "content/guides/alpha/g0.md", "More.\n") },
			changed: []string{"content/guides/alpha/g0.md"},
			wantErr: "static/support/index.html: /support/index.html is also a page",
		},
		{
			name:         "static file gone",
			edit:         func(m fstest.MapFS) { delete(m, "static/support/index.html") },
			changed:      []string{"static/support/index.html"},
			wantRendered: 0,
		},
		{
			name: "anchors.lock",
			edit: func(m fstest.MapFS) {
				res, err := Build(cfg)
				if err != nil {
					t.Fatal(err)
				}
				m[anchorlock.File] = &fstest.MapFile{Data: anchorlock.Format(res.Published())}
			},
			changed:      []string{anchorlock.File},
			wantRendered: 0,
		},
		{
			name: "locked anchor removed",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "content/guides/beta/g3.md", "## Getting an access token", "## Getting a token")
			},
			changed: []string{"content/guides/beta/g3.md"},
			wantErr: anchorlock.File + ":",
		},
		{
			name: "locked anchor back",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "content/guides/beta/g3.md", "## Getting a token", "## Getting an access token")
			},
			changed:      []string{"content/guides/beta/g3.md"},
			wantRendered: 1,
		},
		{
			name:    "example contradicts its error",
			edit:    func(m fstest.MapFS) { replaceIn(m, "data/errors/401.yaml", `"status": 401`, `"status": 402`) },
			changed: []string{"data/errors/401.yaml"},
			wantErr: "data/errors/401.yaml:",
		},
		{
			name:    "a page edited meanwhile",
			edit:    func(m fstest.MapFS) { appendTo(m, "content/guides/beta/g1.md", "More.\n") },
			changed: []string{"content/guides/beta/g1.md"},
			wantErr: "data/errors/401.yaml:",
		},
		{
			// 401's example is not checked again, its problem is kept.
			name: "another error edited meanwhile",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/errors/403.yaml", "Not enough permissions.", "Too few permissions.")
			},
			changed: []string{"data/errors/403.yaml"},
			wantErr: "data/errors/401.yaml:",
		},
		{
			name:         "example fixed",
			edit:         func(m fstest.MapFS) { replaceIn(m, "data/errors/401.yaml", `"status": 402`, `"status": 401`) },
			changed:      []string{"data/errors/401.yaml"},
			wantRendered: 7, // the page, those that list it, and the pages of 403, edited meanwhile
		},
		{
			name: "stricter schema",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/schema/error.schema.json", `"required": ["id", "status", "title"]`, `"required": ["id", "status", "title", "zzz"]`)
			},
			changed: []string{"data/schema/error.schema.json"},
			wantErr: "data/errors/",
		},
		{
			name: "schema back",
			edit: func(m fstest.MapFS) {
				replaceIn(m, "data/schema/error.schema.json", `, "zzz"]`, `]`)
			},
			changed:      []string{"data/schema/error.schema.json"},
			wantRendered: 0,
		},
		{
			name:         "full rescan",
			edit:         func(m fstest.MapFS) { appendTo(m, "content/guides/beta/g2.md", "More.\n") },
			changed:      nil,
			wantRendered: 1, // everything read again, one page changed
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.edit(src)
			var early *output.Tree
			var trees []*output.Tree
			var given [][]string
			var lastTree *output.Tree // what the pages given early replace
			if b.last != nil {
				lastTree = b.last.tree
			}
			got, st, err := b.BuildEarly(tt.changed, func(tree *output.Tree, pages []string) {
				trees = append(trees, tree)
				given = append(given, pages)
				for _, p := range union(tree.Paths(), lastTree.Paths()) {
					e, eok := tree.Get(p)
					l, lok := lastTree.Get(p)
					if (eok != lok || !bytes.Equal(e, l)) && !slices.Contains(pages, p) {
						t.Errorf("%s: given early changed, but not listed in %q", p, pages)
					}
				}
			})
			if len(trees) > 0 {
				early = trees[len(trees)-1]
			}
			if err == nil {
				// Given before the last: the pages rendered so far, as the
				// output has them; the others as the last output had them.
				for i, tree := range trees[:max(len(trees)-1, 0)] {
					for _, p := range given[i] {
						e, eok := tree.Get(p)
						if g, ok := got.Tree.Get(p); eok != ok || !bytes.Equal(e, g) {
							t.Errorf("%s: the page given first differs from the output's", p)
						}
					}
				}
			}
			want, werr := Build(cfg)
			if tt.wantEarly && early == nil {
				t.Errorf("the rendered pages were not given early")
			}
			if tt.noEarly && early != nil {
				t.Errorf("pages were given early")
			}
			if early != nil && err == nil {
				pages := map[string]bool{}
				for _, p := range got.Site.Pages {
					pages[render.OutputPath(p.URL)] = true
				}
				for _, p := range union(early.Paths(), got.Tree.Paths()) {
					e, eok := early.Get(p)
					g, gok := got.Tree.Get(p)
					if (pages[p] || strings.HasSuffix(p, ".html") && eok && !gok) && (eok != gok || !bytes.Equal(e, g)) {
						t.Errorf("%s: the page given early differs from the output's", p)
					}
				}
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Builder error = %v, want one containing %q", err, tt.wantErr)
				}
				if werr == nil || werr.Error() != err.Error() {
					t.Errorf("Builder error:\n%v\nBuild error:\n%v", err, werr)
				}
				return
			}
			if err != nil || werr != nil {
				t.Fatalf("Builder: %v; Build: %v", err, werr)
			}
			diffTrees(t, got.Tree, want.Tree)
			t.Logf("rendered %d of %d pages (full %v)", st.Rendered, st.Pages, st.Full)
			switch {
			case !counts:
			case tt.wantRendered == all && !st.Full:
				t.Errorf("rendered %d of %d pages, want all", st.Rendered, st.Pages)
			case tt.wantRendered >= 0 && (st.Full || st.Rendered != tt.wantRendered):
				t.Errorf("rendered %d of %d pages (full %v), want %d", st.Rendered, st.Pages, st.Full, tt.wantRendered)
			case tt.wantRendered == all-1 && st.Full:
				t.Errorf("rendered all %d pages, want fewer", st.Pages)
			}
		})
	}
}

// TestBuilderEarlyFirst holds back the pages that show every error of a
// platform, and the matrix, while the others of an error edit render: the
// error's own page and the Errors page are given early at once, without
// waiting for them, then all of them.
func TestBuilderEarlyFirst(t *testing.T) {
	// One CPU to hold the Errors page on, one to render the others.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(runtime.GOMAXPROCS(0), 2)))
	src, theme := seedSite(t)
	b := NewBuilder(Config{Src: src, Theme: theme, BaseURL: "https://docs.example.com/"})
	if _, _, err := b.Build(nil); err != nil {
		t.Fatal(err)
	}
	given := make(chan *output.Tree, 2)
	b.hold = func(p *site.Page) {
		if p.Kind == site.KindPlatform || p.Kind == site.KindMatrix {
			select {
			case <-time.After(10 * time.Second):
			case tree := <-given:
				given <- tree
			}
		}
	}
	replaceIn(src, "data/errors/401.yaml", "summary: ", "summary: Rewritten early. ")
	var trees []*output.Tree
	var first []string
	res, st, err := b.BuildEarly([]string{"data/errors/401.yaml"}, func(tree *output.Tree, pages []string) {
		trees = append(trees, tree)
		if len(trees) == 1 {
			first = pages
			given <- tree
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(trees) != 2 {
		t.Fatalf("early was called %d times, want 2: the error's page and the Errors page, then all", len(trees))
	}
	has := func(tree *output.Tree, file string) bool {
		b, _ := tree.Get(file)
		return strings.Contains(string(b), "Rewritten early.")
	}
	if !has(trees[0], "errors/401/index.html") || !has(trees[0], "errors/index.html") {
		t.Errorf("first given: the error's page has the edit: %v, the Errors page: %v; want both",
			has(trees[0], "errors/401/index.html"), has(trees[0], "errors/index.html"))
	}
	if slices.Contains(first, "errors/matrix/index.html") {
		t.Errorf("first given %q: the matrix, held back, was waited for", first)
	}
	for _, file := range []string{"errors/401/index.html", "errors/index.html"} {
		if !has(trees[1], file) || !has(res.Tree, file) {
			t.Errorf("%s: no edit in the pages given last or in the output", file)
		}
	}
	if st.Early <= 0 || st.Early > st.Took {
		t.Errorf("Stats.Early = %v, want the time of the first early call, within Took %v", st.Early, st.Took)
	}
}

func union(a, b []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(append(a, b...))))
}

func appendTo(m fstest.MapFS, name, s string) {
	m[name] = file(string(m[name].Data) + s)
}

func replaceIn(m fstest.MapFS, name, old, new string) {
	s := string(m[name].Data)
	if !strings.Contains(s, old) {
		panic(fmt.Sprintf("%s does not contain %q", name, old))
	}
	m[name] = file(strings.Replace(s, old, new, 1))
}
