package devserver

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"errdocs/internal/anchorlock"
	"errdocs/internal/publish"
	"errdocs/internal/sitegen"
)

// theme is the repository's default theme.
var theme = os.DirFS("../..")

// siteConfig is the site configuration errdocs serve uses by default (that
// of errdocs build) for the site root dir; "" leaves Src for the server to
// set.
func siteConfig(dir string) sitegen.Config {
	cfg := sitegen.Config{Theme: theme, Publish: publish.Config{Minify: true}}
	if dir != "" {
		cfg.Src = os.DirFS(dir)
	}
	return cfg
}

// newSite copies the repository's site (content/ and data/) to a temporary
// folder and returns it.
func newSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content", "data"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// testServer is a dev server running on a free port of 127.0.0.1 until
// the test ends.
type testServer struct {
	*Server
	dir  string
	base string // "http://127.0.0.1:PORT"
	addr string // "127.0.0.1:PORT"
	log  *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func startServer(t testing.TB, dir string) *testServer {
	t.Helper()
	ts, stop := startServerOn(t, dir, 0)
	t.Cleanup(stop)
	return ts
}

// startServerOn starts a server on the given port of 127.0.0.1 (0: a free
// one); stop stops it and waits until it has.
func startServerOn(t testing.TB, dir string, port int) (ts *testServer, stop func()) {
	t.Helper()
	log := new(syncBuffer)
	s, ln, w, err := start(Config{Dir: dir, Site: siteConfig(""), Port: port, Debounce: 20 * time.Millisecond, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln, w) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Errorf("server did not stop within 10s of its context's end")
			}
		})
	}
	return &testServer{Server: s, dir: dir, base: "http://" + ln.Addr().String(), addr: ln.Addr().String(), log: log}, stop
}

// client is an HTTP client that follows no redirects and gives up after 10s.
var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t testing.TB, url string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

// write writes a file of the site and returns when it is on disk.
func (ts *testServer) write(t testing.TB, name, content string) {
	t.Helper()
	p := filepath.Join(ts.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (ts *testServer) read(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ts.dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// waitFor polls url until ok accepts its response, for at most 10s.
func waitFor(t testing.TB, url string, what string, ok func(response) bool) response {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := get(t, url)
		if ok(r) {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: still not %s after 10s; last status %d, body:\n%.2000s", url, what, r.status, r.body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var scriptTag = regexp.MustCompile(`<script src="/_errdocs/livereload.js" data-build="[^"]*" defer></script>\n`)

// strip removes what the server injects into HTML.
func strip(html string) string { return scriptTag.ReplaceAllString(html, "") }

func TestServe(t *testing.T) {
	ts := startServer(t, newSite(t))
	tests := []struct {
		name, path   string
		wantStatus   int
		wantType     string
		wantContains string
		wantLocation string
	}{
		{name: "home", path: "/", wantStatus: 200, wantType: "text/html; charset=utf-8", wantContains: `<script src="/_errdocs/livereload.js"`},
		{name: "error page", path: "/errors/401/", wantStatus: 200, wantType: "text/html; charset=utf-8", wantContains: "Unauthorized"},
		{name: "index.html by name", path: "/errors/401/index.html", wantStatus: 200, wantContains: "Unauthorized"},
		{name: "folder without slash", path: "/errors/401", wantStatus: 301, wantLocation: "/errors/401/"},
		{name: "query kept", path: "/search?q=401", wantStatus: 301, wantLocation: "/search/?q=401"},
		{name: "double slash", path: "//errors/401/", wantStatus: 301, wantLocation: "/errors/401/"},
		{name: "dot segment", path: "/errors/./401/", wantStatus: 301, wantLocation: "/errors/401/"},
		{name: "missing", path: "/no/such/page/", wantStatus: 404, wantType: "text/html; charset=utf-8", wantContains: "Page not found"},
		{name: "stylesheet", path: "/css/site.css", wantStatus: 200, wantType: "text/css; charset=utf-8"},
		{name: "catalog", path: "/errors.json", wantStatus: 200, wantType: "application/json", wantContains: `"errors"`},
		{name: "redirects file", path: "/_redirects", wantStatus: 200, wantType: "text/plain; charset=utf-8"},
		{name: "script", path: "/_errdocs/livereload.js", wantStatus: 200, wantType: "text/javascript; charset=utf-8", wantContains: "EventSource"},
		{name: "overlay style", path: "/_errdocs/overlay.css", wantStatus: 200, wantType: "text/css; charset=utf-8"},
		{name: "dotfile", path: "/.git/config", wantStatus: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, ts.base+tt.path)
			if r.status != tt.wantStatus {
				t.Errorf("GET %s: status %d, want %d", tt.path, r.status, tt.wantStatus)
			}
			if tt.wantType != "" && !strings.HasPrefix(r.header.Get("Content-Type"), tt.wantType) {
				t.Errorf("GET %s: Content-Type %q, want %q", tt.path, r.header.Get("Content-Type"), tt.wantType)
			}
			if !strings.Contains(r.body, tt.wantContains) {
				t.Errorf("GET %s: body does not contain %q:\n%.500s", tt.path, tt.wantContains, r.body)
			}
			if got := r.header.Get("Location"); got != tt.wantLocation {
				t.Errorf("GET %s: Location %q, want %q", tt.path, got, tt.wantLocation)
			}
			if got := r.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("GET %s: Cache-Control %q, want no-store", tt.path, got)
			}
		})
	}
	t.Run("method", func(t *testing.T) {
		resp, err := client.Post(ts.base+"/", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /: status %d, want 405", resp.StatusCode)
		}
	})
}

// TestServeSameBytesAsBuild checks every file against sitegen.Build: only
// the script tag differs, and only in HTML.
func TestServeSameBytesAsBuild(t *testing.T) {
	dir := newSite(t)
	ts := startServer(t, dir)
	want, err := sitegen.Build(siteConfig(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range want.Tree.Paths() {
		w, _ := want.Tree.Get(p)
		url := ts.base + "/" + p
		r := get(t, url)
		if r.status != 200 {
			t.Errorf("GET /%s: status %d, want 200", p, r.status)
			continue
		}
		got := r.body
		if strings.HasSuffix(p, ".html") {
			if n := len(scriptTag.FindAllString(got, -1)); n != 1 {
				t.Errorf("GET /%s: %d live reload script tags, want 1", p, n)
			}
			if !strings.Contains(got, "</script>\n</body>") {
				t.Errorf("GET /%s: script tag not right before </body>", p)
			}
			got = strip(got)
		}
		if got != string(w) {
			t.Errorf("GET /%s: served bytes differ from the build's (%d vs %d bytes)", p, len(got), len(w))
		}
	}
	if bytes, _ := want.Tree.Get("index.html"); strings.Contains(string(bytes), "_errdocs") {
		t.Errorf("the build output mentions _errdocs: the script must be added at serve time only")
	}
}

// rawRequest sends req as is over a new connection and returns the status
// code, the Location header and the body.
func rawRequest(t *testing.T, addr, req string) (status int, location, body string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%q: %v", req, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// TestTraversal sends path traversal attempts as raw bytes, as a client
// library would clean them, and checks that nothing outside the built
// site comes back.
func TestTraversal(t *testing.T) {
	dir := newSite(t)
	const secret = "TOP-SECRET-7f3a"
	for _, f := range []string{"secret.txt", "content/secret.txt", "static/.env", "data/secret.txt"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(secret), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ts := startServer(t, dir)
	host := "Host: " + ts.addr + "\r\n"
	for _, target := range []string{
		"/../",
		"/../secret.txt",
		"/%2e%2e/",
		"/%2e%2e/secret.txt",
		"/%2E%2E/%2E%2E/etc/passwd",
		"/..%2f",
		"/..%2fsecret.txt",
		"/css/..%2f..%2fsecret.txt",
		"/css/../../secret.txt",
		"/..\\secret.txt",
		"/%5c..%5csecret.txt",
		"/.env",
		"/content/secret.txt",
		"/data/secret.txt",
		"/secret.txt",
		"/errors/401/%00",
		dir + "/secret.txt",
		"/" + dir + "/secret.txt",
	} {
		t.Run(target, func(t *testing.T) {
			status, loc, body := rawRequest(t, ts.addr, "GET "+target+" HTTP/1.1\r\n"+host+"Connection: close\r\n\r\n")
			if status == 301 {
				// A cleaned path: it must stay on this site and lead nowhere.
				if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
					t.Fatalf("GET %s: redirect to %q, want a path of this site", target, loc)
				}
				status, _, body = rawRequest(t, ts.addr, "GET "+loc+" HTTP/1.1\r\n"+host+"Connection: close\r\n\r\n")
			}
			if strings.Contains(body, secret) {
				t.Fatalf("GET %s: status %d, and the body holds a file outside the site", target, status)
			}
			if status != 400 && status != 404 {
				t.Errorf("GET %s: status %d, want 400 or 404", target, status)
			}
		})
	}
}

func TestHostHeader(t *testing.T) {
	ts := startServer(t, newSite(t))
	_, port, _ := net.SplitHostPort(ts.addr)
	tests := []struct {
		host string
		want int
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LOCALHOST:" + port, 200},
		{"[::1]:" + port, 200},
		{"attacker.example:" + port, 403},
		{"attacker.example", 403},
		{"127.0.0.1.attacker.example:" + port, 403},
		{"localhost.attacker.example:" + port, 403},
		{"127.0.0.1:1", 403},
		{"10.1.2.3:" + port, 403},
		{"[::1]", 403},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			status, _, _ := rawRequest(t, ts.addr, "GET / HTTP/1.1\r\nHost: "+tt.host+"\r\nConnection: close\r\n\r\n")
			if status != tt.want {
				t.Errorf("Host %q: status %d, want %d", tt.host, status, tt.want)
			}
		})
	}
	t.Run("live reload", func(t *testing.T) {
		if r := get(t, ts.base+reloadPath, "Host", "attacker.example:"+port); r.status != 403 {
			t.Errorf("live reload with a foreign Host: status %d, want 403", r.status)
		}
	})
	t.Run("no host", func(t *testing.T) {
		status, _, _ := rawRequest(t, ts.addr, "GET / HTTP/1.0\r\n\r\n")
		if status != 403 {
			t.Errorf("HTTP/1.0 without Host: status %d, want 403", status)
		}
	})
}

func TestLiveReloadOrigin(t *testing.T) {
	ts := startServer(t, newSite(t))
	_, port, _ := net.SplitHostPort(ts.addr)
	tests := []struct {
		name   string
		header []string
		want   int
	}{
		{"no origin", nil, 200},
		{"same origin", []string{"Origin", ts.base}, 200},
		{"localhost origin", []string{"Origin", "http://localhost:" + port}, 200},
		{"foreign origin", []string{"Origin", "http://attacker.example"}, 403},
		{"foreign origin on our port", []string{"Origin", "http://attacker.example:" + port}, 403},
		{"other port", []string{"Origin", "http://127.0.0.1:1"}, 403},
		{"null origin", []string{"Origin", "null"}, 403},
		{"https origin", []string{"Origin", "https://127.0.0.1:" + port}, 403},
		{"cross-site fetch", []string{"Sec-Fetch-Site", "cross-site"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", ts.base+reloadPath, nil)
			for i := 0; i+1 < len(tt.header); i += 2 {
				req.Header.Set(tt.header[i], tt.header[i+1])
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			resp, err := client.Do(req.WithContext(ctx))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want != 200 {
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
				t.Errorf("Content-Type %q, want text/event-stream", ct)
			}
			ev := readEvent(t, bufio.NewReader(resp.Body))
			if want := ts.cur.Load().id; ev != want {
				t.Errorf("first event: build %q, want the current build %q", ev, want)
			}
		})
	}
}

// readEvent returns the data of the next "build" event of a stream.
func readEvent(t testing.TB, r *bufio.Reader) string {
	t.Helper()
	id, err := readEventErr(r)
	if err != nil {
		t.Fatalf("reading the event stream: %v", err)
	}
	return id
}

// readEventErr reads the next build ID from a live reload stream.
func readEventErr(r *bufio.Reader) (string, error) {
	event := ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: ") && event == "build":
			return strings.TrimPrefix(line, "data: "), nil
		}
	}
}

// TestRebuildOnEdit edits, adds and removes files and folders and checks
// that the site served follows, and that open streams hear of each build.
func TestRebuildOnEdit(t *testing.T) {
	ts := startServer(t, newSite(t))
	resp, err := client.Get(ts.base + reloadPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewReader(resp.Body)
	first := readEvent(t, events)

	ts.write(t, "content/support.md", ts.read(t, "content/support.md")+"\nA sentence added by the test.\n")
	waitFor(t, ts.base+"/support/", "edited", func(r response) bool {
		return strings.Contains(r.body, "A sentence added by the test.")
	})
	if next := readEvent(t, events); next == first {
		t.Errorf("after an edit the stream sent build %q again", next)
	}

	// A new folder with pages, created in one go.
	ts.write(t, "content/howto/_index.md", "---\ntitle: How-to\nweight: 50\n---\nHow-to guides.\n")
	ts.write(t, "content/howto/deep/page.md", "---\ntitle: Deep page\n---\nDeep text.\n")
	waitFor(t, ts.base+"/howto/deep/page/", "served", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "Deep text.")
	})
	// A file in that folder after it is watched.
	ts.write(t, "content/howto/deep/later.md", "---\ntitle: Later page\n---\nLater text.\n")
	waitFor(t, ts.base+"/howto/deep/later/", "served", func(r response) bool { return r.status == 200 })
	home := get(t, ts.base+"/")
	if !strings.Contains(home.body, `href="/howto/"`) {
		t.Errorf("the home page does not link the new section /howto/")
	}

	// A renamed folder: its pages move, and it is still watched.
	if err := os.Rename(filepath.Join(ts.dir, "content/howto"), filepath.Join(ts.dir, "content/guides")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ts.base+"/guides/deep/page/", "served", func(r response) bool { return r.status == 200 })
	if r := get(t, ts.base+"/howto/deep/page/"); r.status != 404 {
		t.Errorf("GET /howto/deep/page/ after the rename: status %d, want 404", r.status)
	}
	ts.write(t, "content/guides/deep/page.md", "---\ntitle: Deep page\n---\nEdited after the rename.\n")
	waitFor(t, ts.base+"/guides/deep/page/", "edited", func(r response) bool {
		return strings.Contains(r.body, "Edited after the rename.")
	})

	if err := os.RemoveAll(filepath.Join(ts.dir, "content/guides")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ts.base+"/guides/deep/page/", "gone", func(r response) bool { return r.status == 404 })

	// Data, templates and static files.
	ts.write(t, "data/errors/401.yaml", strings.Replace(ts.read(t, "data/errors/401.yaml"), "title: Unauthorized", "title: Unauthorised", 1))
	waitFor(t, ts.base+"/errors/401/", "retitled", func(r response) bool { return strings.Contains(r.body, "Unauthorised") })
	ts.write(t, "static/css/extra.css", "body{color:red}") // as minified
	waitFor(t, ts.base+"/css/extra.css", "served", func(r response) bool { return r.body == "body{color:red}" })
	ts.write(t, "templates/page.html", `{{define "main"}}<article class="from-test">{{.Content}}</article>{{end}}`)
	waitFor(t, ts.base+"/support/", "using the new template", func(r response) bool {
		return strings.Contains(r.body, `class="from-test"`)
	})
}

// TestErrorOverlay breaks a data file and a page, checks that the last good
// site is still served with every problem listed, then fixes them.
func TestErrorOverlay(t *testing.T) {
	ts := startServer(t, newSite(t))
	good := get(t, ts.base+"/errors/401/")
	if strings.Contains(good.body, "errdocs-overlay") {
		t.Fatal("the overlay is shown before anything is broken")
	}
	orig := ts.read(t, "data/errors/401.yaml")
	ts.write(t, "data/errors/401.yaml", strings.Replace(orig, "title: Unauthorized", "title: Unauthorized\nstatsu: 401", 1))
	ts.write(t, "content/broken.md", "---\ntitle: Broken\nwieght: 3\n---\n")
	r := waitFor(t, ts.base+"/errors/401/", "showing the overlay", func(r response) bool {
		return strings.Contains(r.body, "data/errors/401.yaml:") && strings.Contains(r.body, "content/broken.md:")
	})
	if r.status != 200 {
		t.Errorf("status %d during a failed build, want 200 (the last good page)", r.status)
	}
	for _, want := range []string{
		`<div id="errdocs-overlay" role="alert">`,
		`<link rel="stylesheet" href="/_errdocs/overlay.css">`,
		`problems</h2>`,
		`<code>content/broken.md:3:1: unknown key &#34;wieght&#34;`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("overlay: no %q in\n%s", want, r.body[strings.Index(r.body, "errdocs-overlay"):])
		}
	}
	if !regexp.MustCompile(`<code>data/errors/401\.yaml:\d+:\d+: [^<]+</code>`).MatchString(r.body) {
		t.Errorf("overlay: no file:line:col: message for data/errors/401.yaml")
	}
	// The page is the last good one: stripped of the overlay, the same bytes.
	overlay := regexp.MustCompile(`(?s)<link rel="stylesheet" href="/_errdocs/overlay.css">\n<div id="errdocs-overlay".*?</div>\n`)
	if strip(overlay.ReplaceAllString(r.body, "")) != strip(good.body) {
		t.Errorf("during a failed build the page is not the last good one")
	}
	// Every HTML page shows it, 404 included; other files are untouched.
	if r := get(t, ts.base+"/nope/"); !strings.Contains(r.body, "errdocs-overlay") {
		t.Errorf("the 404 page does not show the overlay")
	}
	if r := get(t, ts.base+"/css/site.css"); strings.Contains(r.body, "errdocs-overlay") {
		t.Errorf("a stylesheet got the overlay")
	}

	ts.write(t, "data/errors/401.yaml", orig)
	r = waitFor(t, ts.base+"/errors/401/", "listing only the page", func(r response) bool {
		return !strings.Contains(r.body, "data/errors/401.yaml:")
	})
	if !strings.Contains(r.body, "1 problem<") {
		t.Errorf("after fixing one of two problems, want 1 problem listed:\n%s", r.body)
	}
	if err := os.Remove(filepath.Join(ts.dir, "content/broken.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ts.base+"/errors/401/", "without the overlay", func(r response) bool {
		return !strings.Contains(r.body, "errdocs-overlay")
	})
}

// TestEarlyPages edits a page body: the page is served as soon as it is
// rendered and the whole build follows under the same build ID, so open
// pages reload once. When the whole build then finds a problem, the last
// good page is served again, with the overlay.
func TestEarlyPages(t *testing.T) {
	ts := startServer(t, newSite(t))
	resp, err := client.Get(ts.base + reloadPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 10)
	go func() {
		r := bufio.NewReader(resp.Body)
		for {
			id, err := readEventErr(r)
			if err != nil {
				close(events)
				return
			}
			events <- id
		}
	}()
	first := <-events

	orig := ts.read(t, "content/support.md")
	ts.write(t, "content/support.md", orig+"\nEdited early, with a zyzzyvaword.\n")
	edited := waitFor(t, ts.base+"/support/", "edited", func(r response) bool { return strings.Contains(r.body, "zyzzyvaword") })
	deadline := time.Now().Add(10 * time.Second)
	for !searchHas(ts, "zyzzyvaword") {
		if time.Now().After(deadline) {
			t.Fatal("the edit is not in the search index after 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	good := get(t, ts.base+"/support/")
	buildOf := regexp.MustCompile(`data-build="([^"]*)"`)
	if e, g := buildOf.FindStringSubmatch(edited.body), buildOf.FindStringSubmatch(good.body); e == nil || g == nil || e[1] != g[1] {
		t.Errorf("the page served early is of build %q, the whole build's %q; want the same", e, g)
	}
	if !strings.Contains(ts.log.String(), "served after") {
		t.Errorf("the edited page was not served early; log:\n%s", ts.log.String())
	}
	var ids []string
	for len(events) > 0 {
		ids = append(ids, <-events)
	}
	slices.Sort(ids)
	if ids = slices.Compact(ids); len(ids) != 1 || ids[0] == first {
		t.Errorf("builds announced after one body edit: %q, want one new build (first was %q)", ids, first)
	}

	ts.write(t, "content/support.md", orig+"\nBroken early: [gone](/nowhere/).\n")
	r := waitFor(t, ts.base+"/support/", "showing the overlay", func(r response) bool {
		return strings.Contains(r.body, "link /nowhere/: no such page")
	})
	overlay := regexp.MustCompile(`(?s)<link rel="stylesheet" href="/_errdocs/overlay.css">\n<div id="errdocs-overlay".*?</div>\n`)
	if strip(overlay.ReplaceAllString(r.body, "")) != strip(good.body) {
		t.Errorf("after a body edit with a broken link the page is not the last good one")
	}
	ts.write(t, "content/support.md", orig)
	waitFor(t, ts.base+"/support/", "without the overlay", func(r response) bool {
		return !strings.Contains(r.body, "errdocs-overlay") && !strings.Contains(r.body, "zyzzyvaword")
	})
}

// TestPageReload follows the live reload streams of three pages while
// files change: a page's ID changes when a rebuild changes that page, and
// only then, so an edit reloads the pages it shows on and no others, but
// for a static file, which any page may show, and the search page, which
// shows the search index; the 404 page served at a missing path changes
// when a page appears there.
// Each page is served with the ID its stream sends.
func TestPageReload(t *testing.T) {
	ts := startServer(t, newSite(t))
	pages := []string{"/support/", "/errors/401/", "/later/", "/search/"}
	events := map[string]chan string{}
	for _, p := range pages {
		resp, err := client.Get(ts.base + reloadPath + "?page=" + url.QueryEscape(p))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		ch := make(chan string, 10)
		events[p] = ch
		go func() {
			r := bufio.NewReader(resp.Body)
			for {
				id, err := readEventErr(r)
				if err != nil {
					return
				}
				ch <- id
			}
		}()
	}
	buildOf := regexp.MustCompile(`data-build="([^"]*)"`)
	ids := map[string]string{}
	for _, p := range pages {
		ids[p] = <-events[p]
		if m := buildOf.FindStringSubmatch(get(t, ts.base+p).body); m == nil || m[1] != ids[p] {
			t.Errorf("%s is served with build %q, its stream sent %q", p, m, ids[p])
		}
	}
	if !strings.HasSuffix(ids["/later/"], "-404") {
		t.Errorf("the 404 page at /later/ has the ID %q, want one ending in -404", ids["/later/"])
	}
	// next waits for a new ID of page p.
	next := func(p, after string) {
		t.Helper()
		select {
		case id := <-events[p]:
			if id == ids[p] {
				t.Errorf("%s %s: the stream sent its ID %q again", p, after, id)
			}
			ids[p] = id
		case <-time.After(10 * time.Second):
			t.Fatalf("%s %s: no new ID after 10s", p, after)
		}
	}
	// none checks, once the server is idle, that page p got no new ID.
	none := func(p, after string) {
		t.Helper()
		waitIdle(ts.Server)
		select {
		case id := <-events[p]:
			t.Errorf("%s %s: new ID %q, want none: the page did not change", p, after, id)
		default:
		}
	}

	orig := ts.read(t, "data/errors/401.yaml")
	ts.write(t, "data/errors/401.yaml", strings.Replace(orig, "title: Unauthorized", "title: Unauthorised", 1))
	next("/errors/401/", "after its error was retitled")
	next("/search/", "after error 401 was retitled") // in the search index
	none("/support/", "after error 401 was retitled")
	none("/later/", "after error 401 was retitled")

	ts.write(t, "content/support.md", ts.read(t, "content/support.md")+"\nEdited.\n")
	next("/support/", "after its page was edited")
	next("/search/", "after /support/ was edited")
	none("/errors/401/", "after /support/ was edited")

	// An image may be on any page: every page reloads.
	ts.write(t, "static/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`)
	next("/support/", "after an image was added")
	next("/errors/401/", "after an image was added")
	next("/later/", "after an image was added")
	next("/search/", "after an image was added")

	// Last: a new top-level page is in the navigation of every page.
	ts.write(t, "content/later.md", "---\ntitle: Later\n---\nWritten later.\n")
	next("/later/", "after its page was written")
	if strings.HasSuffix(ids["/later/"], "-404") {
		t.Errorf("/later/ has the ID %q once written, want one without -404", ids["/later/"])
	}
}

// searchHas reports whether a word is in the served search index.
func searchHas(ts *testServer, word string) bool {
	tree := ts.cur.Load().tree
	for _, p := range tree.Paths() {
		if strings.HasPrefix(p, "search-index/p/") {
			if b, _ := tree.Get(p); strings.Contains(string(b), `"`+word+`"`) {
				return true
			}
		}
	}
	return false
}

// TestAnchorsLock rewrites anchors.lock while serving: the site is checked
// against it again at once.
func TestAnchorsLock(t *testing.T) {
	ts := startServer(t, newSite(t))
	ts.write(t, anchorlock.File, "/errors/\n/gone/\n")
	waitFor(t, ts.base+"/", "showing the lost URL", func(r response) bool {
		return strings.Contains(r.body, "/gone/ is published but gone from the site")
	})
	ts.write(t, anchorlock.File, "/errors/\n")
	waitFor(t, ts.base+"/", "without the overlay", func(r response) bool {
		return !strings.Contains(r.body, "errdocs-overlay")
	})
}

// TestFirstBuildFails serves the problems when there is no good build yet.
func TestFirstBuildFails(t *testing.T) {
	dir := newSite(t)
	if err := os.WriteFile(filepath.Join(dir, "content/_index.md"), []byte("no front matter"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, dir)
	r := get(t, ts.base+"/")
	if r.status != 404 || !strings.Contains(r.body, "content/_index.md:1:1: missing front matter") {
		t.Errorf("GET /: status %d, want 404 with the problem listed:\n%s", r.status, r.body)
	}
	ts.write(t, "content/_index.md", "---\ntitle: Fixed home\n---\nHello.\n")
	waitFor(t, ts.base+"/", "fixed", func(r response) bool { return r.status == 200 && strings.Contains(r.body, "Fixed home") })
}

func TestShutdownClosesStreams(t *testing.T) {
	dir := newSite(t)
	s, ln, w, err := start(Config{Dir: dir, Site: siteConfig("")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln, w) }()
	base := "http://" + ln.Addr().String()
	var bodies []io.Closer
	for range 5 {
		resp, err := client.Get(base + reloadPath)
		if err != nil {
			t.Fatal(err)
		}
		readEvent(t, bufio.NewReader(resp.Body))
		bodies = append(bodies, resp.Body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return within 10s with live reload streams open")
	}
	for _, b := range bodies {
		b.Close()
	}
	if _, err := client.Get(base + "/"); err == nil {
		t.Errorf("the server still answers after shutdown")
	}
}

// TestAliases checks that a page's old URLs redirect to it, as _redirects
// makes them do once published.
func TestAliases(t *testing.T) {
	dir := newSite(t)
	if err := os.WriteFile(filepath.Join(dir, "content/moved.md"),
		[]byte("---\ntitle: Moved\naliases: [/old/place/]\n---\nHere now.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, dir)
	r := get(t, ts.base+"/old/place/?x=1")
	if r.status != 301 || r.header.Get("Location") != "/moved/?x=1" {
		t.Errorf("GET /old/place/: status %d, Location %q; want 301 to /moved/?x=1", r.status, r.header.Get("Location"))
	}
}
