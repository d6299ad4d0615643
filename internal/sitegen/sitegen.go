// Package sitegen is the pipeline shared by build, check, serve and the
// tests: read the site root (an fs.FS) -> validate -> model -> render ->
// check -> output tree. It does no I/O of its own beyond reading the given
// file systems; the caller writes or serves the tree.
//
// Validation reports every problem of the input at once: what cannot be
// read (srcfs), front matter and data decoding (packages page, yamlx),
// JSON Schemas (schema), ids and references (catalog), two sources for one
// URL (site), glossary links (checkTermLinks) and unsafe link schemes
// (checkUnsafeLinks). Only an input without problems is rendered and
// published; then the rendered site is checked: Markdown limits
// (markdown), every link and anchor (linkcheck, fed page by page from the
// render loop) and the anchors recorded in anchors.lock (anchorlock). An
// input with problems still has the links of its Markdown pages checked,
// as far as they can be (checkLinksAnyway), so that a data problem does
// not hide a broken link. Build returns a diag.List of all the problems.
//
// Build and BuildTo run the pipeline once. A Builder (errdocs serve) runs
// the same pipeline after every change, keeping one cache of its last
// build, and makes again only the pages that read something that changed
// (see Builder): its output is byte for byte that of a build run once.
package sitegen

import (
	"io/fs"

	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/publish"
	"errdocs/internal/site"
)

// InputDirs returns the folders of a site root that a build reads: an
// output folder must not be inside one.
func InputDirs() []string { return []string{"content", "data", "templates", "static"} }

// MaxPageSize is the largest Markdown page read.
const MaxPageSize = 1 << 20

// DefaultBaseURL is where a site is published when --base-url is not
// given; the CMO data's example problem types use it.
const DefaultBaseURL = "https://docs.example.com/"

// Config says what to build.
type Config struct {
	// Src is the site root: content/, data/, and optionally templates/ and
	// static/, which override the files of Theme of the same name.
	Src fs.FS
	// Theme holds the default templates/, static/ and data/schema/.
	Theme   fs.FS
	BaseURL string
	Drafts  bool
	// SkipLock skips comparing the site with its anchors.lock (for
	// "errdocs lock", which rewrites it).
	SkipLock bool
	// Publish holds the publishing options: minification, problem type
	// URIs, the build date, the OpenAPI description.
	Publish publish.Config

	// plain, when not nil, is given the Markdown renderer's Plain and
	// returns what to use in its place: a Builder's remembers its answers
	// across builds.
	plain func(func(string) string) func(string) string
	// record says to record what each page reads, for a Builder's next
	// build.
	record bool
}

// Result is a built site.
type Result struct {
	Site *site.Site
	// Files holds every output file: the store given to BuildTo.
	Files output.Store
	// Tree is Files when the build was made in memory (Build), else nil.
	Tree *output.Tree
	// Warnings are findings that do not fail the build, sorted.
	Warnings  diag.List
	published func() []string
}

// Published lists every page URL and anchor, as anchors.lock records
// them. It is made when asked for: a build without "errdocs lock" has no
// use for the 200,000 entries of a 10,000-page site.
func (r *Result) Published() []string { return r.published() }

// Build runs the whole pipeline in memory. When the input has problems it
// returns them all as a diag.List error, sorted by file and position.
func Build(cfg Config) (*Result, error) {
	tree := output.NewTree()
	res, err := BuildTo(cfg, tree)
	if res != nil {
		res.Tree = tree
	}
	return res, err
}

// BuildTo runs the whole pipeline, putting each output file into files as
// soon as it is made: with an output.Dir, a page is on disk and out of
// memory once rendered and checked. On problems the files already put are
// the caller's to discard (output.Dir.Abort). It is the first build of a
// Builder, which keeps nothing for a next one.
func BuildTo(cfg Config, files output.Store) (*Result, error) {
	b := &Builder{cfg: cfg.withDefaults(), keep: output.Keeps(files)}
	res, _, err := b.build(files, nil, nil)
	return res, err
}
