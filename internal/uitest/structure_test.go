package uitest

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"errdocs/internal/browsertest"
	"errdocs/internal/output"
)

// TestNoRequestLeavesTheSite records every request made while loading each
// page kind and fails on any that does not go to the site itself.
func TestNoRequestLeavesTheSite(t *testing.T) {
	ctx, _, base := seed(t)
	var mu sync.Mutex
	var urls []string
	err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			urls = append(urls, ev.Request.URL)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		colorScheme(t, ctx, scheme)
		for _, p := range seedPages {
			navigate(t, ctx, base+p)
			// Wait until the stylesheets and their images are in use.
			eval[bool](t, ctx, `document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r(true))))`)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	local := 0
	for _, u := range urls {
		switch {
		case strings.HasPrefix(u, base+"/"):
			local++
		case strings.HasPrefix(u, "data:"):
			// inline images of the stylesheet: no request leaves the page
		default:
			t.Errorf("request leaves the site: %s", u)
		}
	}
	if local < len(seedPages) {
		t.Errorf("saw %d requests to the site, want at least one per page: is the network recorded?", local)
	}
}

// TestNoFailedRequests loads every page kind and fails on any request that
// the site answers with an error, such as a browser's own request for
// /favicon.ico when no page names an icon (Lighthouse counts the 404 it
// logs against the page); every page names the theme's icon.
func TestNoFailedRequests(t *testing.T) {
	ctx, res, base := seed(t)
	var mu sync.Mutex
	var failed []string
	err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventResponseReceived); ok && ev.Response.Status >= 400 {
			mu.Lock()
			failed = append(failed, fmt.Sprintf("%s: %d", ev.Response.URL, ev.Response.Status))
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range seedPages {
		navigate(t, ctx, base+p)
		icon := eval[string](t, ctx, `(l => l ? l.getAttribute("href") : "")(document.querySelector('link[rel="icon"]'))`)
		if b, ok := res.Tree.Get(strings.TrimPrefix(icon, "/")); !ok || !strings.Contains(string(b), "<svg") {
			t.Errorf("%s: icon %q is not an SVG of the site", p, icon)
		}
		// The browser asks for the icon (or for /favicon.ico) after load.
		eval[bool](t, ctx, `new Promise(r => setTimeout(() => r(true), 300))`)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, f := range failed {
		t.Errorf("request failed: %s", f)
	}
}

// headingsJS lists the heading levels of the page in document order.
const headingsJS = `[...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map(h => ({level: +h.tagName[1], text: h.textContent.trim().slice(0, 60)}))`

type heading struct {
	Level int    `json:"level"`
	Text  string `json:"text"`
}

func checkHeadings(t *testing.T, page string, hs []heading) {
	t.Helper()
	h1 := 0
	for i, h := range hs {
		if h.Level == 1 {
			h1++
		}
		if i > 0 && h.Level > hs[i-1].Level+1 {
			t.Errorf("%s: heading level skips from h%d %q to h%d %q", page, hs[i-1].Level, hs[i-1].Text, h.Level, h.Text)
		}
	}
	if h1 != 1 {
		t.Errorf("%s: %d h1 headings, want exactly 1", page, h1)
	}
}

// TestHeadings checks every page kind of the seed site and of the generated
// corpus: exactly one h1, and heading levels never skip going down.
func TestHeadings(t *testing.T) {
	ctx, _, base := seed(t)
	for _, p := range seedPages {
		navigate(t, ctx, base+p)
		checkHeadings(t, p, eval[[]heading](t, ctx, headingsJS))
	}
	t.Run("corpus", func(t *testing.T) {
		res, pages := corpus(t)
		base := browsertest.Serve(t, browsertest.TreeFS(res.Tree))
		for _, p := range pages {
			navigate(t, ctx, base+p)
			checkHeadings(t, p, eval[[]heading](t, ctx, headingsJS))
		}
	})
}

var (
	inlineScript = regexp.MustCompile(`(?i)<script\b[^>]*>\s*[^<\s]`)
	inlineStyle  = regexp.MustCompile(`(?i)<style\b|<[a-z][^>]*\s(?:style|on[a-z]+)\s*=|<[a-z][^>]*\shref\s*=\s*["']?javascript:`)
	external     = regexp.MustCompile(`(?i)<(?:script|img|iframe|source|video|audio|object|embed|input)\b[^>]*\s(?:src|srcset|data)\s*=\s*["']?(?:[a-z]+:)?//`)
	linkTag      = regexp.MustCompile(`(?i)<link\b[^>]*>`)
	relAttr      = regexp.MustCompile(`(?i)\srel\s*=\s*["']?([^"'>]*)`)
	hrefAttr     = regexp.MustCompile(`(?i)\shref\s*=\s*["']?([^"'\s>]*)`)
	offSite      = regexp.MustCompile(`(?i)^(?:[a-z][a-z0-9+.-]*:)?//`)
	cssURL       = regexp.MustCompile(`(?i)(?:url\(\s*|@import\s+)["']?(?:[a-z][a-z0-9+.-]*:)?//`)
)

// assetProblems returns what in one built file a strict
// Content-Security-Policy would block or what would load from another host.
func assetProblems(name, s string) []string {
	var out []string
	if strings.HasSuffix(name, ".css") {
		if m := cssURL.FindString(s); m != "" {
			out = append(out, fmt.Sprintf("%q loads from another host", m))
		}
		return out
	}
	for _, re := range []*regexp.Regexp{inlineScript, inlineStyle} {
		if m := re.FindString(s); m != "" {
			out = append(out, fmt.Sprintf("%q is blocked by a strict Content-Security-Policy", m))
		}
	}
	if m := external.FindString(s); m != "" {
		out = append(out, fmt.Sprintf("%q loads from another host", m))
	}
	// A <link> fetches what it names, unless it only names an address
	// (canonical, alternate).
	for _, l := range linkTag.FindAllString(s, -1) {
		rel, href := relAttr.FindStringSubmatch(l), hrefAttr.FindStringSubmatch(l)
		if href == nil || !offSite.MatchString(href[1]) {
			continue
		}
		if rel != nil && (strings.EqualFold(rel[1], "canonical") || strings.EqualFold(rel[1], "alternate")) {
			continue
		}
		out = append(out, fmt.Sprintf("%q loads from another host", l))
	}
	return out
}

func TestAssetProblems(t *testing.T) {
	tests := []struct {
		name, file, in string
		bad            bool
	}{
		{"script src", "a.html", `<script src="/js/site.js" defer></script>`, false},
		{"inline script", "a.html", `<script>alert(1)</script>`, true},
		{"style element", "a.html", `<style>p{}</style>`, true},
		{"style attribute", "a.html", `<p class="x" style="color:red">`, true},
		{"event handler", "a.html", `<button onclick="go()">`, true},
		{"javascript URL", "a.html", `<a href="javascript:go()">`, true},
		{"escaped code", "a.html", `<pre><code>&lt;p style="x"&gt; onclick=1</code></pre>`, false},
		{"canonical", "a.html", `<link rel="canonical" href="https://docs.example.com/">`, false},
		{"CDN stylesheet", "a.html", `<link rel="stylesheet" href="https://cdn.example/x.css">`, true},
		{"protocol-relative script", "a.html", `<script src="//cdn.example/x.js"></script>`, true},
		{"remote image", "a.html", `<img alt="" src="http://img.example/x.png">`, true},
		{"local image", "a.html", `<img alt="" src="/img/x.png">`, false},
		{"link to another site", "a.html", `<a href="https://example.com/">spec</a>`, false},
		{"css data URI", "a.css", `a{mask:url("data:image/svg+xml,%3Csvg%3E")}`, false},
		{"css remote font", "a.css", `@font-face{src:url(https://fonts.example/f.woff2)}`, true},
		{"css import", "a.css", `@import "//cdn.example/x.css";`, true},
	}
	for _, tt := range tests {
		got := assetProblems(tt.file, tt.in)
		if (len(got) > 0) != tt.bad {
			t.Errorf("%s: assetProblems(%q) = %q, want a problem: %v", tt.name, tt.in, got, tt.bad)
		}
	}
}

// TestNoInlineCodeOrExternalAssets reads every HTML and CSS file the seed
// site and the corpus build: no inline script, style element, style
// attribute or event handler (a strict Content-Security-Policy blocks them),
// and nothing loaded from another host.
func TestNoInlineCodeOrExternalAssets(t *testing.T) {
	check := func(t *testing.T, tree *output.Tree) {
		for _, f := range tree.Paths() {
			if !strings.HasSuffix(f, ".html") && !strings.HasSuffix(f, ".css") {
				continue
			}
			b, _ := tree.Get(f)
			for _, p := range assetProblems(f, string(b)) {
				t.Errorf("%s: %s", f, p)
			}
		}
	}
	check(t, build(t, repoRoot(t)).Tree)
	t.Run("corpus", func(t *testing.T) {
		res, _ := corpus(t)
		check(t, res.Tree)
	})
}

// focusJS describes the focused element: what it is, whether it is inside
// the viewport, and whether it has a visible outline.
const focusJS = `(() => {
	const el = document.activeElement, r = el.getBoundingClientRect(), cs = getComputedStyle(el);
	return {
		what: el.className || el.tagName.toLowerCase(),
		inView: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
		outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
	};
})()`

type focused struct {
	What    string `json:"what"`
	InView  bool   `json:"inView"`
	Outline bool   `json:"outline"`
}

// TestKeyboard checks that the first Tab shows the skip link, that it leads
// into main, and that focused links and copy-link buttons show an outline.
func TestKeyboard(t *testing.T) {
	ctx, _, base := seed(t)
	navigate(t, ctx, base+"/errors/")
	if eval[bool](t, ctx, `(r => r.bottom > 0 && r.right > 0)(document.querySelector(".skip").getBoundingClientRect())`) {
		t.Error("the skip link is on screen before it has focus")
	}
	tab := func() focused {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		return eval[focused](t, ctx, focusJS)
	}
	if f := tab(); f.What != "skip" || !f.InView || !f.Outline {
		t.Errorf("first Tab focuses %+v, want the skip link, in view, with an outline", f)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	// After the skip link, the next Tab lands inside main.
	tab()
	if !eval[bool](t, ctx, `!!document.activeElement.closest("main")`) {
		t.Errorf("Tab after the skip link focuses %s, want an element inside main", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 120)`))
	}
	for range 8 {
		if f := tab(); !f.Outline {
			t.Errorf("focused %s has no visible outline", f.What)
		}
	}
	eval[bool](t, ctx, `document.querySelector("button.copy-link").focus({focusVisible: true}); true`)
	if f := eval[focused](t, ctx, focusJS); f.What != "copy-link" || !f.Outline {
		t.Errorf("focused copy-link button: %+v, want an outline", f)
	}
}
