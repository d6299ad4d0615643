package uitest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"errdocs/internal/browsertest"
	"errdocs/internal/catalog"
	"errdocs/internal/site"
)

// grantClipboard lets pages of origin read and write the clipboard without
// asking, as a user who allowed it would. The clipboard also needs the page
// to have focus, which a headless tab only has when emulated.
func grantClipboard(t *testing.T, ctx context.Context, origin string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name},
			Setting:    browser.PermissionSettingGranted,
			Origin:     origin,
		})
		if err != nil {
			t.Fatalf("granting %s: %v", name, err)
		}
	}
}

// clickCopy clicks the copy-link button of anchor and returns what the
// clipboard then holds, and the text of the live region.
func clickCopy(t *testing.T, ctx context.Context, anchor string) (clip, said string) {
	t.Helper()
	eval[bool](t, ctx, `document.querySelectorAll("[role=status]").forEach(e => e.textContent = "");
		(window.__clipboard || navigator.clipboard).writeText("").then(() => true)`)
	sel := fmt.Sprintf(`button.copy-link[data-anchor=%q]`, anchor)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
	// The copy and the announcement happen after the click returns.
	deadline := time.Now().Add(5 * time.Second)
	for {
		clip = eval[string](t, ctx, `(window.__clipboard || navigator.clipboard).readText()`)
		said = eval[string](t, ctx, `[...document.querySelectorAll("[role=status]")].map(e => e.textContent).filter(Boolean).join("|")`)
		if clip != "" && said != "" || time.Now().After(deadline) {
			return clip, said
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestCopyLink clicks the copy-link buttons of an error, a variant and a
// platform note, and checks that the clipboard holds the absolute URL with
// the anchor, that "Link copied" is announced, and that the button shows it.
func TestCopyLink(t *testing.T) {
	ctx, _, base := seed(t)
	grantClipboard(t, ctx, base)
	navigate(t, ctx, base+"/errors/")
	for _, anchor := range []string{"401", "400-missing-or-malformed-parameter", "cause-unauthorized-access"} {
		clip, said := clickCopy(t, ctx, anchor)
		if want := base + "/errors/#" + anchor; clip != want {
			t.Errorf("copy-link %s: clipboard has %q, want %q", anchor, clip, want)
		}
		if said != "Link copied" {
			t.Errorf("copy-link %s: live region says %q, want %q", anchor, said, "Link copied")
		}
		copied := eval[bool](t, ctx, fmt.Sprintf(`document.querySelector('button.copy-link[data-anchor=%q]').classList.contains("copied")`, anchor))
		if !copied {
			t.Errorf("copy-link %s: the button does not show that it copied (no class copied)", anchor)
		}
	}

	// Without navigator.clipboard (a page served over plain HTTP), the
	// textarea fallback copies.
	navigate(t, ctx, base+"/errors/401/")
	eval[bool](t, ctx, `window.__clipboard = navigator.clipboard; Object.defineProperty(navigator, "clipboard", {value: undefined}); true`)
	clip, said := clickCopy(t, ctx, "how-to-solve")
	if want := base + "/errors/401/#how-to-solve"; clip != want || said != "Link copied" {
		t.Errorf("fallback copy: clipboard %q, said %q; want %q, %q", clip, said, want, "Link copied")
	}
	if focused := eval[string](t, ctx, `document.activeElement.getAttribute("data-anchor") || document.activeElement.tagName`); focused != "how-to-solve" {
		t.Errorf("fallback copy: focus is on %s, want back on the button", focused)
	}
}

// TestCopyLinkButtons checks every page kind: each copy-link button is
// shown, is named "Copy link to ...", and points to an element of the page;
// on /errors/ every error, variant and platform note has one, on the seed
// site and on a generated one whose errors have notes.
func TestCopyLinkButtons(t *testing.T) {
	ctx, res, base := seed(t)
	for _, p := range seedPages {
		navigate(t, ctx, base+p)
		bad := eval[[]string](t, ctx, `[...document.querySelectorAll("button.copy-link")].filter(b =>
			b.hidden || !b.checkVisibility() || !(b.getAttribute("aria-label") || "").startsWith("Copy link to ") ||
			!document.getElementById(b.dataset.anchor)).map(b => b.outerHTML)`)
		for _, b := range bad {
			t.Errorf("%s: copy-link button hidden, misnamed or pointing nowhere: %s", p, b)
		}
	}

	everyEntry(t, ctx, base, res.Site.Catalog)
	everyEntry(t, ctx, browsertest.Serve(t, browsertest.TreeFS(noted(t).Tree)), noted(t).Site.Catalog)
}

// everyEntry checks that /errors/ has a copy-link button for every error,
// variant and platform note of cat.
func everyEntry(t *testing.T, ctx context.Context, base string, cat *catalog.Catalog) {
	t.Helper()
	navigate(t, ctx, base+"/errors/")
	have := map[string]bool{}
	for _, a := range eval[[]string](t, ctx, `[...document.querySelectorAll("button.copy-link")].map(b => b.dataset.anchor)`) {
		have[a] = true
	}
	var want []string
	for _, e := range cat.Errors {
		want = append(want, e.ID)
		for _, v := range e.Variants {
			want = append(want, site.Anchor(e.ID, v.ID))
		}
		for _, n := range e.Platforms {
			want = append(want, site.Anchor(e.ID, n.Platform))
		}
	}
	var missing []string
	for _, a := range want {
		if !have[a] {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 {
		t.Errorf("/errors/ has no copy-link button for: %s", strings.Join(missing, ", "))
	}
}
