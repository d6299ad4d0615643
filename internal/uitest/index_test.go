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

	"errdocs/internal/anchorlock"
	"errdocs/internal/browsertest"
	"errdocs/internal/output"
	"errdocs/internal/sitegen"
	"errdocs/internal/testsite"
)

// compactSite serves a site whose Errors page is a compact index (past
// site.CompactAfter errors) and returns the browser context and base URL.
func compactSite(t *testing.T) (context.Context, string) {
	t.Helper()
	ctx := browsertest.New(t)
	return ctx, browsertest.Serve(t, browsertest.TreeFS(compactTree(t)))
}

// compactTree builds a site of 300 errors, whose Errors page is a compact
// index.
func compactTree(t *testing.T) *output.Tree {
	t.Helper()
	src := testsite.Site(300)
	// The platforms an error has no note for keep their anchors only
	// where the lock records them (see TestCrossingKeepsLockedAnchors).
	src[anchorlock.File] = &fstest.MapFile{Data: []byte("/errors/#" + testsite.Error(4) + "-tmus\n")}
	res, err := sitegen.Build(sitegen.Config{Src: src, Theme: os.DirFS(repoRoot(t)), BaseURL: "https://docs.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := res.Tree.Get("errors/index.html"); !strings.Contains(string(b), `<ul class="error-index">`) {
		t.Fatal("/errors/ of 300 errors is not a compact index")
	}
	return res.Tree
}

// inView is a script that reports, for the element of the URL's fragment,
// whether it is on the page, shown and (its top) in the viewport, with its
// text (of a platform without a note, the sentence that names it).
const inView = `(() => {
	const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
	if (!el) return {found: false};
	const r = el.getBoundingClientRect();
	return {found: true, shown: el.checkVisibility(), inView: r.top >= 0 && r.top < innerHeight,
		text: (el.tagName === "DT" ? el.innerText + " " + el.nextElementSibling.innerText : (el.closest(".same-note") || el).innerText).trim()};
})()`

type target struct {
	Found  bool   `json:"found"`
	Shown  bool   `json:"shown"`
	InView bool   `json:"inView"`
	Text   string `json:"text"`
}

// TestCompactAnchorsLand opens old links to the anchors of an error's
// entry on a compact /errors/ page: each goes on to the full text on the
// error's own page, where it is shown.
func TestCompactAnchorsLand(t *testing.T) {
	ctx, base := compactSite(t)
	id := testsite.Error(4) // two variants and no notes; error 1 has one note
	noted := testsite.Error(1)
	tests := []struct {
		anchor, wantPath, wantText string
	}{
		{id + "-wrong-data-type", "/errors/" + id + "/", "What variant 1 means."},
		{noted + "-" + testsite.Platforms[1], "/errors/" + noted + "/", "ERICSSON answers with"},
		{id + "-tmus", "/errors/" + id + "/", "Same on every supported platform"}, // kept for the lock
		{id, "/errors/" + id + "/", ""},
	}
	for _, tt := range tests {
		navigate(t, ctx, base+"/errors/#"+tt.anchor)
		// location.replace navigates again: wait for that page.
		wait, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.Do(wait, chromedp.WaitReady("article.error"))
		cancel()
		if err != nil {
			t.Fatalf("#%s: %v", tt.anchor, err)
		}
		u, _ := url.Parse(eval[string](t, ctx, "location.href"))
		if u.Path != tt.wantPath {
			t.Errorf("/errors/#%s went to %s, want %s", tt.anchor, u.Path, tt.wantPath)
			continue
		}
		if tt.anchor == id {
			if u.Fragment != "" {
				t.Errorf("/errors/#%s went to #%s, want the top of the page", tt.anchor, u.Fragment)
			}
			continue
		}
		got := eval[target](t, ctx, inView)
		if u.Fragment != tt.anchor || !got.Found || !got.Shown || !got.InView || !strings.Contains(got.Text, tt.wantText) {
			t.Errorf("/errors/#%s: landed on #%s %+v, want #%s shown in view with %q", tt.anchor, u.Fragment, got, tt.anchor, tt.wantText)
		}
	}
}

// TestCompactAnchorsWithoutJavaScript opens the same links with JavaScript
// off: the reader stays on /errors/, on the error's row, which links to
// the full text.
func TestCompactAnchorsWithoutJavaScript(t *testing.T) {
	ctx, base := compactSite(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	id := testsite.Error(4)
	for _, anchor := range []string{id, id + "-wrong-data-type"} {
		navigate(t, ctx, base+"/errors/#"+anchor)
		if p := eval[string](t, ctx, "location.pathname"); p != "/errors/" {
			t.Fatalf("with JavaScript off, /errors/#%s went to %s", anchor, p)
		}
		row := eval[target](t, ctx, `(() => {
			const row = document.getElementById(decodeURIComponent(location.hash.slice(1))).closest("li");
			const r = row.getBoundingClientRect();
			return {found: true, shown: row.checkVisibility(), inView: r.top >= 0 && r.top < innerHeight,
				text: row.querySelector("a").getAttribute("href")};
		})()`)
		if !row.Shown || !row.InView || row.Text != "/errors/"+id+"/" {
			t.Errorf("with JavaScript off, /errors/#%s: row %+v, want it in view, linking to /errors/%s/", anchor, row, id)
		}
	}
	if eval[bool](t, ctx, `!document.querySelector("form.error-filter").hidden`) {
		t.Error("with JavaScript off, the filter (which needs it) is shown")
	}
}

// TestCompactFilter filters the index by status class, cause and platform,
// from the URL and from the form, and checks the rows shown and the URL.
func TestCompactFilter(t *testing.T) {
	ctx, base := compactSite(t)
	shown := func() (rows, groups int) {
		r := eval[[]int](t, ctx, `[
			[...document.querySelectorAll(".error-index > li")].filter(li => li.checkVisibility()).length,
			[...document.querySelectorAll(".status-group")].filter(g => g.checkVisibility()).length]`)
		return r[0], r[1]
	}
	// Count what each filter should show, from the site itself.
	want := func(status, cause, platform string) int {
		n := 0
		for i := range 300 {
			id := testsite.Error(i)
			if status != "" && !strings.HasPrefix(id, status[:1]) {
				continue
			}
			if cause != "" && (i%5 == 4 || testsite.Causes[i%len(testsite.Causes)] != cause) {
				continue
			}
			if platform != "" {
				found := false
				for j := range testsite.Notes(i) {
					found = found || testsite.Platforms[(i+j*2)%len(testsite.Platforms)] == platform
				}
				if !found {
					continue
				}
			}
			n++
		}
		return n
	}

	navigate(t, ctx, base+"/errors/?status=5xx&platform=tmus")
	if rows, groups := shown(); rows != want("5xx", "", "tmus") || groups != 1 {
		t.Errorf("?status=5xx&platform=tmus shows %d rows in %d groups, want %d in 1", rows, groups, want("5xx", "", "tmus"))
	}
	if got := eval[string](t, ctx, `document.querySelector(".filter-count").textContent`); !strings.HasPrefix(got, "Showing ") {
		t.Errorf("count says %q, want Showing N of 300 errors", got)
	}

	// Choosing a cause in the form narrows the rows and goes into the URL.
	cause := testsite.Causes[1]
	eval[bool](t, ctx, `(() => { const s = document.querySelector("select[name=cause]"); s.value = "`+cause+`"; s.dispatchEvent(new Event("change", {bubbles: true})); return true })()`)
	if rows, _ := shown(); rows != want("5xx", cause, "tmus") {
		t.Errorf("with cause %s too: %d rows, want %d", cause, rows, want("5xx", cause, "tmus"))
	}
	if got := eval[string](t, ctx, "location.search"); got != "?status=5xx&cause="+cause+"&platform=tmus" {
		t.Errorf("URL query after choosing a cause = %q", got)
	}

	// "Show all" clears the filter and the URL.
	if err := chromedp.Do(ctx, chromedp.Click(`form.error-filter button[type=reset]`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`location.search === ""`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the URL keeps its query after Show all: %v", err)
	}
	if rows, _ := shown(); rows != 300 {
		t.Errorf("after Show all, %d rows shown, want 300", rows)
	}

	// A cause's count in the common causes table filters in place.
	if err := chromedp.Do(ctx, chromedp.Click(`#cause-`+cause+` a[href^="?cause="]`)); err != nil {
		t.Fatal(err)
	}
	if rows, _ := shown(); rows != want("", cause, "") {
		t.Errorf("after clicking the count of cause %s: %d rows, want %d", cause, rows, want("", cause, ""))
	}
	if got := eval[string](t, ctx, "location.pathname + location.search"); got != "/errors/?cause="+cause {
		t.Errorf("URL after clicking the count of a cause = %q", got)
	}
}
