package uitest

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"errdocs/internal/browsertest"
	"errdocs/internal/sitegen"
	"errdocs/internal/testsite"
)

// The errors a lifecycleSite retires (6: three notes; 7: three
// variants) and deprecates (2), with error 0 replacing them.
var (
	retiredErrors   = []int{6, 7}
	deprecatedError = 2
)

// lifecycleSite builds a generated site of n errors (see testsite.Site,
// with the Errors page's extra front matter) in which retiredErrors are
// retired and deprecatedError is deprecated.
func lifecycleSite(t testing.TB, n int, frontMatter ...string) *sitegen.Result {
	t.Helper()
	src := testsite.Site(n, frontMatter...)
	add := func(i int, text string) {
		f := "data/errors/" + testsite.Error(i) + ".yaml"
		src[f] = &fstest.MapFile{Data: append(append([]byte(nil), src[f].Data...), text...)}
	}
	for _, i := range retiredErrors {
		add(i, "retired:\n  since: \"6.0\"\n  note: Sent as the other error now.\n  replaced_by: \""+testsite.Error(0)+"\"\n")
	}
	add(deprecatedError, "deprecated:\n  since: \"5.3\"\n")
	res, err := sitegen.Build(sitegen.Config{Src: src, Theme: os.DirFS(repoRoot(t)), BaseURL: "https://docs.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestRetiredAnchorsLand opens old links to a retired error's anchors: on
// /errors/, where its row keeps them, they go on to its tombstone page,
// and there, as when opened directly, the folded old entry opens on the
// anchor's text, in view. Opened without an anchor, the old entry stays
// folded.
func TestRetiredAnchorsLand(t *testing.T) {
	ctx := browsertest.New(t)
	base := browsertest.Serve(t, browsertest.TreeFS(lifecycleSite(t, 40).Tree))
	noted, varied := testsite.Error(6), testsite.Error(7)
	tests := []struct {
		url, wantPath, wantAnchor, wantText string
	}{
		{"/errors/#" + noted + "-stc", "/errors/" + noted + "/", noted + "-stc", "STC answers with"},
		{"/errors/#" + noted + "-tmus", "/errors/" + noted + "/", noted + "-tmus", "similar to all supported platforms"},
		{"/errors/#" + varied + "-wrong-data-type", "/errors/" + varied + "/", varied + "-wrong-data-type", "What variant 1 means."},
		{"/errors/" + noted + "/#how-to-solve", "/errors/" + noted + "/", "how-to-solve", "How to solve"},
	}
	for _, tt := range tests {
		navigate(t, ctx, base+tt.url)
		wait, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.Do(wait, chromedp.WaitReady("article.error"))
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		u, _ := url.Parse(eval[string](t, ctx, "location.href"))
		got := eval[target](t, ctx, inView)
		if u.Path != tt.wantPath || u.Fragment != tt.wantAnchor || !got.Found || !got.Shown || !got.InView || !strings.Contains(got.Text, tt.wantText) {
			t.Errorf("%s: landed on %s#%s %+v, want %s#%s shown in view with %q", tt.url, u.Path, u.Fragment, got, tt.wantPath, tt.wantAnchor, tt.wantText)
		}
	}
	navigate(t, ctx, base+"/errors/"+noted+"/")
	if eval[bool](t, ctx, `document.querySelector("details.retired-entry").open`) {
		t.Error("the old entry of a retired error is open without an anchor; want it folded")
	}
	if got := eval[string](t, ctx, `document.querySelector(".lifecycle").innerText`); !strings.Contains(got, "Retired since 6.0.") || !strings.Contains(got, "Sent as the other error now.") {
		t.Errorf("the tombstone's notice says %q", got)
	}
}

// TestCompactLifecycleFilter filters a compact index by lifecycle, alone
// and with a status class: a retired row counts in its status class,
// though it is listed apart.
func TestCompactLifecycleFilter(t *testing.T) {
	ctx := browsertest.New(t)
	base := browsertest.Serve(t, browsertest.TreeFS(lifecycleSite(t, 300).Tree))
	tests := []struct {
		query string
		want  int
	}{
		{"?state=retired", len(retiredErrors)},
		{"?state=deprecated", 1},
		{"?state=in-service", 300 - len(retiredErrors)},
		{"?status=4xx&state=retired", len(retiredErrors)}, // both 404
		{"?status=5xx&state=retired", 0},
	}
	for _, tt := range tests {
		navigate(t, ctx, base+"/errors/"+tt.query)
		got := eval[int](t, ctx, `[...document.querySelectorAll(".error-index > li")].filter(li => li.checkVisibility()).length`)
		if got != tt.want {
			t.Errorf("/errors/%s shows %d rows, want %d", tt.query, got, tt.want)
		}
		if q := eval[string](t, ctx, "location.search"); q != tt.query {
			t.Errorf("/errors/%s: the URL's query became %q", tt.query, q)
		}
	}
}

// TestRetiredAnchorsWithoutJavaScript opens the same links with
// JavaScript off: on /errors/ the reader stays on the retired error's row,
// which links its tombstone; on the tombstone the browser itself opens
// the folded entry at the anchor.
func TestRetiredAnchorsWithoutJavaScript(t *testing.T) {
	ctx := browsertest.New(t)
	base := browsertest.Serve(t, browsertest.TreeFS(lifecycleSite(t, 40).Tree))
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	e := testsite.Error(6)
	navigate(t, ctx, base+"/errors/#"+e+"-stc")
	row := eval[target](t, ctx, `(() => {
		const row = document.getElementById(decodeURIComponent(location.hash.slice(1))).closest("li");
		const r = row.getBoundingClientRect();
		return {found: true, shown: row.checkVisibility(), inView: r.top >= 0 && r.top < innerHeight,
			text: row.querySelector("a").getAttribute("href")};
	})()`)
	if p := eval[string](t, ctx, "location.pathname"); p != "/errors/" || !row.Shown || !row.InView || row.Text != "/errors/"+e+"/" {
		t.Errorf("with JavaScript off, /errors/#%s-stc: on %s, row %+v; want the row in view, linking to /errors/%s/", e, p, row, e)
	}
	navigate(t, ctx, base+"/errors/"+e+"/#"+e+"-stc")
	if got := eval[target](t, ctx, inView); !got.Shown || !got.InView || !strings.Contains(got.Text, "STC") {
		t.Errorf("with JavaScript off, the tombstone's #%s-stc: %+v, want it shown in view", e, got)
	}
}
