package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"errdocs/internal/output"
)

// TestOutPlace runs build with an --out that would destroy or feed the
// site, as a new user might: each is refused with exit 2, and not a file
// of the site or beside it changes.
func TestOutPlace(t *testing.T) {
	tests := []struct {
		out  string // relative to the folder holding wrap/
		want string
	}{
		{"wrap/site", "is the site root"},
		{"wrap", "holds the site root"},
		{"wrap/site/data", "is in data/"},
		{"wrap/site/static/build", "is in static/"},
		{"wrap/site/content/errors", "is in content/"},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			tmp := t.TempDir()
			src := filepath.Join(tmp, "wrap", "site")
			writeSite(t, src, goodSite)
			writeSite(t, filepath.Join(tmp, "wrap"), map[string]string{"sibling/keep.txt": "keep"})
			before := readTree(t, tmp)
			code, stdout, stderr := runCmd("build", "--src", src, "--out", filepath.Join(tmp, tt.out))
			if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, tt.want)
			}
			if after := readTree(t, tmp); !sameTree(before, after) {
				t.Errorf("files changed: had %d, have %d", len(before), len(after))
			}
		})
	}

	// An existing folder that errdocs did not make is not replaced.
	tmp := t.TempDir()
	src, out := filepath.Join(tmp, "site"), filepath.Join(tmp, "docs")
	writeSite(t, src, goodSite)
	writeSite(t, out, map[string]string{"notes.txt": "mine"})
	code, _, stderr := runCmd("build", "--src", src, "--out", out)
	if code != 1 || !strings.Contains(stderr, "was not made by errdocs") {
		t.Errorf("build over a foreign folder: exit %d, stderr %q", code, stderr)
	}
	if got := readTree(t, out); len(got) != 1 || string(got["notes.txt"]) != "mine" {
		t.Errorf("the foreign folder changed: %v", got)
	}
}

func sameTree(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for p, x := range a {
		if y, ok := b[p]; !ok || !bytes.Equal(x, y) {
			return false
		}
	}
	return true
}

// TestMainChild runs errdocs with the arguments of ERRDOCS_MAIN_ARGS in a
// child process and exits with its status; it does nothing on its own.
func TestMainChild(t *testing.T) {
	args := os.Getenv("ERRDOCS_MAIN_ARGS")
	if args == "" {
		t.Skip("run by TestInterrupt")
	}
	var argv []string
	if err := json.Unmarshal([]byte(args), &argv); err != nil {
		t.Fatal(err)
	}
	os.Exit(run(argv, os.Stdout, os.Stderr))
}

// TestInterrupt starts a build in a child process, interrupts it once it
// writes pages, and checks that the previous output is as it was and no
// temporary folder is left, for SIGINT (Ctrl-C), SIGTERM (CI cancelling
// a job) and SIGHUP (a closed terminal).
func TestInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 3,000 errors")
	}
	tmp, src, out, before := goodBuild(t)
	if _, ok := before[output.Marker]; !ok {
		t.Fatalf("the build has no %s", output.Marker)
	}
	// Enough errors that writing the pages takes a while.
	big := map[string]string{}
	for i := range 3000 {
		id := fmt.Sprintf("e%d", i)
		big["data/errors/"+id+".yaml"] = fmt.Sprintf("id: %s\nstatus: 400\ntitle: Error %d\nsummary: The summary of error %d, with [a link](/errors/401/).\n", id, i, i)
	}
	writeSite(t, src, big)

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			args, _ := json.Marshal([]string{"build", "--src", src, "--out", out})
			cmd := exec.Command(os.Args[0], "-test.run=^TestMainChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "ERRDOCS_MAIN_ARGS="+string(args))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			writing := waitForPages(tmp)
			if writing == "" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("the build wrote no page within 60 s; stderr:\n%s", stderr.String())
			}
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 130 {
				t.Fatalf("exit %d (%v), want 130; stderr:\n%s", code, err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted; "+out+" is unchanged") {
				t.Errorf("stderr %q does not say the output is unchanged", stderr.String())
			}
			if _, err := os.Stat(writing); err == nil {
				t.Errorf("the temporary folder %s is left", writing)
			}
			es, _ := os.ReadDir(tmp)
			for _, e := range es {
				if e.Name() != "site" && e.Name() != "build" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
			if after := readTree(t, out); !sameTree(before, after) {
				t.Errorf("the previous output changed")
			}
		})
	}
}

// waitForPages returns the temporary folder of the build writing into
// dir/build once an error page is in it, or "" after a minute.
func waitForPages(dir string) string {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		tmps, _ := filepath.Glob(filepath.Join(dir, ".build.tmp-*"))
		for _, tmp := range tmps {
			if _, err := os.Stat(filepath.Join(tmp, "errors", "e1", "index.html")); err == nil {
				return tmp
			}
		}
	}
	return ""
}

// TestNoDataWarns: a site root without data/ builds (a site may be pages
// alone) but says so, as a wrong --src most often is.
func TestNoDataWarns(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "site")
	writeSite(t, src, map[string]string{"content/guide.md": "---\ntitle: Guide\n---\n\nText.\n"})
	code, _, stderr := runCmd("build", "--src", src, "--out", filepath.Join(tmp, "build"))
	want := "data: warning: no such folder, so the site documents no errors; is the site root right?\n"
	if code != 0 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 0 and %q", code, stderr, want)
	}
}
