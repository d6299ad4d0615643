// Command errdocs builds a searchable, cross-linked API error reference
// from YAML data and Markdown pages.
//
//	errdocs build   build the site into build/, running every check
//	errdocs check   run every check without writing anything
//	errdocs serve   preview on 127.0.0.1 with live reload
//	errdocs help    explain the commands and flags
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"errdocs/internal/devserver"
	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/sitegen"
)

// theme holds the default templates and static files, used where a site
// root has none of its own.
//
//go:embed templates static
var theme embed.FS

const usage = `errdocs builds an API error reference from YAML data and Markdown pages.

Usage:
  errdocs build [flags]   build the site into --out, running every check
  errdocs check [flags]   run every check without writing anything
  errdocs serve [flags]   preview on 127.0.0.1 with live reload: rebuilds on
                          every save, shows problems in the page
  errdocs help            show this help

Problems are printed as file:line:col: message, all at once; the exit
status is 1 if there is any, and the previous output folder is kept.

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	src, out, baseURL, bind string
	port                    int
	drafts                  bool
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
	case "build", "check", "serve":
	default:
		fmt.Fprintf(stderr, "errdocs: unknown command %q; run 'errdocs help'\n", cmd)
		return 2
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	cfg := sitegen.Config{Src: os.DirFS(opts.src), Theme: theme, BaseURL: opts.baseURL, Drafts: opts.drafts}
	if cmd == "serve" {
		return serve(cfg, opts, stdout, stderr)
	}
	res, err := sitegen.Build(cfg)
	if err != nil {
		return report(stderr, err)
	}
	if cmd == "check" {
		fmt.Fprintf(stdout, "ok: %d files, no problems\n", res.Tree.Len())
		return 0
	}
	output.CleanStale(opts.out)
	if err := output.WriteDir(res.Tree, opts.out); err != nil {
		fmt.Fprintf(stderr, "errdocs: writing %s: %v\n", opts.out, err)
		return 1
	}
	fmt.Fprintf(stdout, "built %d files into %s\n", res.Tree.Len(), opts.out)
	return 0
}

func flags(o *options, w io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet("errdocs", flag.ContinueOnError)
	fl.SetOutput(w)
	fl.StringVar(&o.src, "src", ".", "site root `dir`: content/, data/, templates/, static/")
	fl.StringVar(&o.out, "out", "build", "output `dir`; replaced only when the build succeeds")
	fl.StringVar(&o.baseURL, "base-url", "https://docs.example.com/", "absolute `URL` the site is published at (canonical links, sitemap, problem type URIs)")
	fl.BoolVar(&o.drafts, "drafts", false, "include pages with draft: true")
	fl.StringVar(&o.bind, "bind", "127.0.0.1", "serve: `address` to listen on; the default keeps the preview to this machine")
	fl.IntVar(&o.port, "port", 1313, "serve: `port` to listen on (0 picks a free one)")
	return fl
}

// serve runs the dev server until Ctrl-C or SIGTERM.
func serve(cfg sitegen.Config, opts options, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := devserver.Run(ctx, devserver.Config{
		Dir: opts.src, Site: cfg, Bind: opts.bind, Port: opts.port, Log: stderr,
		Ready: func(url string) { fmt.Fprintf(stdout, "serving %s at %s (Ctrl-C to stop)\n", opts.src, url) },
	})
	if err != nil {
		fmt.Fprintf(stderr, "errdocs: %v\n", err)
		return 1
	}
	return 0
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
