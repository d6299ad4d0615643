package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"errdocs/internal/publish"
)

// parseTOML reads the subset of TOML that netlify.toml uses: [table]
// headers, key = "basic string" pairs and # comments. Anything else is an
// error, so the file stays within what this test understands.
func parseTOML(b []byte) (map[string]string, error) {
	out := map[string]string{}
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") && !strings.HasPrefix(line, "[["):
			table = strings.TrimSpace(line[1 : len(line)-1])
		default:
			k, v, ok := strings.Cut(line, "=")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if !ok || k == "" || len(v) < 2 || v[0] != '"' {
				return nil, fmt.Errorf("line %d: want key = \"string\", got %q", n, line)
			}
			var s string
			if err := json.Unmarshal([]byte(v), &s); err != nil { // TOML basic strings escape as JSON does here
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			key := k
			if table != "" {
				key = table + "." + k
			}
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("line %d: %s given twice", n, key)
			}
			out[key] = s
		}
	}
	return out, sc.Err()
}

// shellFields splits a command line as sh would for the simple forms
// netlify.toml uses: words, "double-quoted" words and $NAME expansions.
func shellFields(cmd string, env map[string]string) []string {
	var out []string
	var cur strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case c == '"':
			quoted, inWord = !quoted, true
		case c == ' ' && !quoted:
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
			}
			inWord = false
		case c == '$':
			j := i + 1
			for j < len(cmd) && (cmd[j] == '_' || cmd[j] >= 'A' && cmd[j] <= 'Z') {
				j++
			}
			cur.WriteString(env[cmd[i+1:j]])
			i, inWord = j-1, true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

func goDirective(t *testing.T) string {
	b, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "go "); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatal("go.mod has no go directive")
	return ""
}

// TestNetlifyTOML reads netlify.toml and runs the build command of each
// deploy context as Netlify would, with its environment.
func TestNetlifyTOML(t *testing.T) {
	b, err := os.ReadFile("netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := parseTOML(b)
	if err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	if got, want := cfg["build.publish"], flags(new(options), nil).Lookup("out").DefValue; got != want {
		t.Errorf("build.publish = %q, want %q, where build writes", got, want)
	}
	if got, want := cfg["build.environment.GO_VERSION"], goDirective(t); got != want {
		t.Errorf("GO_VERSION = %q, want %q from go.mod", got, want)
	}
	const prod, preview = "https://docs.example.com", "https://deploy-preview-6--errdocs.netlify.app"
	env := map[string]string{"URL": prod, "DEPLOY_PRIME_URL": preview}
	tests := []struct {
		key      string
		pagesURL string // where canonical links point
	}{
		{"build.command", prod},
		{"context.production.command", prod},
		{"context.deploy-preview.command", preview},
		{"context.branch-deploy.command", preview},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			cmd, ok := cfg[tt.key]
			if !ok {
				t.Fatalf("netlify.toml has no %s", tt.key)
			}
			args := shellFields(cmd, env)
			if len(args) < 4 || strings.Join(args[:4], " ") != "go run . build" {
				t.Fatalf("%s = %q; want go run . build ...", tt.key, cmd)
			}
			out := filepath.Join(t.TempDir(), "build")
			var stdout, stderr bytes.Buffer
			if code := run(append(args[3:], "--out", out), &stdout, &stderr); code != 0 {
				t.Fatalf("%s: exit %d\n%s", cmd, code, stderr.String())
			}
			var c publish.Contract
			b, err := os.ReadFile(filepath.Join(out, "errors.json"))
			if err == nil {
				err = json.Unmarshal(b, &c)
			}
			if err != nil || len(c.Errors) == 0 {
				t.Fatalf("errors.json: %v", err)
			}
			if e := c.Errors[0]; e.Type != prod+"/errors/"+e.ID+"/" || e.URL != tt.pagesURL+"/errors/"+e.ID+"/" {
				t.Errorf("type %q, url %q; want type on %s, url on %s", e.Type, e.URL, prod, tt.pagesURL)
			}
		})
	}
}

// copySite copies the site root (content, data, templates, static) to dir.
func copySite(t *testing.T, dir string) {
	t.Helper()
	for _, top := range []string{"content", "data", "templates", "static"} {
		err := filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			dst := filepath.Join(dir, p)
			if d.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every file below dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBuildChild is the build run by TestDeterminism in a child process
// with another environment; it does nothing on its own.
func TestBuildChild(t *testing.T) {
	args := os.Getenv("ERRDOCS_CHILD_ARGS")
	if args == "" {
		t.Skip("run by TestDeterminism")
	}
	var stdout, stderr bytes.Buffer
	var argv []string
	if err := json.Unmarshal([]byte(args), &argv); err != nil {
		t.Fatal(err)
	}
	if code := run(argv, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}

// TestDeterminism builds the seed site from two folders, once in this
// process and once in a child with another time zone, GOMAXPROCS and
// locale, and wants every byte of the output equal. SOURCE_DATE_EPOCH is
// the only date, so it is set for both.
func TestDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site twice")
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1714972089")
	tmp := t.TempDir()
	srcA := filepath.Join(tmp, "a")
	srcB := filepath.Join(tmp, "other folder", "deeper", "site")
	copySite(t, srcA)
	copySite(t, srcB)
	outA, outB := filepath.Join(tmp, "outA"), filepath.Join(tmp, "outB")

	prev := runtime.GOMAXPROCS(max(4, runtime.NumCPU()))
	var stdout, stderr bytes.Buffer
	code := run([]string{"build", "--src", srcA, "--out", outA}, &stdout, &stderr)
	runtime.GOMAXPROCS(prev)
	if code != 0 {
		t.Fatalf("build A: exit %d: %s", code, stderr.String())
	}

	childArgs, _ := json.Marshal([]string{"build", "--src", srcB, "--out", outB})
	cmd := exec.Command(os.Args[0], "-test.run=^TestBuildChild$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"ERRDOCS_CHILD_ARGS="+string(childArgs),
		"TZ=Pacific/Chatham", "GOMAXPROCS=1", "LC_ALL=tr_TR.UTF-8", "LANG=tr_TR.UTF-8", "LANGUAGE=tr")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build B: %v\n%s", err, out)
	}

	a, b := readTree(t, outA), readTree(t, outB)
	if len(a) < 20 || len(a) != len(b) {
		t.Errorf("builds have %d and %d files", len(a), len(b))
	}
	for p, x := range a {
		if y, ok := b[p]; !ok {
			t.Errorf("%s: only in the first build", p)
		} else if !bytes.Equal(x, y) {
			t.Errorf("%s differs between the builds", p)
		}
	}
	if !bytes.Contains(a["sitemap.xml"], []byte("<lastmod>2024-05-06T05:08:09Z</lastmod>")) {
		t.Errorf("sitemap.xml has no <lastmod> from SOURCE_DATE_EPOCH:\n%.400s", a["sitemap.xml"])
	}
}

func TestSourceDateEpochInvalid(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), `SOURCE_DATE_EPOCH="yesterday"`) {
		t.Errorf("exit %d, stderr %q; want 1 and a message naming SOURCE_DATE_EPOCH", code, stderr.String())
	}
}

// TestOpenAPIFlags checks --openapi and --strict from the command line.
func TestOpenAPIFlags(t *testing.T) {
	const spec = "internal/openapi/testdata/api-3.0.yaml"
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--openapi", spec}, &stdout, &stderr); code != 0 {
		t.Fatalf("check --openapi: exit %d, want 0 (gaps are warnings)\n%s", code, stderr.String())
	}
	for _, want := range []string{
		spec + ":16:9: warning: GET /sims (listSims) can answer 409, but no error in data/errors documents that status\n",
		spec + ":40:9: warning: DELETE /sims/{iccid} (deleteSim) can answer 422, but no error in data/errors documents that status\n",
		"data/errors/403.yaml:3:9: warning: error \"403\" has status 403, which no operation of " + spec + " returns\n",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"check", "--strict", "--openapi", spec}, &stdout, &stderr); code != 1 {
		t.Fatalf("check --strict: exit %d, want 1\n%s", code, stderr.String())
	}
	if want := spec + ":16:9: GET /sims (listSims) can answer 409"; !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "2 problem(s)") {
		t.Errorf("stderr lacks %q and a count of 2:\n%s", want, stderr.String())
	}
	if code := run([]string{"check", "--openapi", "no/such/file.yaml"}, &stdout, &stderr); code != 1 {
		t.Errorf("check with a missing --openapi file: exit %d, want 1", code)
	}
}
