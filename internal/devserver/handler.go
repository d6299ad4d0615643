package devserver

import (
	"bytes"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"errdocs/internal/diag"
	"errdocs/internal/output"
)

// Paths the server answers itself; a site cannot publish files below
// /_errdocs/.
const (
	reloadPath   = "/_errdocs/livereload"
	reloadJSPath = "/_errdocs/livereload.js"
	overlayPath  = "/_errdocs/overlay.css"
)

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if !s.hostAllowed(r.Host) {
		http.Error(w, "errdocs serve answers only on its own address, such as http://127.0.0.1:"+s.port+"/ (Host "+strconv.Quote(r.Host)+" refused)", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case reloadPath:
		s.liveReload(w, r)
	case reloadJSPath:
		serveAsset(w, r, "text/javascript; charset=utf-8", reloadJS)
	case overlayPath:
		serveAsset(w, r, "text/css; charset=utf-8", overlayCSS)
	default:
		s.serveSite(w, r, s.cur.Load())
	}
}

// hostAllowed reports whether a request's Host header names this server:
// the bound address, localhost or a loopback address, with its port. Any
// IP address is allowed when the server listens on all of them: DNS
// rebinding needs a host name.
func (s *Server) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, "80"
	}
	if port != s.port || host == "" {
		return false
	}
	if strings.EqualFold(host, "localhost") || strings.EqualFold(host, s.cfg.Bind) {
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() {
		return true
	}
	bind := net.ParseIP(s.cfg.Bind)
	return bind != nil && (bind.IsUnspecified() || bind.Equal(ip))
}

// originAllowed reports whether a request comes from a page of this
// server, or from no page at all (no Origin header).
func (s *Server) originAllowed(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || u.Path != "" && u.Path != "/" {
		return false
	}
	hostport := u.Host
	if u.Port() == "" {
		hostport = net.JoinHostPort(u.Hostname(), "80")
	}
	return s.hostAllowed(hostport)
}

func serveAsset(w http.ResponseWriter, r *http.Request, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// serveSite answers a request from the published build st.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request, st *state) {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\x00\\") || hasDotDot(p) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if clean != p {
		redirect(w, r, clean)
		return
	}
	name := p[1:]
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := st.tree.Get(name)
	if !ok {
		if _, dir := st.tree.Get(name + "/index.html"); dir {
			redirect(w, r, p+"/")
			return
		}
		if to, alias := st.aliases[p]; alias {
			redirect(w, r, to)
			return
		}
		s.notFound(w, st)
		return
	}
	ctype := contentType(name)
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		writeInjected(w, http.StatusOK, data, st.overlay, s.pageID(st, name, false))
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// hasDotDot reports whether p has a ".." segment.
func hasDotDot(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// redirect answers with a permanent redirect to the site path to, never
// to another host.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	to = "/" + strings.TrimLeft(to, "/\\")
	loc := (&url.URL{Path: to}).EscapedPath()
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusMovedPermanently)
}

// notFound serves the site's 404.html, or a stand-in when there is none
// (a first build that failed).
func (s *Server) notFound(w http.ResponseWriter, st *state) {
	data, ok := st.tree.Get("404.html")
	if !ok {
		data = []byte("<!DOCTYPE html>\n<html lang=\"en\">\n<title>Not found</title>\n<body>\n<h1>Not found</h1>\n<p>There is no page at this address.</p>\n</body>\n</html>\n")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	writeInjected(w, http.StatusNotFound, data, st.overlay, s.pageID(st, "404.html", true))
}

// contentType is the media type of a published file.
func contentType(name string) string {
	ext := path.Ext(name)
	switch ext {
	case ".html":
		return "text/html; charset=utf-8"
	case "":
		return "text/plain; charset=utf-8" // _redirects, _headers
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// writeInjected writes an HTML page with, before its last </body> or at
// its end, the overlay and the live reload script for the page's ID.
func writeInjected(w http.ResponseWriter, status int, page, overlay []byte, id string) {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	script := `<script src="` + reloadJSPath + `" data-build="` + html.EscapeString(id) + `" defer></script>` + "\n"
	w.Header().Set("Content-Length", strconv.Itoa(len(page)+len(overlay)+len(script)))
	w.WriteHeader(status)
	w.Write(page[:i])
	w.Write(overlay)
	io.WriteString(w, script)
	w.Write(page[i:])
}

// overlay is what served HTML pages get before </body> after a failed
// build: a list of the problems; nil when there are none.
func overlay(problems diag.List) []byte {
	if len(problems) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteString(`<link rel="stylesheet" href="` + overlayPath + `">` + "\n")
	b.WriteString(`<div id="errdocs-overlay" role="alert">` + "\n")
	n := strconv.Itoa(len(problems)) + " problems"
	if len(problems) == 1 {
		n = "1 problem"
	}
	b.WriteString("<h2>errdocs: the last build failed with " + n + "</h2>\n")
	b.WriteString("<p>This is the last good build. Fix the files and save: the page reloads by itself.</p>\n<ol>\n")
	for _, p := range problems {
		b.WriteString("<li><code>" + html.EscapeString(p.String()) + "</code></li>\n")
	}
	b.WriteString("</ol>\n</div>\n")
	return b.Bytes()
}

// pageFile returns the file served at the site path p in st, as
// serveSite finds it, and false when it is the 404 page.
func (st *state) pageFile(p string) (string, bool) {
	for range 8 { // an alias of an alias, but not a loop
		name := strings.TrimPrefix(p, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		if st.tree.Has(name) {
			return name, true
		}
		if st.tree.Has(name + "/index.html") {
			return name + "/index.html", true
		}
		to, alias := st.aliases[p]
		if !alias {
			break
		}
		p = to
	}
	return "404.html", false
}

// parseRedirects reads the tree's _redirects ("from to status" lines) into
// a map, so aliases redirect in the preview as they do when published.
func parseRedirects(t *output.Tree) map[string]string {
	data, ok := t.Get("_redirects")
	if !ok {
		return nil
	}
	m := map[string]string{}
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") || !strings.HasPrefix(f[1], "/") {
			continue
		}
		m[f[0]] = f[1]
	}
	return m
}
