package uitest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"errdocs/internal/site"
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

// TestNoJavaScript loads /errors/ with JavaScript off and checks that every
// error's title, its "How to solve" steps and its platform notes are there
// and visible.
func TestNoJavaScript(t *testing.T) {
	ctx, res, base := seed(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
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
		for _, p := range cat.Platforms {
			id := site.Anchor(e.ID, p.ID)
			dt := get(id, "")
			dd := eval[string](t, ctx, fmt.Sprintf(`(el => el && el.nextElementSibling && el.nextElementSibling.checkVisibility() ? el.nextElementSibling.innerText.trim() : "")(document.getElementById(%q))`, id))
			if !dt.Found || !strings.HasPrefix(dt.Texts[0], p.Name) {
				t.Errorf("%s: platform note heading %v, want the visible name %q", id, dt.Texts, p.Name)
			}
			switch note := e.Note(p.ID); {
			case dd == "":
				t.Errorf("%s: platform note is hidden or empty", id)
			case note == "" && dd != "Similar to all supported platforms.":
				t.Errorf("%s: note %q, want %q", id, dd, "Similar to all supported platforms.")
			case note != "" && dd == "Similar to all supported platforms.":
				t.Errorf("%s: shows the default note, want the platform's own", id)
			}
		}
	}
}
