package uitest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"errdocs/internal/browsertest"
	"errdocs/internal/catalog"
	"errdocs/internal/site"
	"errdocs/internal/testsite"
)

// entryJS returns, for the element with the given id, its visible text
// (innerText is empty for what CSS hides) and whether it is shown.
const entryJS = `((id, sel) => {
	const root = document.getElementById(id);
	if (!root) return {found: false};
	const els = sel ? [...root.querySelectorAll(sel)] : [root];
	return {found: els.length > 0, texts: els.map(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true}) ? e.innerText.trim() : "")};
})(%q, %q)`

type entry struct {
	Found bool     `json:"found"`
	Texts []string `json:"texts"`
}

// platformJS describes the element of a platform's anchor in an error's
// entry: a note (an open <details> with its text) or the platform's name
// in the sentence naming the platforms without a note.
const platformJS = `(id => {
	const el = document.getElementById(id);
	if (!el) return {found: false};
	const same = el.closest(".same-note");
	return {found: true, shown: el.checkVisibility({visibilityProperty: true}), tag: el.tagName.toLowerCase(), open: !!el.open,
		text: el.innerText.trim(), sentence: same ? same.innerText.trim() : "",
		sentences: el.closest(".platform-notes").querySelectorAll(".same-note").length};
})(%q)`

type platformEntry struct {
	Found     bool   `json:"found"`
	Shown     bool   `json:"shown"`
	Tag       string `json:"tag"`
	Open      bool   `json:"open"`
	Text      string `json:"text"`
	Sentence  string `json:"sentence"`
	Sentences int    `json:"sentences"`
}

// noJavaScript turns JavaScript off in the browser.
func noJavaScript(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
}

// checkNotesShown checks, on the page loaded, the considerations per
// platform of error e: every note open and its text visible, and every
// platform without a note named, visibly, in the one sentence that says
// so; the platform picker and "Show all platforms" (which need
// JavaScript) are hidden.
func checkNotesShown(t *testing.T, ctx context.Context, page string, e *catalog.Error, platforms []*catalog.Platform) {
	t.Helper()
	for _, p := range platforms {
		id := site.Anchor(e.ID, p.ID)
		got := eval[platformEntry](t, ctx, fmt.Sprintf(platformJS, id))
		note := strings.ReplaceAll(e.Note(p.ID), "`", "") // Markdown code spans read as their text
		// The sentence naming the platforms without a note.
		start, end := "Same on every supported platform: ", "."
		if len(e.Platforms) > 0 {
			start, end = "", ": similar to all supported platforms."
		}
		switch {
		case !got.Found || !got.Shown:
			t.Errorf("%s: #%s is missing or hidden: %+v", page, id, got)
		case note != "" && (got.Tag != "details" || !got.Open || !strings.HasPrefix(got.Text, p.Name) || !strings.Contains(got.Text, note)):
			t.Errorf("%s: #%s is %+v, want the open note of %s: %q", page, id, got, p.Name, note)
		case note == "" && (got.Text != p.Name || got.Sentences != 1 || !strings.HasPrefix(got.Sentence, start) || !strings.HasSuffix(got.Sentence, end)):
			t.Errorf("%s: #%s is %+v, want %s named once among the platforms without a note", page, id, got, p.Name)
		}
	}
	if eval[bool](t, ctx, `[...document.querySelectorAll(".platform-picker, .show-notes")].some(e => e.checkVisibility())`) {
		t.Errorf("%s: with JavaScript off, the platform picker or Show all platforms is shown", page)
	}
}

// TestNoJavaScript loads /errors/ with JavaScript off and checks that every
// error's title, its "How to solve" steps and its platform notes are there
// and visible.
func TestNoJavaScript(t *testing.T) {
	ctx, res, base := seed(t)
	noJavaScript(t, ctx)
	navigate(t, ctx, base+"/errors/")
	if eval[bool](t, ctx, `!!document.querySelector("[role=status]") || [...document.querySelectorAll("button.copy-link")].some(b => !b.hidden)`) {
		t.Fatal("site.js ran: JavaScript is not off")
	}
	get := func(id, sel string) entry {
		return eval[entry](t, ctx, fmt.Sprintf(entryJS, id, sel))
	}
	cat := res.Site.Catalog
	for _, e := range cat.Errors {
		if h := get(e.ID, "h3"); !h.Found || !strings.Contains(h.Texts[0], e.Title) {
			t.Errorf("%s: heading %v, want the visible title %q", e.ID, h.Texts, e.Title)
		}
		steps := get(e.ID, "ol.remedies > li")
		if len(steps.Texts) != len(e.Remedies) {
			t.Errorf("%s: %d steps to solve, want %d", e.ID, len(steps.Texts), len(e.Remedies))
		}
		for i, s := range steps.Texts {
			if s == "" {
				t.Errorf("%s: step %d is hidden or empty", e.ID, i+1)
			}
		}
		checkNotesShown(t, ctx, "/errors/", e, cat.Platforms)
	}
	navigate(t, ctx, base+"/errors/401/?platform=tmus")
	checkNotesShown(t, ctx, "/errors/401/?platform=tmus", cat.Error("401"), cat.Platforms)
}

// TestNoJavaScriptNotes loads the Errors page and the error pages of a
// generated site whose errors have notes for several platforms, with
// JavaScript off and a platform in the URL: every note is open and shown.
func TestNoJavaScriptNotes(t *testing.T) {
	ctx := browsertest.New(t)
	res := noted(t)
	base := browsertest.Serve(t, browsertest.TreeFS(res.Tree))
	noJavaScript(t, ctx)
	cat := res.Site.Catalog
	navigate(t, ctx, base+"/errors/?platform=tmus")
	for _, e := range cat.Errors {
		checkNotesShown(t, ctx, "/errors/?platform=tmus", e, cat.Platforms)
	}
	for _, i := range []int{0, 1, 3, 6} {
		e := cat.Error(testsite.Error(i))
		page := "/errors/" + e.ID + "/?platform=tmus"
		navigate(t, ctx, base+page)
		checkNotesShown(t, ctx, page, e, cat.Platforms)
	}
}
