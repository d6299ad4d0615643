package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"errdocs/internal/diff"
	"errdocs/internal/sitegen"
)

// diffSite builds the site at the git revision base (default: the merge
// base of HEAD and main, else origin/main) and in the working tree, and
// prints what the change does to the published reference, as Markdown
// (see package diff). The revision is checked out as a git worktree in a
// temporary folder, removed on every way out, an interrupt included.
//
// It exits 0 when nothing published is lost, 1 when something is lost
// for good or a side does not build, and 2 when it cannot compare: src
// is not in a git repository, or the revision is unknown.
func diffSite(cfg sitegen.Config, src, base string, stdout, stderr io.Writer) int {
	fail := func(code int, format string, args ...any) int {
		fmt.Fprintf(stderr, "errdocs diff: "+format+"\n", args...)
		return code
	}
	abs, err := filepath.Abs(src)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return fail(2, "--src: %v", err)
	}
	top, err := git(abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return fail(2, "%s is not in a git repository: diff compares the site with a git revision (%v)", src, err)
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil {
		return fail(2, "--src: %v", err)
	}
	// name is the revision for messages, label for the report.
	name, label := base, "`"+base+"`"
	if base == "" {
		var branch string
		if base, branch, err = mergeBase(top); err != nil {
			return fail(2, "%v", err)
		}
		name, label = "the merge base with "+branch, "the merge base with `"+branch+"`"
	}
	commit, err := git(top, "rev-parse", "--verify", "--quiet", base+"^{commit}")
	if err != nil || strings.HasPrefix(base, "-") {
		return fail(2, "unknown revision %q: give a branch, tag or commit of the repository", base)
	}
	short := commit[:min(len(commit), 10)]
	name, label = fmt.Sprintf("%s (%s)", name, short), fmt.Sprintf("%s (%s)", label, short)

	// Signals are caught before the worktree exists, so that an interrupt
	// while it is made waits for the cleanup below.
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer func() {
		signal.Stop(interrupt)
		close(interrupt)
	}()
	wt, cleanup, err := worktree(top, commit)
	if err != nil {
		return fail(1, "checking out %s: %v", name, err)
	}
	defer cleanup()
	go func() {
		if _, ok := <-interrupt; ok {
			cleanup()
			fmt.Fprintln(stderr, "errdocs diff: interrupted")
			os.Exit(130)
		}
	}()

	baseBuild, code := buildSide(cfg, filepath.Join(wt, rel), name, stderr)
	if code != 0 {
		return code
	}
	headBuild, code := buildSide(cfg, abs, "the working tree", stderr)
	if code != 0 {
		return code
	}
	report := diff.Compare(baseBuild, headBuild)
	if err := report.WriteMarkdown(stdout, label, "this change"); err != nil {
		return fail(1, "%v", err)
	}
	if report.Lost() > 0 {
		return 1
	}
	return 0
}

// buildSide builds the site rooted at dir, named what in messages, with
// cfg but its own source, and no lock check: losses are what diff
// reports.
func buildSide(cfg sitegen.Config, dir, what string, stderr io.Writer) (diff.Build, int) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		fmt.Fprintf(stderr, "errdocs diff: %s has no site at %s: %v\n", what, dir, err)
		return diff.Build{}, 1
	}
	defer root.Close()
	cfg.Src, cfg.SkipLock = root.FS(), true
	res, err := sitegen.Build(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "errdocs diff: %s does not build:\n", what)
		report(stderr, err)
		return diff.Build{}, 1
	}
	b, err := diff.FromResult(res)
	if err != nil {
		fmt.Fprintf(stderr, "errdocs diff: %s: %v\n", what, err)
		return diff.Build{}, 1
	}
	return b, 0
}

// mergeBase returns the merge base of HEAD and main, or of HEAD and
// origin/main where there is no main (a CI checkout of a pull request),
// and the branch it took.
func mergeBase(top string) (commit, branch string, err error) {
	for _, branch := range []string{"main", "origin/main"} {
		if _, err := git(top, "rev-parse", "--verify", "--quiet", branch+"^{commit}"); err != nil {
			continue
		}
		commit, err := git(top, "merge-base", "HEAD", branch)
		if err != nil {
			return "", "", fmt.Errorf("no merge base of HEAD and %s: %v; give --base REF", branch, err)
		}
		return commit, branch, nil
	}
	return "", "", errors.New("neither main nor origin/main exists to compare with: give --base REF")
}

// worktree checks commit out, detached, in a new temporary folder and
// returns its path and a function that removes it, safe to call more
// than once and from another goroutine.
func worktree(top, commit string) (dir string, cleanup func(), err error) {
	tmp, err := os.MkdirTemp("", "errdocs-diff-")
	if err != nil {
		return "", nil, err
	}
	dir = filepath.Join(tmp, "base")
	var once sync.Once
	cleanup = func() {
		once.Do(func() {
			git(top, "worktree", "remove", "--force", dir)
			os.RemoveAll(tmp)
			git(top, "worktree", "prune")
		})
	}
	if _, err := git(top, "worktree", "add", "--detach", "--quiet", dir, commit); err != nil {
		cleanup()
		return "", nil, err
	}
	return dir, cleanup, nil
}

// git runs git in dir and returns its output, trimmed; an error carries
// what git said on stderr.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(strings.TrimPrefix(msg, "fatal: "))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
