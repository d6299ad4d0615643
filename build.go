package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"errdocs/internal/anchorlock"
	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/sitegen"
)

// build streams the site into a temporary folder beside out and swaps it
// in when every check has passed. out must not be or hold the site root
// src, nor be inside a folder the build reads, and it is replaced only if
// errdocs made it or it is empty (output.CheckPlace, output.Dir). On
// problems, or an interrupt (Ctrl-C, SIGTERM, SIGHUP), the temporary
// folder is removed and out is left as it was; temporary folders left by
// a killed build are removed first.
func build(cfg sitegen.Config, src, out string, stdout, stderr io.Writer) int {
	// Signals are caught before the temporary folder exists: one that
	// comes while it is made waits for the handler below.
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(interrupt)
	if err := output.CheckPlace(out, src, sitegen.InputDirs()); err != nil {
		fmt.Fprintf(stderr, "errdocs: %v\n", err)
		return 2
	}
	output.CleanStale(out)
	dir, err := output.NewDir(out)
	if err != nil {
		fmt.Fprintf(stderr, "errdocs: %v\n", err)
		return 1
	}
	go func() {
		<-interrupt
		if dir.Abort() {
			fmt.Fprintf(stderr, "errdocs: interrupted; %s is unchanged\n", out)
		} else {
			fmt.Fprintf(stderr, "errdocs: interrupted after the build was written\n")
		}
		os.Exit(130)
	}()
	res, err := sitegen.BuildTo(cfg, dir)
	if err != nil {
		dir.Abort()
		return report(stderr, err)
	}
	warn(stderr, res.Warnings)
	if err := dir.Commit(); err != nil {
		fmt.Fprintf(stderr, "errdocs: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "built %d files into %s\n", res.Files.Len(), out)
	return 0
}

// warn prints findings that do not fail the build.
func warn(w io.Writer, warnings diag.List) {
	for _, p := range warnings {
		p.Msg = "warning: " + p.Msg
		fmt.Fprintln(w, p)
	}
}

// writeLock rewrites the lock file with entries and says what changed.
func writeLock(stdout, stderr io.Writer, file string, entries []string) int {
	old := map[string]bool{}
	if b, err := os.ReadFile(file); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				old[l] = true
			}
		}
	}
	added := 0
	for _, e := range entries {
		if !old[e] {
			added++
		}
		delete(old, e)
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, anchorlock.Format(entries), 0o644); err != nil {
		fmt.Fprintf(stderr, "errdocs: %v\n", err)
		return 1
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		fmt.Fprintf(stderr, "errdocs: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: %d URLs and anchors (%d added, %d removed)\n", file, len(entries), added, len(old))
	return 0
}

func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeHeapProfile(file string, stderr io.Writer) {
	f, err := os.Create(file)
	if err == nil {
		err = pprof.WriteHeapProfile(f)
		f.Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "errdocs: %v\n", err)
	}
}
