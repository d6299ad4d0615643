// Package publish turns a rendered site into what a static host serves and
// what machines read: the hosting files, the error contract, and
// fingerprinted assets (CSS and JS minified when asked). It checks what
// could make a published site wrong — example bodies that contradict their
// error, redirects that would never fire — and reports each problem as
// file:line:col: message.
// Like the rest of the pipeline it does no I/O: it reads an fs.FS and
// writes into an output.Tree.
//
// # Files
//
//	sitemap.xml            every published page: not the 404 page, the search
//	                       page, drafts or aliases; <lastmod> only when
//	                       Config.Date is set (from SOURCE_DATE_EPOCH)
//	robots.txt             allows everything and names the sitemap
//	_redirects             Netlify: one "FROM TO 301" line per alias
//	_headers               Netlify: security headers for every path, and long
//	                       immutable caching for fingerprinted assets only
//	errors.json            the error contract: every error with its problem
//	                       type URI, retired ones included (see Contract)
//	errors.schema.json     the JSON Schema (draft 2020-12) of errors.json
//	errors/<id>.json       one error: its object in errors.json, with a
//	                       "$schema" of errors.schema.json#/$defs/error
//	css/<name>.<hash>.css  fingerprinted copies of every CSS and JS file
//	js/<name>.<hash>.js    (hash: SHA-256 of the content, 10 hex digits);
//	                       templates reach them with {{asset "css/site.css"}}.
//	                       The unhashed files stay, without long caching,
//	                       for anything that links them directly.
//
// Problem type URIs are "<type base>/errors/<id>/", the error's own page;
// the type base is Config.TypeBaseURL, else the site's base URL.
//
// # Order
//
// New (data checks, and each error's contract file) and Assets run before
// rendering; AddContract at any time, as it depends on the data only;
// AddFiles after every page, static file and the contract is in the store.
//
// The code follows the three concerns: hosting.go and redirects.go make
// the hosting files; contract.go the error contract, and checks.go the
// checks of what it promises (example bodies, OpenAPI coverage);
// assets.go the fingerprinted assets.
//
// # Redirects
//
// A page's front matter "aliases" are old URL paths ("/kb/old-page/"). An
// error's "aliases" are old ids ("401-old", redirected from
// /errors/401-old/), old URL paths, or old anchors ("#401-old"); anchors
// never reach a server, so they get no redirect here. Netlify ignores a
// redirect whose path is a file that exists, and matches paths with or
// without a trailing slash alike, so an alias that names a published file,
// or that two pages claim, is a problem at the alias's line. Every target
// must be a published page, and no target may itself be redirected (no
// chains, no loops).
//
// # Headers
//
// Every path gets Content-Security-Policy (default-src 'self', no inline
// scripts or styles, frame-ancestors 'none'), X-Content-Type-Options,
// Referrer-Policy, Permissions-Policy and X-Frame-Options. Fingerprinted
// assets, and only they, get "Cache-Control: public, max-age=31536000,
// immutable". The JSON contract files may be read from any origin. No header
// name is set by two rules that match the same path, since Netlify would
// join their values.
//
// # Example bodies
//
// An error's example body must be valid JSON when its content type is JSON
// (application/json or any +json type). An application/problem+json body
// must be an RFC 9457 problem details object whose "type" is the error's
// type URI and whose "status" is the error's status; "title", "detail" and
// "instance", when present, are strings.
package publish

import (
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"time"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/site"
)

// Config holds the publishing options.
type Config struct {
	// TypeBaseURL is the absolute URL problem type URIs are built from:
	// "<TypeBaseURL>/errors/<id>/". Empty means the site's base URL. A
	// deploy preview sets it to the production URL, so type URIs, which
	// API responses carry, stay the same everywhere.
	TypeBaseURL string
	// Date, when not zero, is the build date: sitemap <lastmod>. Set it only
	// from SOURCE_DATE_EPOCH, so builds stay reproducible.
	Date time.Time
	// Minify minifies CSS and JS with tdewolff's minifier. Pages are
	// published as the templates write them: minifying them saved under 1%
	// of their gzipped size. Fingerprinting is always on.
	Minify bool
	// OpenAPI is the API description to check error coverage against; nil
	// means data/openapi.yaml (or .json) of the site root, if present.
	OpenAPI *File
	// Strict makes an (operation, status) that no error documents a problem
	// instead of a warning.
	Strict bool
	// Errors, when not nil, is asked for what publishing makes of each
	// error (ErrorParts): it returns made(), or what an earlier made gave
	// for the same error when nothing that goes into it changed. The dev
	// server keeps them from one build to the next. It is called on
	// several goroutines at once.
	Errors func(e *catalog.Error, made func() *ErrorParts) *ErrorParts
}

// ErrorParts is what publishing makes of one error: the problems of its
// example body, and its /errors/<id>.json. They depend on the error, the
// causes, remedies and platforms it names, and the site's base URL and
// type base.
type ErrorParts struct {
	Problems diag.List
	File     []byte
	Err      error // making File
}

// File is a named file given by the caller.
type File struct {
	Name string // for messages
	Data []byte
}

// Publisher publishes one site.
type Publisher struct {
	cfg      Config
	site     *site.Site
	src      fs.FS
	typeBase string
	assets   *assets
	warnings diag.List

	parts []*ErrorParts // by index in the catalog's Errors

	contractOnce sync.Once
	contractMade map[string][]byte
	contractErr  error
}

// New checks what the site's data promises to API clients — example
// bodies and, when an OpenAPI description is given or present, error
// coverage — adding problems to problems and keeping warnings for
// Warnings. src is the site root, read only to point problems at lines.
func New(cfg Config, s *site.Site, src fs.FS, problems *diag.List) *Publisher {
	p := &Publisher{cfg: cfg, site: s, src: src, assets: newAssets()}
	p.typeBase = strings.TrimSuffix(cfg.TypeBaseURL, "/")
	if u, err := url.Parse(p.typeBase); p.typeBase != "" && (err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http") {
		problems.Add(diag.Problem{Msg: fmt.Sprintf("type base URL %q: want an absolute http(s) URL such as https://docs.example.com/", cfg.TypeBaseURL)})
	}
	if p.typeBase == "" {
		p.typeBase = s.BaseURL
	}
	p.makeParts(problems)
	p.checkOpenAPI(problems)
	return p
}

// TypeURI is the RFC 9457 problem type URI of the error with the given id:
// the absolute URL of its own page.
func (p *Publisher) TypeURI(id string) string { return p.typeBase + site.ErrorURL(id) }

// Warnings returns what was found that does not fail the build.
func (p *Publisher) Warnings() diag.List { return p.warnings.Sort() }

// AddFiles adds the fingerprinted assets and the hosting files to tree,
// which must hold every rendered page and static file and the error
// contract (AddContract). A problem (a redirect that cannot work) is
// returned as a diag.List.
func (p *Publisher) AddFiles(tree output.Store) error {
	p.assets.addTo(tree)
	tree.Add("sitemap.xml", p.sitemap())
	tree.Add("robots.txt", p.robots())
	tree.Add("_headers", p.headers())
	// Last, so that an alias is checked against every other published file.
	var problems diag.List
	rules := p.redirects(tree, &problems)
	if err := problems.Err(); err != nil {
		return err
	}
	tree.Add("_redirects", formatRedirects(rules))
	return nil
}
