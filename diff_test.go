package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// gitRepo makes a git repository in a new temporary folder, on branch
// main, with files committed, and returns its path. Git reads no
// configuration but the repository's own, and the temporary folders diff
// makes go to a folder of their own, which the test checks is left empty
// (see noLeftovers).
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("TMPDIR", t.TempDir())
	dir := filepath.Join(t.TempDir(), "repo")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	gitRun(t, dir, "init", "-q", "-b", "main")
	gitRun(t, dir, "config", "user.name", "errdocs test")
	gitRun(t, dir, "config", "user.email", "test@example.com")
	writeSite(t, dir, files)
	commitAll(t, dir, "site")
	return dir
}

func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := git(dir, args...)
	if err != nil {
		t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func commitAll(t *testing.T, dir, msg string) {
	t.Helper()
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", msg)
}

// noLeftovers checks that diff removed its worktree: git knows only the
// repository's own, and the temporary folder is empty.
func noLeftovers(t *testing.T, repo string) {
	t.Helper()
	if list := gitRun(t, repo, "worktree", "list", "--porcelain"); strings.Count(list, "worktree ") != 1 {
		t.Errorf("git worktree list after diff:\n%s", list)
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) > 0 {
		t.Errorf("diff left %d files in the temporary folder, the first %s", len(left), left[0].Name())
	}
}

// diffSiteFiles is the site on main: errors 401, 403, 410 and 500, a
// platform, and a guide.
var diffSiteFiles = map[string]string{
	"content/guides/old.md": "---\ntitle: Old guide\n---\n\n## Tokens\n\nSee [401](/errors/401/).\n",
	"data/platforms.yaml":   "- id: tmus\n  name: TMUS\n  supplier: T-Mobile US\n",
	"data/errors/401.yaml":  "id: \"401\"\nstatus: 401\ntitle: Unauthorized\n",
	"data/errors/403.yaml":  "id: \"403\"\nstatus: 403\ntitle: Forbidden\nplatforms:\n  tmus: TMUS answers 401.\n",
	"data/errors/410.yaml":  "id: \"410\"\nstatus: 410\ntitle: Gone\n",
	"data/errors/500.yaml":  "id: \"500\"\nstatus: 500\ntitle: Internal Server Error\n",
}

// TestDiff runs diff in a scratch repository on a change of each kind,
// made in the working tree of a branch: it compares with the merge base
// with main, prints each change, exits 1 while an error's removal loses
// its URLs and anchors, and 0 once nothing is lost; its worktree is gone
// afterwards.
func TestDiff(t *testing.T) {
	repo := gitRepo(t, diffSiteFiles)
	gitRun(t, repo, "checkout", "-q", "-b", "change")
	// One commit on the branch, the rest in the working tree: diff takes
	// both.
	writeSite(t, repo, map[string]string{
		"data/errors/403.yaml": diffSiteFiles["data/errors/403.yaml"] + "retired:\n  since: \"6.0\"\n  note: Sent as 401.\n  replaced_by: \"401\"\n",
	})
	commitAll(t, repo, "retire 403")
	if err := os.Remove(filepath.Join(repo, "data/errors/410.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(repo, "content/guides/old.md"), filepath.Join(repo, "content/guides/new.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(repo, "data/errors/500.yaml"), filepath.Join(repo, "data/errors/server-error.yaml")); err != nil {
		t.Fatal(err)
	}
	writeSite(t, repo, map[string]string{
		"content/guides/new.md":         "---\ntitle: New guide\naliases: [/guides/old/]\n---\n\n## Tokens\n\nSee [401](/errors/401/).\n",
		"data/errors/401.yaml":          "id: \"401\"\nstatus: 401\ntitle: Not authenticated\n",
		"data/errors/409.yaml":          "id: \"409\"\nstatus: 409\ntitle: Conflict\ndeprecated:\n  since: \"5.3\"\n",
		"data/errors/server-error.yaml": "id: server-error\nstatus: 500\ntitle: Internal Server Error\naliases: [\"500\"]\n",
	})

	code, out, stderr := runCmd("diff", "--src", repo)
	if code != 1 {
		t.Errorf("diff with 410 removed: exit %d, want 1\n%s%s", code, stderr, out)
	}
	for _, want := range []string{
		"## Error reference: the merge base with `main` (",
		"**8 URLs or anchors are lost for good**",
		"| `409` | 409 | Conflict |",                                         // added
		"| `410` | 410 | Gone |",                                             // removed
		"| `500` | `server-error` Internal Server Error |",                   // renamed
		"| `403` Forbidden | 6.0 | `401` Not authenticated | Sent as 401. |", // retired
		"| `401` | title | Unauthorized | Not authenticated |",
		"| `server-error` | type URI | `https://docs.example.com/errors/500/` | `https://docs.example.com/errors/server-error/` |",
		"| `/errors/410/` and 5 anchors on it | **LOST** |",
		"| `/guides/old/` and 3 anchors on it | kept by alias `/guides/old/ -> /guides/new/` |",
		"| `/errors/500/` and 5 anchors on it | kept by alias `/errors/500/ -> /errors/server-error/` |",
		"| `/errors/#403` and 1 more anchor of `403` | kept: retired error tombstone |",
		"| `/platforms/tmus/#403` | kept: retired error tombstone |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "### Deprecated") {
		t.Errorf("diff lists 409, new and deprecated, as deprecated; want it added only:\n%s", out)
	}
	noLeftovers(t, repo)

	// Retired rather than removed, 410 loses nothing.
	writeSite(t, repo, map[string]string{"data/errors/410.yaml": "id: \"410\"\nstatus: 410\ntitle: Gone\nretired:\n  since: \"6.0\"\n"})
	code, out, stderr = runCmd("diff", "--src", repo)
	if code != 0 || !strings.Contains(out, "Nothing published is lost.") || !strings.Contains(out, "### Retired (2)") {
		t.Errorf("diff with 410 retired: exit %d, want 0, saying nothing is lost\n%s%s", code, stderr, out)
	}
	noLeftovers(t, repo)
}

// TestDiffBase checks the revisions diff compares with: --base, the merge
// base with origin/main where there is no main, and clear errors outside
// a repository, for an unknown revision, with no main to default to, and
// for a revision whose site does not build.
func TestDiffBase(t *testing.T) {
	repo := gitRepo(t, diffSiteFiles)
	first := gitRun(t, repo, "rev-parse", "HEAD")
	// A commit whose data does not build.
	gitRun(t, repo, "checkout", "-q", "-b", "broken")
	writeSite(t, repo, map[string]string{"data/errors/401.yaml": "id: \"401\"\nstatus: 401\n"})
	commitAll(t, repo, "break 401")
	gitRun(t, repo, "checkout", "-q", "main")

	tests := []struct {
		name     string
		args     []string
		setup    func()
		wantCode int
		want     string // in stdout, or stderr when the exit is not 0
	}{
		{"a commit", []string{"--base", first[:8]}, nil, 0, "## Error reference: `" + first[:8] + "` (" + first[:10] + ") → this change\n\nNo change"},
		{"unknown", []string{"--base", "no-such-branch"}, nil, 2, `errdocs diff: unknown revision "no-such-branch"`},
		{"not a flag", []string{"main"}, nil, 2, `errdocs diff: unexpected argument "main"; the revision to compare with is --base REF`},
		{"does not build", []string{"--base", "broken"}, nil, 1, "errdocs diff: broken ("},
		{"origin/main", nil, func() {
			gitRun(t, repo, "update-ref", "refs/remotes/origin/main", first)
			gitRun(t, repo, "branch", "-q", "-m", "main", "trunk")
		}, 0, "the merge base with `origin/main` (" + first[:10] + ")"},
		{"no main", nil, func() { gitRun(t, repo, "update-ref", "-d", "refs/remotes/origin/main") }, 2,
			"errdocs diff: neither main nor origin/main exists to compare with: give --base REF"},
		{"not a repository", []string{"--base", "main"}, func() {
			if err := os.RemoveAll(filepath.Join(repo, ".git")); err != nil {
				t.Fatal(err)
			}
		}, 2, "is not in a git repository"},
	}
	for _, tt := range tests {
		if tt.setup != nil {
			tt.setup()
		}
		code, out, stderr := runCmd(append([]string{"diff", "--src", repo}, tt.args...)...)
		got := out
		if code != 0 {
			got = stderr
		}
		if code != tt.wantCode || !strings.Contains(got, tt.want) {
			t.Errorf("%s: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", tt.name, code, tt.wantCode, tt.want, out, stderr)
		}
		if tt.name == "does not build" && !strings.Contains(stderr, `data/errors/401.yaml:1:1: missing required key "title"`) {
			t.Errorf("%s: the problem of the revision is not named:\n%s", tt.name, stderr)
		}
		if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) > 0 {
			t.Errorf("%s: diff left %s in the temporary folder", tt.name, left[0].Name())
		}
	}
}

// TestDiffInterrupt interrupts diff in a child process while it builds
// the base revision: the worktree and its temporary folder are removed
// all the same.
func TestDiffInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 2,000 errors")
	}
	files := maps.Clone(diffSiteFiles)
	for i := range 2000 {
		files[fmt.Sprintf("data/errors/e%d.yaml", i)] = fmt.Sprintf("id: e%d\nstatus: 400\ntitle: Error %d\nsummary: The summary of error %d.\n", i, i, i)
	}
	repo := gitRepo(t, files)
	args, _ := json.Marshal([]string{"diff", "--src", repo})
	cmd := exec.Command(os.Args[0], "-test.run=^TestMainChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ERRDOCS_MAIN_ARGS="+string(args))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the base revision's files in the worktree.
	found := false
	for deadline := time.Now().Add(time.Minute); !found && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		m, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "errdocs-diff-*", "base", "data", "errors", "e1999.yaml"))
		found = len(m) > 0
	}
	if !found {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("diff made no worktree within a minute; stderr:\n%s", stderr.String())
	}
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit %d, want 130; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "errdocs diff: interrupted") {
		t.Errorf("stderr %q does not say diff was interrupted", stderr.String())
	}
	noLeftovers(t, repo)
}
