package devserver

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"errdocs/internal/browsertest"
)

// eventually evaluates a JavaScript predicate in the page until it is
// true, for at most 20s. It survives the page reloading meanwhile.
func eventually(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("%s: still false after 20s (%s); last error: %v", what, js, last)
}

// openPage navigates to the page at path and waits until it has loaded and
// opened its live reload stream.
func openPage(t *testing.T, ctx context.Context, ts *testServer, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.base+path)); err != nil {
		t.Fatal(err)
	}
	eventually(t, ctx, "the page loaded", `document.readyState === "complete"`)
	deadline := time.Now().Add(10 * time.Second)
	for ts.streams.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if ts.streams.Load() == 0 {
		t.Fatalf("%s did not open a live reload stream", path)
	}
}

// TestBrowserReload opens a page in headless Chromium, edits its source
// and checks that the page reloads by itself at the same scroll position,
// then that a broken data file shows the overlay and fixing it clears it.
func TestBrowserReload(t *testing.T) {
	ctx := browsertest.New(t)
	ts := startServer(t, newSite(t))
	openPage(t, ctx, ts, "/errors/")
	// Leave scroll restoration to the script: the browser's own is off.
	y, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
		`history.scrollRestoration = "manual"; window.before = true; window.scrollTo(0, 700); window.scrollY`))
	if err != nil {
		t.Fatal(err)
	}
	if y < 600 {
		t.Fatalf("scrolled to %v, want 700: the page is too short for this test", y)
	}

	const marker = "Added while the page was open."
	ts.write(t, "content/errors/_index.md", ts.read(t, "content/errors/_index.md")+"\n"+marker+"\n")
	eventually(t, ctx, "the page shows the edit", `document.body.innerText.includes("`+marker+`")`)
	eventually(t, ctx, "the page finished loading", `document.readyState === "complete"`)
	reloaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.before === undefined`))
	if err != nil {
		t.Fatal(err)
	}
	if !reloaded {
		t.Error("the page changed without reloading")
	}
	// The script restores the scroll position on load.
	eventually(t, ctx, "scroll position kept", `Math.abs(window.scrollY - `+strconv.FormatFloat(y, 'f', -1, 64)+`) < 2`)

	orig := ts.read(t, "data/errors/401.yaml")
	ts.write(t, "data/errors/401.yaml", strings.Replace(orig, "status: 401", "status: four hundred one", 1))
	eventually(t, ctx, "the overlay is shown", `(document.getElementById("errdocs-overlay") || {innerText: ""}).innerText.includes("data/errors/401.yaml:")`)
	visible, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`(() => { const r = document.getElementById("errdocs-overlay").getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(document.getElementById("errdocs-overlay")).position === "fixed"; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if !visible {
		t.Error("the overlay is in the page but not displayed as a fixed panel (overlay.css not applied?)")
	}
	ts.write(t, "data/errors/401.yaml", orig)
	eventually(t, ctx, "the overlay is cleared", `document.readyState === "complete" && document.getElementById("errdocs-overlay") === null && document.body.innerText.includes("`+marker+`")`)
}

// TestBrowserReconnects stops the server under an open page, edits the
// page's source meanwhile, starts a server on the same port again and
// checks that the page reconnects and reloads.
func TestBrowserReconnects(t *testing.T) {
	ctx := browsertest.New(t)
	dir := newSite(t)
	ts, stop := startServerOn(t, dir, 0)
	defer stop()
	openPage(t, ctx, ts, "/support/")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.before = true`)); err != nil {
		t.Fatal(err)
	}
	stop()

	const marker = "Written while the server was down."
	ts.write(t, "content/support.md", ts.read(t, "content/support.md")+"\n"+marker+"\n")
	time.Sleep(1500 * time.Millisecond) // the page's stream fails and retries meanwhile
	_, port, _ := strings.Cut(ts.addr, ":")
	n, _ := strconv.Atoi(port)
	_, stop2 := startServerOn(t, dir, n)
	defer stop2()
	eventually(t, ctx, "the page reloaded with the edit", `window.before === undefined && document.body.innerText.includes("`+marker+`")`)
}

// TestBrowserKeepsUnchangedPages opens a page, edits a file that the page
// does not show and checks that the page stays as it is; then edits the
// page's own source and checks that it reloads.
func TestBrowserKeepsUnchangedPages(t *testing.T) {
	ctx := browsertest.New(t)
	ts := startServer(t, newSite(t))
	openPage(t, ctx, ts, "/support/")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.before = true`)); err != nil {
		t.Fatal(err)
	}

	orig := ts.read(t, "data/errors/401.yaml")
	ts.write(t, "data/errors/401.yaml", strings.Replace(orig, "title: Unauthorized", "title: Unauthorised", 1))
	waitFor(t, ts.base+"/errors/401/", "retitled", func(r response) bool { return strings.Contains(r.body, "Unauthorised") })
	waitIdle(ts.Server)
	time.Sleep(300 * time.Millisecond) // time for a reload, were one asked for
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.before === true`))
	if err != nil {
		t.Fatal(err)
	}
	if !kept {
		t.Error("the page reloaded after an edit that does not change it")
	}

	const marker = "Edited while open."
	ts.write(t, "content/support.md", ts.read(t, "content/support.md")+"\n"+marker+"\n")
	eventually(t, ctx, "the page reloaded with the edit", `window.before === undefined && document.body.innerText.includes("`+marker+`")`)
}

// TestBrowserSearchAfterEdit searches an open page for a word, adds the
// word to another page and searches again: the page, which the edit does
// not change and so does not reload, searches the new index.
func TestBrowserSearchAfterEdit(t *testing.T) {
	ctx := browsertest.New(t)
	ts := startServer(t, newSite(t))
	openPage(t, ctx, ts, "/support/")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.before = true;
		document.addEventListener("errdocs:search", (e) => { window.lastSearch = e.detail; }); true`)); err != nil {
		t.Fatal(err)
	}
	const word = "quixotrelay"
	search := func(want string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](`{ const i = document.getElementById("search-input"); i.blur(); i.value = ""; window.lastSearch = null; }`),
			chromedp.Focus("#search-input"),
			chromedp.SendKeys("#search-input", word)); err != nil {
			t.Fatal(err)
		}
		eventually(t, ctx, "the search for "+word+" "+want,
			`window.lastSearch !== null && window.lastSearch.q === "`+word+`" && window.lastSearch.total `+want)
	}
	search("=== 0")

	ts.write(t, "content/errors/_index.md", ts.read(t, "content/errors/_index.md")+"\nA "+word+" appears.\n")
	deadline := time.Now().Add(10 * time.Second)
	for !searchHas(ts, word) {
		if time.Now().After(deadline) {
			t.Fatal("the edit is not in the search index after 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(1100 * time.Millisecond) // longer than the script keeps a manifest
	search("> 0")
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.before === true`))
	if err != nil {
		t.Fatal(err)
	}
	if !kept {
		t.Error("/support/ reloaded after an edit of another page")
	}
}
