package uitest

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"errdocs/internal/browsertest"
	"errdocs/internal/sitegen"
	"errdocs/internal/testsite"
)

// seedPages is one page of every kind of the seed site.
var seedPages = []string{
	"/", "/errors/", "/errors/401/", "/errors/matrix/", "/platforms/",
	"/platforms/tmus/", "/glossary/", "/support/", "/search/", "/404.html",
}

// repoRoot is the repository root: the seed site and the default theme.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// build builds the site rooted at src with the repository's theme.
func build(t testing.TB, src string) *sitegen.Result {
	t.Helper()
	res, err := sitegen.Build(sitegen.Config{
		Src:     os.DirFS(src),
		Theme:   os.DirFS(repoRoot(t)),
		BaseURL: "https://docs.example.com/",
	})
	if err != nil {
		t.Fatalf("building %s: %v", src, err)
	}
	return res
}

// seed starts a browser and serves the seed site; it returns the browser
// context, the built site and the base URL ("http://127.0.0.1:PORT").
func seed(t *testing.T) (context.Context, *sitegen.Result, string) {
	t.Helper()
	ctx := browsertest.New(t)
	res := build(t, repoRoot(t))
	return ctx, res, browsertest.Serve(t, browsertest.TreeFS(res.Tree))
}

// noted builds a generated site of 40 errors, whose Errors page shows
// every entry in full and whose errors have up to three platform notes
// (see testsite.Notes).
func noted(t testing.TB) *sitegen.Result {
	t.Helper()
	res, err := sitegen.Build(sitegen.Config{Src: testsite.Site(40), Theme: os.DirFS(repoRoot(t)), BaseURL: "https://docs.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// corpus builds a small generated corpus (../shared/bench/gen.py, or
// $ERRDOCS_GEN) and returns it with one page of each shape, the largest of
// each, since long pages have the wide tables and code. It skips the test
// when python3 or the generator is missing.
func corpus(t *testing.T) (*sitegen.Result, []string) {
	t.Helper()
	gen := os.Getenv("ERRDOCS_GEN")
	if gen == "" {
		gen = filepath.Join(repoRoot(t), "..", "shared", "bench", "gen.py")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("skipping the generated corpus: python3 not found")
	}
	if _, err := os.Stat(gen); err != nil {
		t.Skipf("skipping the generated corpus: %v (set ERRDOCS_GEN)", err)
	}
	dir := t.TempDir()
	cmd := exec.Command(py, gen, "--out", dir, "--pages", "30", "--errors", "12")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	res := build(t, dir)
	largest := map[string]string{}
	size := map[string]int{}
	for _, p := range res.Tree.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		b, _ := res.Tree.Get(p)
		dirs := strings.Split(path.Dir(p), "/")
		shape := dirs[0] + "/" + strings.Repeat("*/", len(dirs)-1)
		if p == "404.html" {
			shape = p
		}
		if len(b) > size[shape] {
			largest[shape], size[shape] = p, len(b)
		}
	}
	// Also the matrix, and the longest page with a Markdown table (not
	// wrapped in .table-wrap).
	largest["matrix"] = "errors/matrix/index.html"
	for _, p := range res.Tree.Paths() {
		if b, _ := res.Tree.Get(p); strings.HasSuffix(p, ".html") && strings.Contains(string(b), "<table>") && len(b) > size["table"] {
			largest["table"], size["table"] = p, len(b)
		}
	}
	var pages []string
	for _, p := range largest {
		u := "/" + strings.TrimSuffix(p, "index.html")
		pages = append(pages, u)
	}
	slices.Sort(pages)
	return res, slices.Compact(pages)
}

// htmlFiles lists the HTML files of a built tree.
func htmlFiles(t testing.TB, fsys fs.FS) []string {
	t.Helper()
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigating to %s: %v", url, err)
	}
}

// eval evaluates a JavaScript expression in the page, awaiting a promise.
func eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// colorScheme emulates prefers-color-scheme ("light" or "dark").
func colorScheme(t testing.TB, ctx context.Context, scheme string) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// viewport sets the size of the page; mobile also applies the viewport meta
// tag as a phone does.
func viewport(t testing.TB, ctx context.Context, w, h int64, mobile bool) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: w, Height: h, DeviceScaleFactor: 1, Mobile: mobile,
	})
	if err != nil {
		t.Fatal(err)
	}
}
