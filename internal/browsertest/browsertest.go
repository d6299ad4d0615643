// Package browsertest runs tests in real headless Chromium (Debian's
// chromium package) driven by chromedp, against a site served from memory
// on 127.0.0.1.
//
// Tests call New, which skips the test with a clear message when Chromium
// is not installed; .ci/run installs it so these tests run in CI.
package browsertest

import (
	"context"
	"errdocs/internal/output"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
)

// Path finds the Chromium binary, or returns "".
func Path() string {
	if p := os.Getenv("ERRDOCS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless Chromium with a fresh profile and returns a chromedp
// context for one tab. Everything stops when the test ends. The test is
// skipped when Chromium is absent.
func New(t testing.TB) context.Context {
	t.Helper()
	bin := Path()
	if bin == "" {
		t.Skip("skipping browser test: Chromium not found (apt-get install -y chromium, or set ERRDOCS_CHROMIUM)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium %s: %v", bin, err)
	}
	return ctx
}

// Serve serves fsys over HTTP on a free port of 127.0.0.1 until the test
// ends and returns its base URL ("http://127.0.0.1:PORT"). Paths ending in
// "/" serve their index.html; a missing file serves 404.html if present.
func Serve(t testing.TB, fsys fs.FS) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServerFS(fsys)
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			name := r.URL.Path[1:]
			if name == "" || name[len(name)-1] == '/' {
				name += "index.html"
			}
			if _, err := fs.Stat(fsys, name); err != nil {
				if b, err := fs.ReadFile(fsys, "404.html"); err == nil {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.WriteHeader(http.StatusNotFound)
					w.Write(b)
					return
				}
			}
			files.ServeHTTP(w, r)
		}),
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// TreeFS returns the files of a built tree as an fs.FS, to serve or read.
func TreeFS(tree *output.Tree) fs.FS {
	m := fstest.MapFS{}
	for p, b := range tree.All() {
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return m
}
