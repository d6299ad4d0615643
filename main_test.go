package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// goodBuild builds goodSite from tmp/site into tmp/build, a new temporary
// folder, and returns the paths and the files built.
func goodBuild(t *testing.T) (tmp, src, out string, built map[string][]byte) {
	t.Helper()
	tmp = t.TempDir()
	src, out = filepath.Join(tmp, "site"), filepath.Join(tmp, "build")
	writeSite(t, src, goodSite)
	if code, _, stderr := runCmd("build", "--src", src, "--out", out); code != 0 {
		t.Fatalf("good build: exit %d\n%s", code, stderr)
	}
	built = readTree(t, out)
	if len(built) == 0 {
		t.Fatal("good build wrote nothing")
	}
	return tmp, src, out, built
}

var goodSite = map[string]string{
	"content/guide.md":     "---\ntitle: Guide\n---\n\nSee [errors](/errors/#401).\n",
	"data/platforms.yaml":  "- id: tmsp\n  name: TMSP\n",
	"data/errors/401.yaml": "id: \"401\"\nstatus: 401\ntitle: Unauthorized\n",
}

// TestFailedBuildKeepsOutput: a build with bad input exits 1 with every
// problem and a count, and leaves the previous output byte-identical with
// no temporary folder; check prints the same and exits the same.
func TestFailedBuildKeepsOutput(t *testing.T) {
	tmp, src, out, before := goodBuild(t)

	writeSite(t, src, map[string]string{
		"content/guide.md":     "---\ntitle: Guide\nwieght: 1\n---\n\nSee [errors](/errors/#401).\n",
		"data/errors/401.yaml": "id: \"401\"\nstatus: 401\ntitle: Unauthorized\ncause: nope\n",
	})
	want := `content/guide.md:3:1: unknown key "wieght"; did you mean "weight"?
data/errors/401.yaml:4:8: unknown cause "nope"
2 problem(s)
`
	code, stdout, stderr := runCmd("build", "--src", src, "--out", out)
	if code != 1 || stderr != want || stdout != "" {
		t.Errorf("bad build: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and:\n%s", code, stdout, stderr, want)
	}
	after := readTree(t, out)
	if len(after) != len(before) {
		t.Errorf("build/ has %d files, had %d", len(after), len(before))
	}
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Errorf("%s changed", p)
		}
	}
	es, _ := os.ReadDir(tmp)
	for _, e := range es {
		if e.Name() != "site" && e.Name() != "build" {
			t.Errorf("left behind: %s", e.Name())
		}
	}

	ccode, cstdout, cstderr := runCmd("check", "--src", src)
	if ccode != code || cstderr != stderr || cstdout != stdout {
		t.Errorf("check: exit %d, stdout %q, stderr:\n%s\nwant what build gave: exit %d, stderr:\n%s", ccode, cstdout, cstderr, code, stderr)
	}
}

// TestLockCommand: lock writes anchors.lock; removing an anchor then fails
// check at its lock line; an alias makes it pass again.
func TestLockCommand(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, goodSite)
	if code, stdout, stderr := runCmd("check", "--src", src); code != 0 || !strings.Contains(stdout, "no anchors.lock") {
		t.Fatalf("check without a lock: exit %d, stdout %q, stderr %q; want 0 and a note", code, stdout, stderr)
	}
	code, stdout, stderr := runCmd("lock", "--src", src)
	if code != 0 || !strings.HasPrefix(stdout, "wrote "+filepath.Join(src, "anchors.lock")) {
		t.Fatalf("lock: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	lock, err := os.ReadFile(filepath.Join(src, "anchors.lock"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(lock), "\n")
	line := 0
	for i, l := range lines {
		if l == "/errors/#401" {
			line = i + 1
		}
	}
	if line == 0 {
		t.Fatalf("anchors.lock lacks /errors/#401:\n%s", lock)
	}

	// Rename the error: its URL and anchors disappear.
	os.Remove(filepath.Join(src, "data/errors/401.yaml"))
	writeSite(t, src, map[string]string{
		"data/errors/401-unauthorized.yaml": "id: \"401-unauthorized\"\nstatus: 401\ntitle: Unauthorized\n",
		"content/guide.md":                  "---\ntitle: Guide\n---\n\nSee [errors](/errors/#401-unauthorized).\n",
	})
	code, _, stderr = runCmd("check", "--src", src)
	if code != 1 || !strings.Contains(stderr, "anchors.lock:"+strconv.Itoa(line)+":1: /errors/#401 is published but gone") {
		t.Errorf("check after a rename: exit %d, stderr:\n%s\nwant the lock line %d", code, stderr, line)
	}
	writeSite(t, src, map[string]string{
		"data/errors/401-unauthorized.yaml": "id: \"401-unauthorized\"\nstatus: 401\ntitle: Unauthorized\naliases: [\"401\"]\n",
	})
	if code, _, stderr := runCmd("check", "--src", src); code != 0 {
		t.Errorf("check with the old id as an alias: exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, _ := runCmd("lock", "--src", src, "--drafts"); code != 2 {
		t.Errorf("lock --drafts: exit %d, want 2", code)
	}
}

// TestServeCommand checks serve's flags; serving itself is tested in
// internal/devserver.
func TestServeCommand(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, goodSite)
	if code, _, stderr := runCmd("serve", "--src", src, "--prot", "1"); code != 2 || !strings.Contains(stderr, "flag provided but not defined: -prot") {
		t.Errorf("serve --prot: exit %d, stderr %q; want 2 and the unknown flag", code, stderr)
	}
	if code, _, stderr := runCmd("serve", "--src", src, "--bind", "127.0.0.1", "--port", "70000"); code != 1 || !strings.Contains(stderr, "errdocs: ") {
		t.Errorf("serve --port 70000: exit %d, stderr %q; want 1 and the listen error", code, stderr)
	}
	if code, stdout, _ := runCmd("help"); code != 0 || !strings.Contains(stdout, "-port") || !strings.Contains(stdout, "-bind") {
		t.Errorf("help: exit %d; want --port and --bind explained:\n%s", code, stdout)
	}
}
