package publish_test

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"errdocs/internal/browsertest"
	"errdocs/internal/output"
)

// serveWithHeaders serves tree as Netlify would for these tests: each
// response carries the headers _headers gives its path.
func serveWithHeaders(t *testing.T, tree *output.Tree) string {
	t.Helper()
	rules, err := parseHeaders(file(t, tree, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := browsertest.TreeFS(tree)
	files := http.FileServerFS(fsys)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, _ := headersFor(rules, r.URL.Path)
		for k, v := range h {
			w.Header().Set(k, v)
		}
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		if _, err := fs.Stat(fsys, name); err != nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// consoleOf loads a page and returns what it wrote to the console, uncaught
// exceptions and the browser's own errors (CSP violations among them).
func consoleOf(t *testing.T, ctx context.Context, url string) []chromedp.ConsoleMessage {
	t.Helper()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	messages := chromedp.Console(cctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	time.Sleep(300 * time.Millisecond) // let deferred scripts and their fetches run
	const stop = "errdocs-test-done"
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`console.log("`+stop+`"), 1`)); err != nil {
		t.Fatal(err)
	}
	var got []chromedp.ConsoleMessage
	for m, err := range messages {
		if err != nil {
			t.Fatalf("%s: console: %v", url, err)
		}
		if m.Text == stop {
			return got
		}
		got = append(got, m)
	}
	return got
}

// TestBrowserCSP loads the minified, fingerprinted seed site in Chromium
// with the headers of _headers, and wants no exception, no console error and
// no Content-Security-Policy violation. A canary page with an inline script
// shows that the policy is in force.
func TestBrowserCSP(t *testing.T) {
	ctx := browsertest.New(t)
	tree := seed(t)
	canary := output.NewTree()
	for _, p := range tree.Paths() {
		b, _ := tree.Get(p)
		canary.Add(p, b)
	}
	canary.Add("csp-canary.html", []byte(`<!doctype html><title>canary</title><script>console.log("inline ran")</script><p style="color:red">x</p>`))
	base := serveWithHeaders(t, canary)

	got := consoleOf(t, ctx, base+"/csp-canary.html")
	blocked := false
	for _, m := range got {
		if m.Text == "inline ran" {
			t.Errorf("the canary's inline script ran: the CSP is not in force")
		}
		if strings.Contains(m.Text, "Content Security Policy") {
			blocked = true
		}
	}
	if !blocked {
		t.Errorf("no CSP violation reported for the canary; console: %v", got)
	}

	for _, p := range []string{"/", "/errors/", "/errors/401/", "/errors/matrix/", "/platforms/tmus/", "/glossary/", "/search/?q=401"} {
		for _, m := range consoleOf(t, ctx, base+p) {
			if m.IsException() || m.Type == chromedp.ConsoleError || strings.Contains(m.Text, "Content Security Policy") {
				t.Errorf("%s: %s (%s:%d)", p, m, m.URL, m.Line)
			}
		}
	}
}
