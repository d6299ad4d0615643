package browsertest

import (
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
)

func TestServeAndNavigate(t *testing.T) {
	ctx := New(t)
	base := Serve(t, fstest.MapFS{
		"index.html": {Data: []byte(`<!DOCTYPE html><title>hello</title><p id="p">ok</p>`)},
		"404.html":   {Data: []byte(`<!DOCTYPE html><title>missing</title>`)},
	})
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Text("#p"))
	if err != nil {
		t.Fatal(err)
	}
	if got != "ok" {
		t.Errorf("text of #p = %q, want %q", got, "ok")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/nope/")); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if title != "missing" {
		t.Errorf("title of a missing page = %q, want the 404 page's %q", title, "missing")
	}
}
