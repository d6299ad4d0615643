package uitest

import (
	"context"
	"strings"
	"testing"

	"errdocs/internal/browsertest"
)

// overflowJS reports the sideways scroll of the page at the current width,
// and names the elements that stick out beyond the viewport without being
// inside a box that scrolls on its own.
const overflowJS = `(() => {
	const de = document.documentElement, w = de.clientWidth;
	const culprits = [];
	if (de.scrollWidth > w) {
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.right <= w + 0.5 || r.width === 0) continue;
			// Skip what a scrolling box holds, unless it is positioned out of it.
			let clipped = false;
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				if (getComputedStyle(p).overflowX !== "visible") { clipped = getComputedStyle(el).position !== "absolute"; break; }
			}
			if (!clipped) culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " right=" + Math.round(r.right));
			if (culprits.length >= 8) break;
		}
	}
	return {clientWidth: w, scrollWidth: de.scrollWidth, innerWidth: window.innerWidth, culprits};
})()`

type overflow struct {
	ClientWidth int      `json:"clientWidth"`
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Culprits    []string `json:"culprits"`
}

func checkNoSideScroll(t *testing.T, ctx context.Context, base string, pages []string) {
	viewport(t, ctx, 375, 812, true)
	for _, p := range pages {
		navigate(t, ctx, base+p)
		o := eval[overflow](t, ctx, overflowJS)
		if o.ClientWidth != 375 || o.InnerWidth != 375 {
			t.Errorf("%s: viewport is %d px (inner %d), want 375: the page is zoomed out to fit", p, o.ClientWidth, o.InnerWidth)
		}
		if o.ScrollWidth > o.ClientWidth {
			t.Errorf("%s scrolls sideways at 375 px: scrollWidth %d > %d; sticking out: %s",
				p, o.ScrollWidth, o.ClientWidth, strings.Join(o.Culprits, ", "))
		}
	}
}

// TestNarrowNoSideScroll loads every page kind at 375x812, as a phone, and
// checks that the page never scrolls sideways: wide tables and code scroll
// in their own box, long words wrap.
func TestNarrowNoSideScroll(t *testing.T) {
	ctx, _, base := seed(t)
	t.Run("seed", func(t *testing.T) {
		checkNoSideScroll(t, ctx, base, seedPages)
	})
	t.Run("corpus", func(t *testing.T) {
		res, pages := corpus(t)
		t.Logf("corpus pages: %v", pages)
		checkNoSideScroll(t, ctx, browsertest.Serve(t, browsertest.TreeFS(res.Tree)), pages)
	})
}
