package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"errdocs/internal/devserver"
	"errdocs/internal/sitegen"
)

// serve runs the dev server until Ctrl-C or SIGTERM. It builds with the
// same cfg as build (CSS and JS minified, every check on), so served pages
// are the built ones but for the live reload script.
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
