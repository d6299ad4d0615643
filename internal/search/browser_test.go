package search_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"errdocs/internal/browsertest"
	"errdocs/internal/search"
)

// tab drives one Chromium tab on a served site.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newTab(t *testing.T) *tab {
	t.Helper()
	tree := seedTree(t)
	ctx := browsertest.New(t)
	return &tab{t: t, ctx: ctx, base: browsertest.Serve(t, browsertest.TreeFS(tree))}
}

func (b *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

func eval[T any](b *tab, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

func poll(b *tab, js string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		b.t.Fatalf("waiting for %s: %v", js, err)
	}
}

// press presses a key as a keyboard does: one keydown carrying the text,
// so that a handler cancelling the keydown also cancels the typing or the
// form submission. (chromedp.KeyEvent sends the text as a separate char
// event, which cancelling the keydown cannot stop.)
func (b *tab) press(key string) {
	b.t.Helper()
	keys := map[string]input.DispatchKeyEventParams{
		"/":     {Key: "/", Code: "Slash", Text: "/", WindowsVirtualKeyCode: 191},
		"Enter": {Key: "Enter", Code: "Enter", Text: "\r", WindowsVirtualKeyCode: 13},
	}
	down, ok := keys[key]
	if !ok {
		b.t.Fatalf("press: unknown key %q", key)
	}
	down.Type, down.UnmodifiedText, down.NativeVirtualKeyCode = input.DispatchKeyEventTypeKeyDown, down.Text, down.WindowsVirtualKeyCode
	up := down
	up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	for _, p := range []input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(b.ctx, input.DispatchKeyEvent, p); err != nil {
			b.t.Fatal(err)
		}
	}
}

// waitPath waits until the tab shows the given path and hash, across
// the navigation a key press started.
func (b *tab) waitPath(want string) {
	b.t.Helper()
	var got string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.readyState === 'complete' ? location.pathname + location.hash : ''`))
		if err == nil && v != "" {
			if got = v; got == want {
				return
			}
		}
	}
	b.t.Fatalf("the tab shows %q, want %q", got, want)
}

// open loads a page and starts recording the search box's result events.
func (b *tab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
	poll(b, `window.errdocsSearch !== undefined`)
	eval[chromedp.Void](b, `document.addEventListener('errdocs:search', (e) => { window.lastSearch = e.detail; })`)
}

type searchEvent struct {
	Q     string  `json:"q"`
	Total int     `json:"total"`
	First string  `json:"first"`
	MS    float64 `json:"ms"`
}

// typeQuery types q, one key at a time, into the empty header search box
// and waits for the results of the whole query.
func (b *tab) typeQuery(q string) searchEvent {
	b.t.Helper()
	eval[chromedp.Void](b, `document.getElementById('search-input').value = ''; window.lastSearch = null`)
	b.do(chromedp.SendKeys(chromedp.ID("search-input"), q))
	qj, _ := json.Marshal(q)
	poll(b, `window.lastSearch && window.lastSearch.q === `+string(qj))
	return eval[searchEvent](b, `window.lastSearch`)
}

// options returns the hrefs of the listed results.
func (b *tab) options() []string {
	return eval[[]string](b, `Array.from(document.querySelectorAll('#search-listbox [role=option]'), (a) => a.getAttribute('href'))`)
}

func goSearch(t *testing.T, q string, limit int) search.Results {
	t.Helper()
	r, err := search.Open(browsertest.TreeFS(seedTree(t)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Search(q, limit)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestBrowserFirstResults types each query of issue 4 into the search box
// and checks the first result, and that the whole list is the one the Go
// reader ranks.
func TestBrowserFirstResults(t *testing.T) {
	b := newTab(t)
	b.open("/")
	for _, tt := range seedQueries {
		ev := b.typeQuery(tt.q)
		got := b.options()
		if len(got) == 0 || got[0] != tt.url {
			t.Errorf("%q: first result %v, want %s", tt.q, got, tt.url)
		}
		want := goSearch(t, tt.q, 8)
		if ev.Total != want.Total || strings.Join(got, " ") != strings.Join(urls(want.Hits), " ") {
			t.Errorf("%q: browser lists %d %v, Go ranks %d %v", tt.q, ev.Total, got, want.Total, urls(want.Hits))
		}
		status := eval[string](b, `document.querySelector('form.search [role=status]').textContent`)
		if !strings.HasSuffix(status, " results") && status != "1 result" {
			t.Errorf("%q: live region says %q, want the number of results", tt.q, status)
		}
	}
}

// TestBrowserParity holds search.js to the Go rules: folding, query
// parsing, and the ranked results of many queries.
func TestBrowserParity(t *testing.T) {
	b := newTab(t)
	b.open("/")
	for _, c := range search.FoldCases(t) {
		in, _ := json.Marshal(c[0])
		got := eval[[]string](b, `errdocsSearch.words(errdocsSearch.fold(`+string(in)+`))`)
		if strings.Join(got, " ") != c[1] {
			t.Errorf("search.js words of %q = %q, Go wants %q", c[0], got, c[1])
		}
		gotFold := eval[string](b, `errdocsSearch.fold(`+string(in)+`)`)
		if gotFold != search.Fold(c[0]) {
			t.Errorf("search.js fold(%q) = %q, Go Fold = %q", c[0], gotFold, search.Fold(c[0]))
		}
	}
	r, err := search.Open(browsertest.TreeFS(seedTree(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range append(parityQueries, "access to ", "401-", "a b c d e") {
		qj, _ := json.Marshal(q)
		type jsQuery struct {
			Words  []string `json:"words"`
			Prefix bool     `json:"prefix"`
			Code   string   `json:"code"`
		}
		pq := eval[jsQuery](b, `errdocsSearch.parseQuery(`+string(qj)+`)`)
		want := r.ParseQuery(q)
		if strings.Join(pq.Words, " ") != strings.Join(want.Words, " ") || pq.Prefix != want.Prefix || pq.Code != want.Code {
			t.Errorf("parseQuery(%q): search.js %+v, Go %+v", q, pq, want)
		}
		type jsResults struct {
			Total int `json:"total"`
			Hits  []struct {
				URL   string `json:"url"`
				Score int    `json:"score"`
			} `json:"hits"`
		}
		res := eval[jsResults](b, `errdocsSearch.search(`+string(qj)+`, 20)`)
		gres := goSearch(t, q, 20)
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.URL)
		}
		if res.Total != gres.Total || strings.Join(got, " ") != strings.Join(urls(gres.Hits), " ") {
			t.Errorf("%q: search.js %d %v; Go %d %v", q, res.Total, got, gres.Total, urls(gres.Hits))
		}
	}
}

// TestBrowserKeyboard: "/" focuses the box, arrows move, Enter opens the
// selected result at its anchor, Escape closes.
func TestBrowserKeyboard(t *testing.T) {
	b := newTab(t)
	b.open("/support/")

	b.press("/")
	if id := eval[string](b, `document.activeElement.id`); id != "search-input" {
		t.Fatalf(`after "/", focus is on %q, want search-input`, id)
	}
	if v := eval[string](b, `document.getElementById('search-input').value`); v != "" {
		t.Errorf(`"/" typed into the box: value %q`, v)
	}

	b.typeQuery("unauth")
	attrs := func() string {
		return eval[string](b, `(() => { const i = document.getElementById('search-input');
			const ad = i.getAttribute('aria-activedescendant');
			const sel = ad ? document.getElementById(ad).getAttribute('aria-selected') : '-';
			return [i.getAttribute('role'), i.getAttribute('aria-expanded'), ad || '-', sel,
				document.getElementById(i.getAttribute('aria-controls')).getAttribute('role')].join(' '); })()`)
	}
	if got, want := attrs(), "combobox true - - listbox"; got != want {
		t.Errorf("after typing: %q, want %q", got, want)
	}
	b.do(chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if got, want := attrs(), "combobox true search-option-1 true listbox"; got != want {
		t.Errorf("after two ArrowDown: %q, want %q", got, want)
	}
	b.do(chromedp.KeyEvent(kb.ArrowUp))
	if got, want := attrs(), "combobox true search-option-0 true listbox"; got != want {
		t.Errorf("after ArrowUp: %q, want %q", got, want)
	}
	b.do(chromedp.KeyEvent(kb.Escape))
	if got, want := attrs(), "combobox false - - listbox"; got != want {
		t.Errorf("after Escape: %q, want %q", got, want)
	}
	if hidden := eval[bool](b, `document.querySelector('.search-popup').hidden`); !hidden {
		t.Errorf("after Escape the result list is still shown")
	}

	// Enter opens the first result by default, at its anchor.
	b.typeQuery("missing malformed")
	b.press("Enter")
	b.waitPath("/errors/400/#400-missing-or-malformed-parameter")
	if ok := eval[bool](b, `document.getElementById(location.hash.slice(1)) !== null`); !ok {
		t.Errorf("the anchor %s does not exist on the page", "#400-missing-or-malformed-parameter")
	}

	// Enter on a selected result opens that one.
	b.open("/")
	b.typeQuery("429")
	want := b.options()
	if len(want) < 2 {
		t.Fatalf(`"429" lists %v, want at least 2 results`, want)
	}
	b.do(chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	b.press("Enter")
	b.waitPath(want[1])

	// "429" then Enter opens the error itself.
	b.open("/")
	b.typeQuery("429")
	b.press("Enter")
	b.waitPath("/errors/429/")
}

// TestBrowserHighlightAndNoResults checks the marks on matched words and
// the message, with a link to the error list, when nothing matches.
func TestBrowserHighlightAndNoResults(t *testing.T) {
	b := newTab(t)
	b.open("/")
	b.typeQuery("too many req")
	marks := eval[[]string](b, `Array.from(document.querySelectorAll('#search-option-0 .sr-title mark'), (m) => m.textContent)`)
	if strings.Join(marks, " ") != "Too Many Requests" {
		t.Errorf("marked words of the first title: %q, want Too Many Requests", marks)
	}

	ev := b.typeQuery("qqqzzz")
	if ev.Total != 0 {
		t.Errorf(`"qqqzzz" found %d results`, ev.Total)
	}
	foot := eval[string](b, `document.querySelector('.search-foot').textContent`)
	link := eval[string](b, `document.querySelector('.search-foot a').getAttribute('href')`)
	if !strings.HasPrefix(foot, "No results for “qqqzzz”") || link != "/errors/" {
		t.Errorf("no-results message %q linking %q, want No results… and /errors/", foot, link)
	}
	if s := eval[string](b, `document.querySelector('form.search [role=status]').textContent`); s != "No results" {
		t.Errorf("live region says %q, want No results", s)
	}
}

// TestBrowserSearchPage: /search/?q= shows the results, so a search can be
// shared as a link.
func TestBrowserSearchPage(t *testing.T) {
	b := newTab(t)
	b.open("/search/?q=429")
	poll(b, `document.querySelector('#search-results a') !== null`)
	first := eval[string](b, `document.querySelector('#search-results a').getAttribute('href')`)
	if first != "/errors/429/" {
		t.Errorf("/search/?q=429: first result %s, want /errors/429/", first)
	}
	if v := eval[string](b, `document.getElementById('search-page-input').value`); v != "429" {
		t.Errorf("the page's search field holds %q, want 429", v)
	}
	want := goSearch(t, "429", 50)
	status := eval[string](b, `document.getElementById('search-status').textContent`)
	n := eval[int](b, `document.querySelectorAll('#search-results li').length`)
	if n != min(want.Total, 50) || !strings.Contains(status, "for “429”") {
		t.Errorf("page shows %d results, status %q; Go finds %d", n, status, want.Total)
	}

	b.open("/search/?q=" + "qqqzzz")
	poll(b, `document.getElementById('search-status').textContent !== ''`)
	if s := eval[string](b, `document.getElementById('search-status').textContent`); !strings.HasPrefix(s, "No results") {
		t.Errorf("status %q, want No results…", s)
	}
}
