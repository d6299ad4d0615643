package sitegen

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"errdocs/internal/output"
	"errdocs/internal/publish"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// buildSeed builds the repository's own site: the CMO API error reference.
func buildSeed(t *testing.T) *Result {
	t.Helper()
	res, err := Build(Config{Src: os.DirFS("../.."), Theme: repoTheme, BaseURL: "https://docs.example.com/"})
	if err != nil {
		t.Fatalf("building the seed site:\n%v", err)
	}
	return res
}

var (
	blockRE = regexp.MustCompile(`(?i)</?(p|li|dd|dt|td|th|tr|h[1-6]|div|section|ul|ol|dl|table|thead|tbody|br|pre|nav|main|article|header|footer)\b[^>]*>`)
	tagRE   = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRE = regexp.MustCompile(`\s+`)
)

// visibleText returns the text of an HTML page with tags stripped,
// entities decoded and white space collapsed.
func visibleText(b []byte) string {
	s := blockRE.ReplaceAllString(string(b), " ")
	s = tagRE.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	return spaceRE.ReplaceAllString(s, " ")
}

// TestSeedPages checks that the seed site has every URL of SPEC "What is
// published".
func TestSeedPages(t *testing.T) {
	res := buildSeed(t)
	want := []string{
		"index.html", "errors/index.html", "errors/matrix/index.html", "platforms/index.html",
		"glossary/index.html", "errors.json", "sitemap.xml", "robots.txt", "404.html", "_redirects",
		"search/index.html", "support/index.html",
	}
	for _, id := range []string{"200-empty-response", "400", "401", "403", "404", "429", "500"} {
		want = append(want, "errors/"+id+"/index.html")
	}
	for _, id := range []string{"tmsp", "ericsson", "tmus", "jasper", "airlinq", "intelsat", "stc"} {
		want = append(want, "platforms/"+id+"/index.html")
	}
	for _, p := range want {
		if _, ok := res.Tree.Get(p); !ok {
			t.Errorf("seed site has no %s", p)
		}
	}
	errorsPage, _ := res.Tree.Get("errors/index.html")
	for _, id := range []string{`id="401"`, `id="400-missing-or-malformed-parameter"`, `id="401-tmus"`,
		`id="200-empty-response"`, `id="429-stc"`, `id="cause-rate-limit-exceeded"`} {
		if !bytes.Contains(errorsPage, []byte(id)) {
			t.Errorf("/errors/ has no anchor %s", id)
		}
	}
	t.Logf("seed site: %d files", res.Tree.Len())
}

// TestSeedFacts checks that every fact of the seed pages is on /errors/.
func TestSeedFacts(t *testing.T) {
	res := buildSeed(t)
	page, _ := res.Tree.Get("errors/index.html")
	text := visibleText(page)
	f, err := os.Open("testdata/seed-facts.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fact := strings.TrimSpace(sc.Text())
		if fact == "" || strings.HasPrefix(fact, "#") {
			continue
		}
		n++
		if !strings.Contains(text, fact) {
			t.Errorf("/errors/ does not say %q", fact)
		}
	}
	if n < 80 {
		t.Fatalf("only %d facts read; the fact list is truncated", n)
	}
}

// TestSeedGolden compares key pages of the seed site with golden files.
// Run with -update after a deliberate change to the templates or content.
func TestSeedGolden(t *testing.T) {
	res := buildSeed(t)
	for _, p := range []string{"errors/index.html", "errors/401/index.html", "platforms/tmus/index.html",
		"errors/matrix/index.html", "glossary/index.html", "errors.json", "sitemap.xml"} {
		got, ok := res.Tree.Get(p)
		if !ok {
			t.Errorf("no %s", p)
			continue
		}
		golden := filepath.Join("testdata/golden", strings.ReplaceAll(p, "/", "_"))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run go test ./internal/sitegen -update after a deliberate change):\n%s",
				p, golden, firstDiff(string(want), string(got)))
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return ""
}

// TestDeterministic builds the seed site twice and compares every byte.
func TestDeterministic(t *testing.T) {
	a, b := buildSeed(t), buildSeed(t)
	pa, pb := a.Tree.Paths(), b.Tree.Paths()
	if strings.Join(pa, "\n") != strings.Join(pb, "\n") {
		t.Fatalf("two builds wrote different file sets")
	}
	for _, p := range pa {
		x, _ := a.Tree.Get(p)
		y, _ := b.Tree.Get(p)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds of the same input", p)
		}
	}
}

// TestBuildToDir: a build streamed to disk, whose page buffers are reused
// once each page is written and checked, writes the same files as a build
// in memory, byte for byte.
func TestBuildToDir(t *testing.T) {
	cfg := Config{Src: os.DirFS("../.."), Theme: repoTheme, BaseURL: "https://docs.example.com/", Publish: publish.Config{Minify: true}}
	mem, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "build")
	dir, err := output.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BuildTo(cfg, dir); err != nil {
		t.Fatal(err)
	}
	if err := dir.Commit(); err != nil {
		t.Fatal(err)
	}
	paths := mem.Tree.Paths()
	if got := dir.Paths(); strings.Join(got, "\n") != strings.Join(paths, "\n") {
		t.Fatalf("the build on disk wrote %d files, in memory %d", len(got), len(paths))
	}
	for _, p := range paths {
		want, _ := mem.Tree.Get(p)
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s on disk differs from the build in memory (%v)", p, err)
		}
	}
}
