package uitest

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"errdocs/internal/browsertest"
	"errdocs/internal/testsite"
)

var shots = flag.String("shots", "", "write PNG screenshots of every page kind to this `dir`")

// TestScreenshots is a tool, not a check: with -shots DIR it writes a full
// page screenshot of every page kind of the seed site (and of the generated
// corpus when available), light and dark, 1280 and 375 px wide.
func TestScreenshots(t *testing.T) {
	if *shots == "" {
		t.Skip("no -shots dir given")
	}
	if err := os.MkdirAll(*shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, _, base := seed(t)
	take := func(base, prefix string, pages []string) {
		for _, scheme := range []string{"light", "dark"} {
			colorScheme(t, ctx, scheme)
			for _, w := range []int64{1280, 375} {
				viewport(t, ctx, w, 900, w < 500)
				for _, p := range pages {
					navigate(t, ctx, base+p)
					shot := chromedp.FullScreenshot(100)
					if strings.Contains(p, "#") { // just the viewport at the anchor
						shot = chromedp.CaptureScreenshot()
					}
					png, err := chromedp.Run(ctx, shot)
					if err != nil {
						t.Fatal(err)
					}
					name := prefix + strings.Trim(strings.NewReplacer("/", "_", "#", "_", "?", "_", "=", "-").Replace(p), "_")
					if name == prefix {
						name += "home"
					}
					file := filepath.Join(*shots, name+"-"+scheme+"-"+strconv.FormatInt(w, 10)+".png")
					if err := os.WriteFile(file, png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	take(base, "", append(seedPages, "/errors/#400", "/errors/#cause-server-error", "/errors/401/?platform=tmus#platforms"))
	// Platform-aware reading: an error with notes for three platforms,
	// JASPER chosen; the Errors page in full with TMUS chosen.
	e := testsite.Error(6)
	take(browsertest.Serve(t, browsertest.TreeFS(noted(t).Tree)), "noted-", []string{"/errors/" + e + "/?platform=jasper#platforms", "/errors/?platform=tmus"})
	if os.Getenv("SHOTS_CORPUS") != "" {
		res, pages := corpus(t)
		take(browsertest.Serve(t, browsertest.TreeFS(res.Tree)), "corpus-", pages)
	}
}
