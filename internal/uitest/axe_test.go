package uitest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"errdocs/internal/browsertest"
	"errdocs/internal/testsite"
)

// axePath finds axe.min.js: $ERRDOCS_AXE, or where .ci/run installs it.
func axePath() string {
	if p := os.Getenv("ERRDOCS_AXE"); p != "" {
		return p
	}
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "errdocs-node", "node_modules", "axe-core", "axe.min.js")
	}
	return ""
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeModes are the modes axe-core checks pages in. Colours depend on the
// scheme, layout on the width: light and dark wide, and light narrow,
// cover both.
var axeModes = []struct {
	scheme string
	width  int64
}{{"light", 1280}, {"dark", 1280}, {"light", 375}}

// TestAxe runs axe-core on every page kind of the seed site and of the
// generated corpus (which has code in several languages and Markdown
// tables), in light and dark mode wide and in light mode at 375 px, and
// fails on any serious or critical violation. Each site has a browser of
// its own, whose time limit is its own.
func TestAxe(t *testing.T) {
	src := axeSource(t)
	t.Run("seed", func(t *testing.T) {
		axeRun(t, src, browsertest.Serve(t, browsertest.TreeFS(build(t, repoRoot(t)).Tree)), seedPages)
	})
	t.Run("compact", func(t *testing.T) {
		axeRun(t, src, browsertest.Serve(t, browsertest.TreeFS(compactTree(t))), []string{"/errors/", "/errors/matrix/"})
	})
	t.Run("corpus", func(t *testing.T) {
		res, pages := corpus(t)
		axeRun(t, src, browsertest.Serve(t, browsertest.TreeFS(res.Tree)), pages)
	})
	// Deprecated and retired errors: markers, notices, the retired
	// errors' rows, a tombstone folded and opened by an anchor.
	t.Run("lifecycle", func(t *testing.T) {
		e := testsite.Error(retiredErrors[0])
		axeRun(t, src, browsertest.Serve(t, browsertest.TreeFS(lifecycleSite(t, 40).Tree)),
			[]string{"/errors/", "/errors/" + e + "/", "/errors/" + e + "/#" + e + "-stc",
				"/errors/" + testsite.Error(deprecatedError) + "/", "/platforms/stc/"})
	})
	// Read with a platform chosen: notes folded, one open by its anchor,
	// and a platform marked among those without a note.
	t.Run("platform", func(t *testing.T) {
		e := testsite.Error(6)
		axeRun(t, src, browsertest.Serve(t, browsertest.TreeFS(noted(t).Tree)),
			[]string{"/errors/?platform=tmus", "/errors/" + e + "/?platform=jasper#" + e + "-stc", "/errors/" + testsite.Error(0) + "/?platform=tmus"})
	})
}

// axeSource returns axe.min.js, or skips the test.
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(axePath())
	if err != nil {
		t.Skipf("skipping axe-core checks: %v (bash .ci/run installs axe-core, or set ERRDOCS_AXE to axe.min.js)", err)
	}
	return string(src)
}

// axeRun checks the pages of the site at base in a browser of their own,
// in each of axeModes.
func axeRun(t *testing.T, src, base string, pages []string) {
	ctx := browsertest.New(t)
	for _, m := range axeModes {
		viewport(t, ctx, m.width, 900, m.width < 500)
		colorScheme(t, ctx, m.scheme)
		for _, p := range pages {
			axeCheck(t, ctx, src, base, p, fmt.Sprintf("%s (%s, %d px)", p, m.scheme, m.width))
		}
	}
}

func axeCheck(t *testing.T, ctx context.Context, src, base, page, name string) {
	t.Helper()
	navigate(t, ctx, base+page)
	eval[bool](t, ctx, src+"\n;true")
	raw := eval[string](t, ctx, `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var b strings.Builder
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n\t... and %d more", len(v.Nodes)-i)
				break
			}
			fmt.Fprintf(&b, "\n\t%v %s\n\t\t%s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
		t.Errorf("%s: %s (%s): %s%s", name, v.ID, v.Impact, v.Help, b.String())
	}
}
