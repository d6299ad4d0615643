package publish_test

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"errdocs/internal/diag"
	"errdocs/internal/publish"
	"errdocs/internal/site"
)

func TestHeadersFile(t *testing.T) {
	tree := seed(t)
	rules, err := parseHeaders(file(t, tree, "_headers"))
	if err != nil {
		t.Fatalf("_headers: %v", err)
	}
	var pages, immutable int
	for _, f := range tree.Paths() {
		for _, p := range requestPaths(f) {
			h, dups := headersFor(rules, p)
			if len(dups) > 0 {
				t.Errorf("%s: %v set by more than one rule; Netlify would join their values", p, dups)
			}
			cc := h["cache-control"]
			if strings.Contains(cc, "immutable") || strings.Contains(cc, "max-age=31536000") {
				immutable++
				if !fingerprintOK(tree, f) {
					t.Errorf("%s: Cache-Control %q on a file that is not fingerprinted by its content", p, cc)
				}
			} else if fingerprintName.MatchString(path.Base(f)) {
				t.Errorf("%s: fingerprinted, but Cache-Control is %q, want %q", p, cc, publish.ImmutableCache)
			}
			if path.Ext(f) != ".html" {
				continue
			}
			pages++
			csp := h["content-security-policy"]
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
				if !slices.Contains(strings.Split(csp, "; "), want) {
					t.Errorf("%s: Content-Security-Policy %q lacks %q", p, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-") {
				t.Errorf("%s: Content-Security-Policy allows %q", p, csp)
			}
			for name, want := range map[string]string{
				"x-content-type-options": "nosniff",
				"referrer-policy":        "strict-origin-when-cross-origin",
				"x-frame-options":        "DENY",
			} {
				if h[name] != want {
					t.Errorf("%s: %s = %q, want %q", p, name, h[name], want)
				}
			}
			if !strings.Contains(h["permissions-policy"], "camera=()") {
				t.Errorf("%s: Permissions-Policy = %q, want camera and others off", p, h["permissions-policy"])
			}
		}
	}
	if pages == 0 || immutable == 0 {
		t.Errorf("checked %d page paths and %d immutable paths; want some of each", pages, immutable)
	}
	for _, f := range []string{"/errors.json", "/errors.schema.json", "/errors/401.json"} {
		if h, _ := headersFor(rules, f); h["access-control-allow-origin"] != "*" {
			t.Errorf("%s: Access-Control-Allow-Origin = %q, want *", f, h["access-control-allow-origin"])
		}
	}
	if h, _ := headersFor(rules, "/errors/401/"); h["access-control-allow-origin"] != "" {
		t.Errorf("/errors/401/: Access-Control-Allow-Origin = %q, want none on pages", h["access-control-allow-origin"])
	}
}

// TestNoInlineCode keeps the pages within the CSP: no inline scripts,
// styles, style attributes, event handlers or javascript: URLs.
func TestNoInlineCode(t *testing.T) {
	tree := seed(t)
	n := 0
	for _, f := range tree.Paths() {
		if path.Ext(f) != ".html" {
			continue
		}
		n++
		for _, e := range elements(t, f, file(t, tree, f)) {
			switch {
			case e.Tag == "style":
				t.Errorf("%s: <style> element; the CSP allows styles from files only", f)
			case e.Tag == "script" && strings.TrimSpace(e.Text) != "" && !strings.Contains(e.Attrs["type"], "json"):
				t.Errorf("%s: inline <script>; the CSP allows scripts from files only", f)
			case e.Tag == "script" && e.Attrs["src"] == "" && !strings.Contains(e.Attrs["type"], "json"):
				t.Errorf("%s: <script> without src", f)
			}
			for k, v := range e.Attrs {
				switch {
				case k == "style":
					t.Errorf("%s: <%s style=%q>; the CSP forbids style attributes", f, e.Tag, v)
				case strings.HasPrefix(k, "on"):
					t.Errorf("%s: <%s %s=...>; the CSP forbids inline event handlers", f, e.Tag, k)
				case strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "javascript:"):
					t.Errorf("%s: <%s %s=%q>; the CSP forbids javascript: URLs", f, e.Tag, k, v)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("scanned %d HTML files; want the whole site", n)
	}
}

// TestErrorsPageWeight keeps the Errors page light: its HTML, CSS and JS,
// each gzipped as a server would send it, weigh at most 60 KB. The search
// index, fetched only when searching, does not count.
func TestErrorsPageWeight(t *testing.T) {
	const limit = 60 * 1024
	tree := seed(t)
	files := []string{"errors/index.html"}
	for _, e := range elements(t, files[0], file(t, tree, files[0])) {
		switch {
		case e.Tag == "link" && e.Attrs["rel"] == "stylesheet":
			files = append(files, strings.TrimPrefix(e.Attrs["href"], "/"))
		case e.Tag == "script" && e.Attrs["src"] != "":
			files = append(files, strings.TrimPrefix(e.Attrs["src"], "/"))
		}
	}
	total := 0
	for _, f := range files {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		raw := file(t, tree, f)
		w.Write(raw)
		w.Close()
		t.Logf("%-40s %7d bytes, %6d gzipped", f, len(raw), buf.Len())
		total += buf.Len()
	}
	t.Logf("/errors/: %d files, %d bytes gzipped (limit %d)", len(files), total, limit)
	if total > limit {
		t.Errorf("/errors/ weighs %d bytes gzipped (HTML + CSS + JS), over the %d byte limit", total, limit)
	}
	if len(files) < 3 {
		t.Errorf("counted %v; want the page, its stylesheets and its script", files)
	}
}

type sitemapXML struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"url"`
}

// TestSitemap checks that the sitemap lists every published page and
// nothing else, and that robots.txt names it.
func TestSitemap(t *testing.T) {
	const base = "https://docs.example.com"
	tree := seed(t)
	var sm sitemapXML
	if err := xml.Unmarshal(file(t, tree, "sitemap.xml"), &sm); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, u := range sm.URLs {
		p, ok := strings.CutPrefix(u.Loc, base+"/")
		switch {
		case !ok:
			t.Errorf("sitemap lists %s, not on %s", u.Loc, base)
		case listed[p]:
			t.Errorf("sitemap lists %s twice", u.Loc)
		case u.Lastmod != "":
			t.Errorf("sitemap has <lastmod>%s</lastmod> without SOURCE_DATE_EPOCH", u.Lastmod)
		}
		listed[p] = true
		if _, ok := tree.Get(path.Join(p, "index.html")); !ok || !strings.HasSuffix(u.Loc, "/") {
			t.Errorf("sitemap lists %s, which is not a published page", u.Loc)
		}
	}
	for _, f := range tree.Paths() {
		dir, ok := strings.CutSuffix(f, "index.html")
		if !ok || dir == "search/" {
			continue
		}
		if !listed[dir] {
			t.Errorf("sitemap does not list the page /%s", dir)
		}
	}
	if listed["search/"] || len(listed) < 10 {
		t.Errorf("sitemap lists %d pages (search page: %v); want every page but search and 404", len(listed), listed["search/"])
	}
	robots := string(file(t, tree, "robots.txt"))
	if !slices.Contains(strings.Split(robots, "\n"), "Sitemap: "+base+"/sitemap.xml") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
}

func TestSitemapLastmod(t *testing.T) {
	date := time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("CEST", 2*3600))
	res, err := buildFS(t, fstest.MapFS{"data/errors/401.yaml": {Data: []byte("id: \"401\"\nstatus: 401\ntitle: Unauthorized\n")}},
		false, publish.Config{Date: date})
	if err != nil {
		t.Fatal(err)
	}
	var sm sitemapXML
	if err := xml.Unmarshal(file(t, res.Tree, "sitemap.xml"), &sm); err != nil {
		t.Fatal(err)
	}
	for _, u := range sm.URLs {
		if u.Lastmod != "2024-05-06T05:08:09Z" {
			t.Errorf("%s: lastmod %q, want 2024-05-06T05:08:09Z (the date in UTC)", u.Loc, u.Lastmod)
		}
	}
}

// TestMeta checks the canonical link, description and Open Graph tags of
// every page.
func TestMeta(t *testing.T) {
	tree := seed(t)
	for _, f := range tree.Paths() {
		if path.Ext(f) != ".html" {
			continue
		}
		meta := map[string][]string{}
		for _, e := range elements(t, f, file(t, tree, f)) {
			switch {
			case e.Tag == "link" && e.Attrs["rel"] == "canonical":
				meta["canonical"] = append(meta["canonical"], e.Attrs["href"])
			case e.Tag == "meta" && e.Attrs["name"] != "":
				meta[e.Attrs["name"]] = append(meta[e.Attrs["name"]], e.Attrs["content"])
			case e.Tag == "meta" && e.Attrs["property"] != "":
				meta[e.Attrs["property"]] = append(meta[e.Attrs["property"]], e.Attrs["content"])
			}
		}
		one := func(k string) string {
			if len(meta[k]) != 1 || meta[k][0] == "" {
				t.Errorf("%s: %s = %q, want one, not empty", f, k, meta[k])
				return ""
			}
			return meta[k][0]
		}
		one("og:title")
		one("og:site_name")
		if d := one("description"); d != one("og:description") {
			t.Errorf("%s: og:description differs from description %q", f, d)
		}
		wantType := "article"
		if f == "index.html" {
			wantType = "website"
		}
		if got := one("og:type"); got != wantType {
			t.Errorf("%s: og:type = %q, want %q", f, got, wantType)
		}
		if f == "404.html" {
			if len(meta["canonical"]) > 0 || len(meta["og:url"]) > 0 {
				t.Errorf("404.html has a canonical URL %q; it is served at every missing address", meta["canonical"])
			}
			continue
		}
		want := "https://docs.example.com/" + strings.TrimSuffix(f, "index.html")
		if got := one("canonical"); got != want {
			t.Errorf("%s: canonical = %q, want %q", f, got, want)
		}
		if got := one("og:url"); got != want {
			t.Errorf("%s: og:url = %q, want %q", f, got, want)
		}
	}
}

// TestRedirectsFile parses the _redirects of a site with aliases and checks
// each rule against the built tree.
func TestRedirectsFile(t *testing.T) {
	src := fstest.MapFS{
		"content/guides/tagging.md": {Data: []byte("---\ntitle: Tagging\naliases: [/kb/1030/, /kb/1031]\n---\nBody.\n")},
		"data/errors/401.yaml":      {Data: []byte("id: \"401\"\nstatus: 401\ntitle: Unauthorized\naliases: [unauthorised, \"#401-old\"]\n")},
	}
	res, err := buildFS(t, src, false, publish.Config{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := parseRedirects(file(t, res.Tree, "_redirects"))
	if err != nil {
		t.Fatalf("_redirects: %v", err)
	}
	var froms []string
	for _, r := range rules {
		froms = append(froms, r.From)
		if r.Status != "301" {
			t.Errorf("line %d: status %s, want 301", r.Line, r.Status)
		}
		target := strings.TrimPrefix(r.To, "/") + "index.html"
		if _, ok := res.Tree.Get(target); !ok || !strings.HasSuffix(r.To, "/") {
			t.Errorf("line %d: %s redirects to %s, which is not a published page", r.Line, r.From, r.To)
		}
		from := strings.TrimSuffix(strings.TrimPrefix(r.From, "/"), "/")
		for _, shadow := range []string{from, from + "/index.html", from + ".html"} {
			if _, ok := res.Tree.Get(shadow); ok {
				t.Errorf("line %d: %s is shadowed by %s", r.Line, r.From, shadow)
			}
		}
		for _, r2 := range rules {
			if strings.TrimSuffix(r2.From, "/") == strings.TrimSuffix(r.To, "/") {
				t.Errorf("line %d: chain %s -> %s -> %s", r.Line, r.From, r.To, r2.To)
			}
		}
	}
	want := []string{"/errors/unauthorised/", "/kb/1030/", "/kb/1031"}
	if !slices.Equal(froms, want) {
		t.Errorf("rules from %q, want %q", froms, want)
	}
}

// TestCheckRules covers what sites cannot produce today, since every
// target is a page: targets that are missing or redirected again.
func TestCheckRules(t *testing.T) {
	pos := func(line int) diag.Pos { return diag.Pos{File: "content/a.md", Line: line, Col: 3} }
	files := map[string]bool{"a/index.html": true, "b/index.html": true}
	exists := func(p string) bool { return files[p] }
	tests := []struct {
		name  string
		rules []site.Redirect
		want  []string
	}{
		{"fine", []site.Redirect{{From: "/x/", To: "/a/", Pos: pos(1)}, {From: "/y", To: "/b/", Pos: pos(2)}}, nil},
		{"missing target", []site.Redirect{{From: "/x/", To: "/gone/", Pos: pos(1)}},
			[]string{"content/a.md:1:3: alias /x/ redirects to /gone/, which is not published"}},
		{"chain", []site.Redirect{{From: "/x/", To: "/y/", Pos: pos(1)}, {From: "/y", To: "/a/", Pos: pos(2)}},
			[]string{"content/a.md:1:3: redirect chain: /x/ -> /y/ -> /a/; redirect straight to the last"}},
		{"loop", []site.Redirect{{From: "/x/", To: "/y/", Pos: pos(1)}, {From: "/y/", To: "/x", Pos: pos(2)}},
			[]string{"content/a.md:1:3: redirect loop: /x/ -> /y/ -> /x", "content/a.md:2:3: redirect loop: /y/ -> /x -> /y/"}},
		{"twice", []site.Redirect{{From: "/x/", To: "/a/", Pos: pos(1)}, {From: "/x", To: "/a/", Pos: pos(2)}},
			[]string{"content/a.md:2:3: alias /x is given twice (first at content/a.md:1:3)"}},
		{"shadowed", []site.Redirect{{From: "/a", To: "/b/", Pos: pos(1)}},
			[]string{"content/a.md:1:3: alias /a is shadowed by the published file a/index.html, so the redirect to /b/ would never fire; remove the alias"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range publish.CheckRules(tt.rules, exists) {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
