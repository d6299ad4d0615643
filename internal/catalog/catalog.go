// Package catalog reads the structured data of an error reference: the
// API's errors, its backend platforms, reusable remedies, common causes and
// glossary terms.
//
// # Files
//
// All paths are below the site root; every file is optional.
//
//	data/platforms.yaml   a list of platforms
//	data/remedies.yaml    a list of reusable "How to solve" steps
//	data/causes.yaml      a list of common causes (the troubleshooting table)
//	data/glossary.yaml    a list of glossary terms
//	data/errors/<id>.yaml one error per file; the file name is its id
//
// # Platforms, remedies, causes, terms
//
//   - id: tmsp                     # [a-z0-9-]+, unique: anchor and URL slug
//     name: TMSP
//     supplier: Telekom Deutschland
//
//   - id: check-credentials
//     text: Check the authentication credentials ...   # Markdown
//
//   - id: unauthorized-access
//     title: Unauthorized Access
//     troubleshooting: [Double-check the credentials ...]  # Markdown each
//
//   - id: application-access-management
//     term: Application Access Management
//     definition: Where tenants manage API credentials ... # Markdown
//
// # Errors
//
//	id: "401"               # equals the file name; URL /errors/401/
//	status: 401             # HTTP status code, 100-599
//	title: Unauthorized
//	summary: ...            # Markdown
//	cause: unauthorized-access    # optional, an id in causes.yaml
//	variants:               # optional: error titles returned in the body
//	  - id: missing-or-malformed-parameter   # anchor #401-missing-or-...
//	    title: Missing or malformed parameter
//	    description: ...    # Markdown
//	    aliases: [missing-parameter]  # optional: old ids of the variant
//	checks: [...]           # optional: things to check, in order (Markdown)
//	remedies:               # ordered "How to solve" steps:
//	  - check-credentials   #   a remedy id, or
//	  - text: ...           #   an inline step (Markdown)
//	platforms:              # optional notes keyed by platform id (Markdown);
//	  tmus: ...             #   others show "Similar to all supported platforms."
//	related: ["403"]        # optional, error ids
//	example:                # optional example response
//	  content_type: application/problem+json
//	  body: |
//	    {"type": "...", "title": "Unauthorized", "status": 401}
//	aliases: []             # optional: old ids, anchors or URLs that keep
//	                        #   resolving here (see Aliases)
//	deprecated:             # optional: still returned, on its way out
//	  since: "5.3"          #   required: when (an API version, a date; text)
//	  note: Use ...         #   optional, Markdown
//	  replaced_by: "429"    #   optional: the error that replaces it
//	retired:                # optional: no longer returned (see Lifecycle)
//	  since: "6.0"
//	  note: ...
//	  replaced_by: "401"
//
// Every id is [a-z0-9-]+ and unique within its kind. Every reference (cause,
// remedy, platform key, related) must resolve; a problem names the file, the
// line and column, the unknown id and the nearest known one. Two entries
// may not give /errors/ the same anchor: "400-tmus" is both error 400's
// note for platform tmus and the entry of an error "400-tmus".
//
// # Aliases
//
// Published URLs and anchors must keep working (anchors.lock records them,
// see package anchorlock). An error's aliases keep what a change would
// break; each is one of
//
//	/old/url/     an old URL: it redirects to the error's page
//	#old-anchor   an old anchor: an empty element with that id stays on
//	              /errors/ (at the error's entry) and on the error's page
//	old-id        an old id of the error (it was renamed): /errors/old-id/
//	              redirects to the error's page, #old-id stays as for
//	              "#old-id", and so do the old anchors of its variants and
//	              platform notes, #old-id-<variant> and #old-id-<platform>
//
// A variant's aliases are its old ids: the anchor #<error>-<old> stays at
// the variant on both pages. A kept anchor is an empty
// <span id="old" class="anchor-alias"> where the old anchor pointed
// (Error.AnchorAliases, VariantAnchors and PlatformAnchors list them for
// the templates); anchors.lock counts it as published, so it cannot be
// dropped by accident either.
//
// # Lifecycle
//
// An error is never deleted while anything links to it: it is deprecated,
// then retired. A deprecated error is still returned: its entry and page
// show a notice (since when, the note, the replacement) and the index and
// search mark it. A retired error is no longer returned, but everything it
// published keeps resolving: its page /errors/<id>/ becomes a tombstone
// (since when, the note, a link to the replacement, and the old entry
// folded away with every anchor it had), its problem type URI stays, the
// Errors page lists it apart, after the errors in service, keeping its
// anchors, and search finds it by its code, marked retired. Retired errors
// are left out of the lists of errors by cause and by remedy and of the
// error x platform matrix; a platform's page lists their notes apart.
//
// The rules: since is required, any non-empty text (quote it: "5.10");
// replaced_by names another error that is not retired itself (a client
// sent on to a retired error would be sent on again: name the error that
// replaces both); an error is deprecated or retired, not both (retired
// says more: write the deprecation's date in the note).
//
// # Schemas
//
// Each file is also validated against its JSON Schema (draft-07) in
// data/schema: platforms, remedies, causes and glossary.schema.json, and
// error.schema.json for data/errors/*.yaml (SchemaFor). Editors use the
// same schemas through a first-line comment such as
//
//	# yaml-language-server: $schema=../schema/error.schema.json
//
// which, when present, must name the schema the build uses. See package
// schema for which problems the schema reports and which the decoder does.
package catalog

import (
	"iter"
	"strings"

	"errdocs/internal/diag"
)

// Catalog is all the data of a site.
type Catalog struct {
	Platforms []*Platform
	Remedies  []*Remedy
	Causes    []*Cause
	Terms     []*Term
	Errors    []*Error // ordered by status, then id

	// Sources holds the text of every data file read, by path, for
	// checks that point into it later (links in prose fields).
	Sources map[string][]byte

	// broken holds "error:<id>" for error files and "<kind>:*" for list
	// files that could not be parsed: a reference to what they might hold
	// is not reported again.
	broken map[string]bool

	platformByID map[string]*Platform
	remedyByID   map[string]*Remedy
	causeByID    map[string]*Cause
	termByID     map[string]*Term
	errorByID    map[string]*Error
}

// Platform is a backend platform the API runs on.
type Platform struct {
	ID       string   `yaml:"id,required"`
	Name     string   `yaml:"name,required"`
	Supplier string   `yaml:"supplier"`
	Pos      diag.Pos `yaml:"-"`
	IDPos    diag.Pos `yaml:"-"`
}

// Remedy is a reusable "How to solve" step.
type Remedy struct {
	ID    string   `yaml:"id,required"`
	Text  string   `yaml:"text,required"`
	Pos   diag.Pos `yaml:"-"`
	IDPos diag.Pos `yaml:"-"`
}

// Cause is a common cause with its troubleshooting steps.
type Cause struct {
	ID              string   `yaml:"id,required"`
	Title           string   `yaml:"title,required"`
	Troubleshooting []string `yaml:"troubleshooting"`
	Pos             diag.Pos `yaml:"-"`
	IDPos           diag.Pos `yaml:"-"`
}

// Term is a glossary entry.
type Term struct {
	ID         string   `yaml:"id,required"`
	Term       string   `yaml:"term,required"`
	Definition string   `yaml:"definition,required"`
	Pos        diag.Pos `yaml:"-"`
	IDPos      diag.Pos `yaml:"-"`
}

// Error is one documented API error.
type Error struct {
	ID         string     `yaml:"id,required"`
	Status     int        `yaml:"status,required"`
	Title      string     `yaml:"title,required"`
	Summary    string     `yaml:"summary"`
	Cause      Ref        `yaml:"cause"`
	Variants   []Variant  `yaml:"variants"`
	Checks     []string   `yaml:"checks"`
	Remedies   []Step     `yaml:"remedies"`
	Platforms  Notes      `yaml:"platforms"`
	Related    []Ref      `yaml:"related"`
	Example    *Example   `yaml:"example"`
	Aliases    []string   `yaml:"aliases"`
	Deprecated *Lifecycle `yaml:"deprecated"`
	Retired    *Lifecycle `yaml:"retired"`
	File       string     `yaml:"-"`
	Pos        diag.Pos   `yaml:"-"`
	IDPos      diag.Pos   `yaml:"-"`
	StatusPos  diag.Pos   `yaml:"-"`
	AliasesPos []diag.Pos `yaml:"-"` // of each alias
}

// Lifecycle says since when an error is deprecated or retired, why, and
// which error replaces it (see the package doc).
type Lifecycle struct {
	Since      string   `yaml:"since,required"`
	Note       string   `yaml:"note"` // Markdown
	ReplacedBy Ref      `yaml:"replaced_by"`
	Pos        diag.Pos `yaml:"-"`
}

// Variant is one of the error titles an error can carry in its body.
type Variant struct {
	ID          string     `yaml:"id,required"`
	Title       string     `yaml:"title,required"`
	Description string     `yaml:"description"`
	Aliases     []string   `yaml:"aliases"` // old variant ids, kept as anchors
	Pos         diag.Pos   `yaml:"-"`
	IDPos       diag.Pos   `yaml:"-"`
	AliasesPos  []diag.Pos `yaml:"-"`
}

// Step is one "How to solve" step: a remedy id or inline Markdown text.
type Step struct {
	Remedy string // remedy id, or "" for an inline step
	Text   string // inline Markdown, or "" for a remedy step
	Pos    diag.Pos
}

// Note is one platform's consideration for an error.
type Note struct {
	Platform string // platform id
	Text     string // Markdown
	Pos      diag.Pos
}

// Notes are an error's platform notes, in file order.
type Notes []Note

// Ref is a reference to another entry by id, with where it was written.
type Ref struct {
	ID  string
	Pos diag.Pos
}

// Example is an example response body.
type Example struct {
	ContentType string   `yaml:"content_type"`
	Body        string   `yaml:"body,required"`
	Pos         diag.Pos `yaml:"-"`
}

// Unread reports whether an entry of kind ("error", "platform", "remedy",
// "cause", "term") with the given id may be in a data file that could not
// be read or parsed: then a check that cannot find it must not say it is
// missing, since the file's problem is reported already. An id of "" asks
// whether any entry of kind may be.
func (c *Catalog) Unread(kind, id string) bool {
	if c.broken[kind+":*"] {
		return true
	}
	if id == "" {
		for k := range c.broken {
			if strings.HasPrefix(k, kind+":") {
				return true
			}
		}
		return false
	}
	return c.broken[kind+":"+id]
}

// Prose yields every prose field of the catalog, the Markdown shown on
// the site (remedies, troubleshooting steps, term definitions, and an
// error's summary, variant descriptions, checks, inline steps, platform
// notes and the notes of its deprecation or retirement), with the
// position of the entry it belongs to: in the order of the lists, then of
// the errors.
func (c *Catalog) Prose() iter.Seq2[diag.Pos, string] {
	return func(yield func(diag.Pos, string) bool) {
		for _, r := range c.Remedies {
			if !yield(r.Pos, r.Text) {
				return
			}
		}
		for _, x := range c.Causes {
			for _, t := range x.Troubleshooting {
				if !yield(x.Pos, t) {
					return
				}
			}
		}
		for _, t := range c.Terms {
			if !yield(t.Pos, t.Definition) {
				return
			}
		}
		for _, e := range c.Errors {
			if !e.prose(func(t string) bool { return t == "" || yield(e.Pos, t) }) {
				return
			}
		}
	}
}

// prose calls yield with each prose field of e, until it returns false,
// and reports whether it never did.
func (e *Error) prose(yield func(string) bool) bool {
	if !yield(e.Summary) {
		return false
	}
	for _, v := range e.Variants {
		if !yield(v.Description) {
			return false
		}
	}
	for _, t := range e.Checks {
		if !yield(t) {
			return false
		}
	}
	for _, s := range e.Remedies {
		if !yield(s.Text) {
			return false
		}
	}
	for _, n := range e.Platforms {
		if !yield(n.Text) {
			return false
		}
	}
	for _, l := range []*Lifecycle{e.Deprecated, e.Retired} {
		if l != nil && !yield(l.Note) {
			return false
		}
	}
	return true
}

// State is an error's place in its lifecycle: "retired", "deprecated",
// or "" for an error in service.
func (e *Error) State() string {
	switch {
	case e.Retired != nil:
		return "retired"
	case e.Deprecated != nil:
		return "deprecated"
	}
	return ""
}

// Lifecycle returns the error's retirement, else its deprecation, else
// nil.
func (e *Error) Lifecycle() *Lifecycle {
	if e.Retired != nil {
		return e.Retired
	}
	return e.Deprecated
}

// Replacement returns the id of the error that replaces e, or "".
func (e *Error) Replacement() string {
	if l := e.Lifecycle(); l != nil {
		return l.ReplacedBy.ID
	}
	return ""
}

// Platform returns the platform with the given id, or nil.
func (c *Catalog) Platform(id string) *Platform { return c.platformByID[id] }

// Remedy returns the remedy with the given id, or nil.
func (c *Catalog) Remedy(id string) *Remedy { return c.remedyByID[id] }

// Cause returns the cause with the given id, or nil.
func (c *Catalog) Cause(id string) *Cause { return c.causeByID[id] }

// Term returns the glossary term with the given id, or nil.
func (c *Catalog) Term(id string) *Term { return c.termByID[id] }

// Error returns the error with the given id, or nil.
func (c *Catalog) Error(id string) *Error { return c.errorByID[id] }

// Note returns e's note for the platform, or "".
func (e *Error) Note(platform string) string {
	for _, n := range e.Platforms {
		if n.Platform == platform {
			return n.Text
		}
	}
	return ""
}
