// Command errdocs builds a searchable, cross-linked API error reference
// from YAML data and Markdown pages.
//
//	errdocs build   build the site into build/, running every check
//	errdocs check   run every check without writing anything
//	errdocs lock    record the published URLs and anchors in anchors.lock
//	errdocs diff    what a change does to the published reference (Markdown)
//	errdocs serve   preview on 127.0.0.1 with live reload
//	errdocs help    explain the commands and flags
package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"errdocs/internal/anchorlock"
	"errdocs/internal/diag"
	"errdocs/internal/publish"
	"errdocs/internal/sitegen"
	"errdocs/internal/srcfs"
)

// theme holds the default templates, static files and data schemas, used
// where a site root has none of its own.
//
//go:embed templates static data/schema
var theme embed.FS

const usage = `errdocs builds an API error reference from YAML data and Markdown pages.

Usage:
  errdocs build [flags]   build the site into --out, running every check
  errdocs check [flags]   run every check without writing anything
  errdocs lock [flags]    rewrite anchors.lock in the site root
  errdocs diff [flags]    compare the site with the git revision --base:
                          errors added, removed, renamed, deprecated,
                          retired; titles, statuses, type URIs changed;
                          URLs and anchors gone, and what keeps them. Prints
                          Markdown for a pull request; exit 1 when something
                          published is lost for good or a side does not
                          build, 2 when it cannot compare (not in a git
                          repository, unknown --base)
  errdocs serve [flags]   preview on 127.0.0.1 with live reload: rebuilds on
                          every save, shows problems in the page
  errdocs help            show this help

Problems are printed as file:line:col: message, all at once; the exit
status is 1 if there is any, and the previous output folder is kept. The
build reads only regular files inside the site root (--src), never a
symlink out of it, and replaces only an output folder it made itself or
an empty one; an interrupted build removes its temporary folder.

anchors.lock, committed at the site root, lists every URL and anchor the
site publishes. build and check fail when one of them disappears without
an alias. After removing or renaming one on purpose, run errdocs lock to
rewrite the file, and commit it. New URLs and anchors need no lock run.
An error the API no longer returns is retired (retired: in its data
file), not removed: its page and anchors stay.

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	src, out, baseURL      string
	drafts                 bool
	cpuProfile, memProfile string
	// publishing
	typeBaseURL, openapi string
	strict, minify       bool
	// serve
	bind string
	port int
	// diff
	base string
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		flags(new(options), stderr).PrintDefaults()
		return 2
	}
	cmd, args := args[0], args[1:]
	var opts options
	fl := flags(&opts, stderr)
	switch cmd {
	case "help", "-h", "-help", "--help":
		fl.SetOutput(stdout)
		fmt.Fprint(stdout, usage)
		fl.PrintDefaults()
		return 0
	case "build", "check", "lock", "serve", "diff":
	default:
		fmt.Fprintf(stderr, "errdocs: unknown command %q; run 'errdocs help'\n", cmd)
		return 2
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if opts.cpuProfile != "" {
		stop, err := startCPUProfile(opts.cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "errdocs: %v\n", err)
			return 1
		}
		defer stop()
	}
	if opts.memProfile != "" {
		defer writeHeapProfile(opts.memProfile, stderr)
	}
	pub, err := publishConfig(opts)
	if err != nil {
		fmt.Fprintf(stderr, "errdocs: %v\n", err)
		return 1
	}
	// Every read of the site goes through os.Root: a symlink cannot lead
	// out of the site root (see package srcfs).
	root, err := os.OpenRoot(opts.src)
	if err != nil {
		fmt.Fprintf(stderr, "errdocs: --src: %v\n", err)
		return 1
	}
	defer root.Close()
	cfg := sitegen.Config{Src: root.FS(), Theme: theme, BaseURL: opts.baseURL, Drafts: opts.drafts, Publish: pub}
	if cmd == "lock" {
		if opts.drafts {
			fmt.Fprintln(stderr, "errdocs: lock records what is published; drafts are not: drop --drafts")
			return 2
		}
		cfg.SkipLock = true
	}
	switch cmd {
	case "build":
		return build(cfg, opts.src, opts.out, stdout, stderr)
	case "serve":
		return serve(cfg, opts, stdout, stderr)
	case "diff":
		if fl.NArg() > 0 {
			fmt.Fprintf(stderr, "errdocs diff: unexpected argument %q; the revision to compare with is --base REF\n", fl.Arg(0))
			return 2
		}
		return diffSite(cfg, opts.src, opts.base, stdout, stderr)
	}
	res, err := sitegen.Build(cfg)
	if err != nil {
		return report(stderr, err)
	}
	warn(stderr, res.Warnings)
	if cmd == "lock" {
		return writeLock(stdout, stderr, filepath.Join(opts.src, anchorlock.File), res.Published())
	}
	if _, err := os.Stat(filepath.Join(opts.src, anchorlock.File)); err != nil {
		fmt.Fprintf(stdout, "note: no %s, so removed URLs and anchors go unnoticed; run 'errdocs lock' to create it\n", anchorlock.File)
	}
	fmt.Fprintf(stdout, "ok: %d files, no problems\n", res.Files.Len())
	return 0
}

func flags(o *options, w io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet("errdocs", flag.ContinueOnError)
	fl.SetOutput(w)
	fl.StringVar(&o.src, "src", ".", "site root `dir`: content/, data/, templates/, static/")
	fl.StringVar(&o.out, "out", "build", "output `dir`; replaced only when the build succeeds, and only if errdocs made it (it holds .errdocs-output) or it is empty; never the site root or a folder the build reads")
	fl.StringVar(&o.baseURL, "base-url", sitegen.DefaultBaseURL, "absolute `URL` the site is published at (canonical links, sitemap, problem type URIs)")
	fl.BoolVar(&o.drafts, "drafts", false, "include pages with draft: true")
	fl.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the build to `file` (go tool pprof)")
	fl.StringVar(&o.memProfile, "memprofile", "", "write a heap profile at the end of the build to `file`")
	fl.StringVar(&o.typeBaseURL, "type-base-url", "", "absolute `URL` problem type URIs are built from (default --base-url); a deploy preview sets the production URL")
	fl.StringVar(&o.openapi, "openapi", "", "OpenAPI 3.0/3.1 `file` to check error coverage against (default data/openapi.yaml if present)")
	fl.BoolVar(&o.minify, "minify", true, "minify CSS and JS (pages are published as rendered); -minify=false leaves them readable")
	fl.StringVar(&o.bind, "bind", "127.0.0.1", "serve: `address` to listen on; the default keeps the preview to this machine")
	fl.IntVar(&o.port, "port", 1313, "serve: `port` to listen on (0 picks a free one)")
	fl.StringVar(&o.base, "base", "", "diff: git `revision` to compare with (default: the merge base of HEAD and main, or origin/main)")
	fl.BoolVar(&o.strict, "strict", false, "fail when an operation of the OpenAPI description answers with an error status no error documents")
	return fl
}

// publishConfig reads what publishing needs from the flags and the
// environment: the --openapi file, and SOURCE_DATE_EPOCH, the only source
// of dates in the output.
func publishConfig(o options) (publish.Config, error) {
	cfg := publish.Config{TypeBaseURL: o.typeBaseURL, Minify: o.minify, Strict: o.strict}
	if o.openapi != "" {
		b, err := readFile(o.openapi)
		if err != nil {
			return cfg, fmt.Errorf("--openapi %s: %v", o.openapi, srcfs.Problem("", err).Msg)
		}
		cfg.OpenAPI = &publish.File{Name: o.openapi, Data: b}
	}
	if v := os.Getenv("SOURCE_DATE_EPOCH"); v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return cfg, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01 UTC", v)
		}
		cfg.Date = time.Unix(sec, 0).UTC()
	}
	return cfg, nil
}

// readFile reads a file named on the command line as the site is read:
// a regular file within srcfs.MaxFileSize.
func readFile(name string) ([]byte, error) {
	root, err := os.OpenRoot(filepath.Dir(name))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return srcfs.ReadFile(root.FS(), filepath.Base(name), srcfs.MaxFileSize)
}

// report prints every problem and a count.
func report(w io.Writer, err error) int {
	var list diag.List
	if errors.As(err, &list) {
		for _, p := range list {
			fmt.Fprintln(w, p)
		}
		fmt.Fprintf(w, "%d problem(s)\n", len(list))
		return 1
	}
	fmt.Fprintf(w, "errdocs: %v\n", err)
	return 1
}
