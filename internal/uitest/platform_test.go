package uitest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"errdocs/internal/browsertest"
	"errdocs/internal/testsite"
)

// notedSite serves the site of noted and returns the browser context and
// base URL.
func notedSite(t *testing.T) (context.Context, string) {
	t.Helper()
	ctx := browsertest.New(t)
	return ctx, browsertest.Serve(t, browsertest.TreeFS(noted(t).Tree))
}

// notesJS describes the "Considerations per platform" of the error with
// the given id: its parts in order (a note by its anchor, "same" for the
// sentence naming the platforms without one), the open notes, the
// platforms marked as chosen in that sentence, whether "Show all
// platforms" is shown; and of the page, the picker's value (null when it
// is not shown), the kept choice and the URL's query.
const notesJS = `(id => {
	const box = document.querySelector('.platform-notes[data-error="' + id + '"]');
	const shown = el => !!el && el.checkVisibility();
	const picker = document.querySelector(".platform-picker input:checked");
	return {
		order: [...box.children].filter(c => shown(c) && c.matches("details, .same-note")).map(c => c.id || "same"),
		open: [...box.querySelectorAll("details")].filter(d => d.open).map(d => d.id),
		chosen: [...box.querySelectorAll(".same-note a.chosen")].map(a => a.id),
		showAll: shown(box.querySelector(".show-notes")),
		picker: shown(picker) ? picker.value : null,
		kept: localStorage.getItem("errdocs-platform"),
		query: location.search,
	};
})(%q)`

type notesState struct {
	Order   []string `json:"order"`
	Open    []string `json:"open"`
	Chosen  []string `json:"chosen"`
	ShowAll bool     `json:"showAll"`
	Picker  *string  `json:"picker"`
	Kept    *string  `json:"kept"`
	Query   string   `json:"query"`
}

func (s notesState) String() string {
	deref := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return fmt.Sprintf("%q", *p)
	}
	return fmt.Sprintf("order %v, open %v, chosen %v, show all %t, picker %s, kept %s, query %q",
		s.Order, s.Open, s.Chosen, s.ShowAll, deref(s.Picker), deref(s.Kept), s.Query)
}

func notesOf(t *testing.T, ctx context.Context, id string) notesState {
	t.Helper()
	return eval[notesState](t, ctx, fmt.Sprintf(notesJS, id))
}

// wantNotes compares a notesState with what is wanted: picker and kept
// are "" for an empty choice (kept: nothing stored).
func wantNotes(t *testing.T, what string, got notesState, order, open, chosen []string, showAll bool, picker, kept, query string) {
	t.Helper()
	gotKept := ""
	if got.Kept != nil {
		gotKept = *got.Kept
	}
	if !slices.Equal(got.Order, order) || !slices.Equal(got.Open, open) || !slices.Equal(got.Chosen, chosen) ||
		got.ShowAll != showAll || got.Picker == nil || *got.Picker != picker || gotKept != kept || got.Query != query {
		want := notesState{Order: order, Open: open, Chosen: chosen, ShowAll: showAll, Picker: &picker, Kept: &kept, Query: query}
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}

// choose picks a platform ("" for all) in the page's "Your platform"
// radio group with the keyboard, as a reader does: Space on its radio
// button.
func choose(t *testing.T, ctx context.Context, platform string) {
	t.Helper()
	sel := fmt.Sprintf(`.platform-picker input[value=%q]`, platform)
	if err := chromedp.Do(ctx, chromedp.Focus(sel)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, ctx, fmt.Sprintf(`document.querySelector(%q).checked`, sel)) {
		t.Fatalf("Space on %s does not check it", sel)
	}
}

// chooseInFilter picks the platform with the given name in the platform
// select of a compact Errors page's filter with the keyboard: focus it,
// type the name.
func chooseInFilter(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	const sel = "form.error-filter select[name=platform]"
	if err := chromedp.Do(ctx, chromedp.Focus(sel)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(name)); err != nil {
		t.Fatal(err)
	}
	got := eval[string](t, ctx, fmt.Sprintf(`(s => s.options[s.selectedIndex].text)(document.querySelector(%q))`, sel))
	if got != name {
		t.Fatalf("typing %q in %s chose %q", name, sel, got)
	}
}

// TestPlatformReading chooses a platform on the error pages of a
// generated site whose errors have notes for several platforms: the
// chosen platform's note comes first and open, the others fold away and
// "Show all platforms" opens them; the choice is kept across pages and in
// the URL, ?platform= sets it, an anchor opens its note whatever the
// choice, and a choice the site no longer offers is forgotten.
func TestPlatformReading(t *testing.T) {
	ctx, base := notedSite(t)
	e := testsite.Error(6)  // notes for ericsson, jasper and stc
	e3 := testsite.Error(3) // notes for jasper and intelsat
	e1 := testsite.Error(1) // a note for ericsson
	e0 := testsite.Error(0) // no note
	a := func(id, p string) string { return id + "-" + p }
	all := []string{a(e, "ericsson"), a(e, "jasper"), a(e, "stc")}

	navigate(t, ctx, base+"/errors/"+e+"/")
	wantNotes(t, "no choice yet", notesOf(t, ctx, e),
		append(all, "same"), all, nil, false, "", "", "")

	choose(t, ctx, "jasper")
	wantNotes(t, "JASPER chosen", notesOf(t, ctx, e),
		[]string{a(e, "jasper"), a(e, "ericsson"), a(e, "stc"), "same"}, []string{a(e, "jasper")}, nil, true, "jasper", "jasper", "?platform=jasper")
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`[...document.querySelectorAll("[role=status]")].some(e => e.textContent === "JASPER first, other platforms folded")`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("choosing JASPER is not announced: %v", err)
	}

	// A folded note opens from the keyboard; "Show all platforms" opens
	// every one, and the focus goes to the first it opened.
	if err := chromedp.Do(ctx, chromedp.Focus(`[id="`+a(e, "stc")+`"] > summary`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if got := notesOf(t, ctx, e); !slices.Equal(got.Open, []string{a(e, "jasper"), a(e, "stc")}) || !got.ShowAll {
		t.Errorf("after Enter on STC's summary: %s; want JASPER and STC open, Show all shown", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`.platform-notes button.show-notes`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`!document.querySelector(".show-notes").checkVisibility()`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("Show all platforms is still shown after a click: %v", err)
	}
	wantNotes(t, "after Show all platforms", notesOf(t, ctx, e),
		[]string{a(e, "jasper"), a(e, "ericsson"), a(e, "stc"), "same"}, []string{a(e, "jasper"), a(e, "ericsson"), a(e, "stc")}, nil, false, "jasper", "jasper", "?platform=jasper")
	if got := eval[string](t, ctx, `document.activeElement.parentNode.id`); got != a(e, "ericsson") {
		t.Errorf("after Show all platforms the focus is in #%s, want on the summary of #%s", got, a(e, "ericsson"))
	}

	// The choice is kept on the other pages, with or without a note for it.
	navigate(t, ctx, base+"/errors/"+e3+"/")
	wantNotes(t, "another error, with a JASPER note", notesOf(t, ctx, e3),
		[]string{a(e3, "jasper"), a(e3, "intelsat"), "same"}, []string{a(e3, "jasper")}, nil, true, "jasper", "jasper", "?platform=jasper")
	navigate(t, ctx, base+"/errors/"+e1+"/")
	wantNotes(t, "an error without a JASPER note", notesOf(t, ctx, e1),
		[]string{"same", a(e1, "ericsson")}, nil, []string{a(e1, "jasper")}, true, "jasper", "jasper", "?platform=jasper")
	navigate(t, ctx, base+"/errors/"+e0+"/")
	wantNotes(t, "an error without any note", notesOf(t, ctx, e0),
		[]string{"same"}, nil, []string{a(e0, "jasper")}, false, "jasper", "jasper", "?platform=jasper")
	if got := eval[string](t, ctx, `document.querySelector(".same-note").innerText`); !strings.HasPrefix(got, "Same on every supported platform: TMSP, ERICSSON, TMUS, JASPER,") {
		t.Errorf("an error without any note says %q", got)
	}

	// ?platform= sets the choice; an anchor opens its note whatever it is.
	navigate(t, ctx, base+"/errors/"+e+"/?platform=stc#"+a(e, "ericsson"))
	wantNotes(t, "?platform=stc#"+a(e, "ericsson"), notesOf(t, ctx, e),
		[]string{a(e, "stc"), a(e, "ericsson"), a(e, "jasper"), "same"}, []string{a(e, "stc"), a(e, "ericsson")}, nil, true, "stc", "stc", "?platform=stc")
	if got := eval[target](t, ctx, inView); !got.Shown || !got.InView || !strings.Contains(got.Text, "ERICSSON answers with") {
		t.Errorf("?platform=stc#%s: the anchored note is %+v, want it shown in view", a(e, "ericsson"), got)
	}
	eval[bool](t, ctx, `location.hash = "#`+a(e, "jasper")+`"; true`)
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.getElementById("`+a(e, "jasper")+`").open`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("following a link to a folded note does not open it: %v", err)
	}

	// "All" clears the choice: every note open, in the site's order. The
	// arrow keys move in the radio group: from STC, the last, to All.
	if err := chromedp.Do(ctx, chromedp.Focus(`.platform-picker input:checked`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	wantNotes(t, "All chosen", notesOf(t, ctx, e),
		append(all, "same"), all, nil, false, "", "", "")
	if got := eval[string](t, ctx, "location.hash"); got != "#"+a(e, "jasper") {
		t.Errorf("clearing the choice lost the URL's anchor: %q", got)
	}

	// A kept platform the site no longer has is forgotten; one in the URL
	// that the site does not have is left out of it.
	eval[bool](t, ctx, `localStorage.setItem("errdocs-platform", "gone"); true`)
	navigate(t, ctx, base+"/errors/"+e+"/")
	wantNotes(t, "a kept platform the site does not have", notesOf(t, ctx, e),
		append(all, "same"), all, nil, false, "", "", "")
	eval[bool](t, ctx, `localStorage.setItem("errdocs-platform", "ericsson"); true`)
	navigate(t, ctx, base+"/errors/"+e+"/?platform=gone")
	wantNotes(t, "?platform=gone with ERICSSON kept", notesOf(t, ctx, e),
		append(all, "same"), []string{a(e, "ericsson")}, nil, true, "ericsson", "ericsson", "?platform=ericsson")
}

// TestPlatformReadingErrorsPage chooses a platform on the Errors page in
// full: every entry shows its note for it first, or marks it among the
// platforms without one.
func TestPlatformReadingErrorsPage(t *testing.T) {
	ctx, base := notedSite(t)
	navigate(t, ctx, base+"/errors/?platform=tmus")
	bad := eval[[]string](t, ctx, `[...document.querySelectorAll(".platform-notes")].filter(box => {
		const first = box.firstElementChild, mine = document.getElementById(box.dataset.error + "-tmus");
		const folded = [...box.querySelectorAll("details")].filter(d => !d.open);
		return mine.tagName === "DETAILS"
			? first !== mine || !mine.open || folded.length !== box.querySelectorAll("details").length - 1
			: first !== mine.parentNode || !mine.classList.contains("chosen") || folded.length !== box.querySelectorAll("details").length;
	}).map(box => box.dataset.error)`)
	if len(bad) > 0 {
		t.Errorf("/errors/?platform=tmus: entries not read as TMUS: %v", bad)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".platform-notes").length`); n != 40 {
		t.Errorf("/errors/ has %d entries with platform notes, want 40", n)
	}
	if got := eval[string](t, ctx, `localStorage.getItem("errdocs-platform")`); got != "tmus" {
		t.Errorf("/errors/?platform=tmus keeps %q", got)
	}
	// The whole page at 375 px: the picker and the notes fit.
	checkNoSideScroll(t, ctx, base, []string{"/errors/?platform=tmus", "/errors/" + testsite.Error(6) + "/"})
}

// TestPlatformFilterIsTheChoice: on a compact Errors page the filter's
// platform is the reader's choice, both ways, and the way on from an old
// anchor keeps it.
func TestPlatformFilterIsTheChoice(t *testing.T) {
	ctx, base := compactSite(t)
	e := testsite.Error(6) // notes for ericsson, jasper and stc
	navigate(t, ctx, base+"/errors/"+e+"/")
	choose(t, ctx, "jasper")

	navigate(t, ctx, base+"/errors/")
	want := 0
	for i := range 300 {
		for j := range testsite.Notes(i) {
			if testsite.Platforms[(i+j*2)%len(testsite.Platforms)] == "jasper" {
				want++
			}
		}
	}
	rows := eval[int](t, ctx, `[...document.querySelectorAll(".error-index > li")].filter(li => li.checkVisibility()).length`)
	if q := eval[string](t, ctx, "location.search"); rows != want || q != "?platform=jasper" {
		t.Errorf("/errors/ with JASPER chosen shows %d rows at %q, want the %d with a JASPER note at ?platform=jasper", rows, q, want)
	}
	if got := eval[string](t, ctx, `document.querySelector(".filter-count").textContent`); got != fmt.Sprintf("Showing %d of 300 errors with a note for JASPER", want) {
		t.Errorf("the filter's count says %q", got)
	}

	chooseInFilter(t, ctx, "STC")
	navigate(t, ctx, base+"/errors/#"+e+"-ericsson")
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	err := chromedp.Do(wait, chromedp.Poll[chromedp.Void](`location.pathname !== "/errors/" && document.readyState === "complete"`))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	wantNotes(t, "/errors/#"+e+"-ericsson with STC chosen in the filter", notesOf(t, ctx, e),
		[]string{e + "-stc", e + "-ericsson", e + "-jasper", "same"}, []string{e + "-stc", e + "-ericsson"}, nil, true, "stc", "stc", "?platform=stc")
	if got := eval[string](t, ctx, "location.pathname + location.hash"); got != "/errors/"+e+"/#"+e+"-ericsson" {
		t.Errorf("/errors/#%s-ericsson went to %s", e, got)
	}

	// Show all clears the filter, and so the choice.
	navigate(t, ctx, base+"/errors/")
	if err := chromedp.Do(ctx, chromedp.Click(`form.error-filter button[type=reset]`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`location.search === "" && localStorage.getItem("errdocs-platform") === null`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("Show all leaves the choice: %v", err)
	}
}

// TestPlatformReadingSeed chooses a platform on the seed site, where no
// error has a note yet: each says once that it is the same on every
// platform, and marks the chosen one there; an anchor to another
// platform's entry lands on its name.
func TestPlatformReadingSeed(t *testing.T) {
	ctx, res, base := seed(t)
	navigate(t, ctx, base+"/errors/401/")
	got := eval[[]string](t, ctx, `[...document.querySelectorAll("main .platform-notes")].map(b => b.innerText.trim())`)
	if want := "Same on every supported platform: TMSP, ERICSSON, TMUS, JASPER, AIRLINQ, INTELSAT and STC."; !slices.Equal(got, []string{want}) {
		t.Errorf("/errors/401/ considerations per platform: %q, want %q", got, want)
	}
	wantNotes(t, "/errors/401/, no choice", notesOf(t, ctx, "401"), []string{"same"}, nil, nil, false, "", "", "")
	choose(t, ctx, "tmus")
	wantNotes(t, "/errors/401/, TMUS chosen", notesOf(t, ctx, "401"), []string{"same"}, nil, []string{"401-tmus"}, false, "tmus", "tmus", "?platform=tmus")

	navigate(t, ctx, base+"/errors/")
	for _, e := range res.Site.Catalog.Errors {
		wantNotes(t, "/errors/ after choosing TMUS, "+e.ID, notesOf(t, ctx, e.ID), []string{"same"}, nil, []string{e.ID + "-tmus"}, false, "tmus", "tmus", "?platform=tmus")
	}

	navigate(t, ctx, base+"/errors/401/?platform=jasper#401-tmus")
	wantNotes(t, "?platform=jasper#401-tmus", notesOf(t, ctx, "401"), []string{"same"}, nil, []string{"401-jasper"}, false, "jasper", "jasper", "?platform=jasper")
	if got := eval[target](t, ctx, inView); !got.Shown || !got.InView || !strings.HasPrefix(got.Text, "Same on every supported platform") ||
		!eval[bool](t, ctx, `document.getElementById("401-tmus").matches(":target")`) {
		t.Errorf("/errors/401/?platform=jasper#401-tmus landed on %+v, want TMUS's name, marked, in view", got)
	}
}
