package publish_test

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"

	"errdocs/internal/output"
	"errdocs/internal/publish"
	"errdocs/internal/sitegen"
)

// seedBuild is the seed site (the repository root) built as for
// publishing: minified, fingerprinted.
var seedBuild = sync.OnceValues(func() (*sitegen.Result, error) {
	return sitegen.Build(sitegen.Config{
		Src: os.DirFS(repoRoot), Theme: os.DirFS(repoRoot), BaseURL: "https://docs.example.com/",
		Publish: publish.Config{Minify: true},
	})
})

func seed(t *testing.T) *output.Tree {
	t.Helper()
	res, err := seedBuild()
	if err != nil {
		t.Fatalf("building the seed site: %v", err)
	}
	return res.Tree
}

func file(t *testing.T, tree *output.Tree, p string) []byte {
	t.Helper()
	b, ok := tree.Get(p)
	if !ok {
		t.Fatalf("%s was not built", p)
	}
	return b
}

// element is an HTML start tag with its attributes and, for raw-text
// elements (script, style), its text.
type element struct {
	Tag   string
	Attrs map[string]string
	Text  string
}

// elements lists the start tags of an HTML document in order.
func elements(t *testing.T, name string, b []byte) []*element {
	t.Helper()
	l := htmllex.NewLexer(parse.NewInputBytes(b))
	var out []*element
	var cur, open *element
	for {
		tt, data := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			if l.Err() != nil && l.Err().Error() != "EOF" {
				t.Fatalf("%s: %v", name, l.Err())
			}
			return out
		case htmllex.StartTagToken:
			cur = &element{Tag: strings.ToLower(string(l.Text())), Attrs: map[string]string{}}
			out = append(out, cur)
		case htmllex.AttributeToken:
			v := string(l.AttrVal())
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
				v = v[1 : len(v)-1]
			}
			cur.Attrs[strings.ToLower(string(l.AttrKey()))] = html.UnescapeString(v)
		case htmllex.StartTagCloseToken:
			if cur.Tag == "script" || cur.Tag == "style" {
				open = cur
			}
		case htmllex.TextToken:
			if open != nil {
				open.Text += string(data)
			}
		case htmllex.EndTagToken:
			open = nil
		}
	}
}

// ids returns the id attributes of a document.
func ids(t *testing.T, name string, b []byte) map[string]bool {
	m := map[string]bool{}
	for _, e := range elements(t, name, b) {
		if id, ok := e.Attrs["id"]; ok {
			m[id] = true
		}
	}
	return m
}

// headerRule is one path of a Netlify _headers file and its headers.
type headerRule struct {
	Path    string
	Headers [][2]string
	Line    int
}

// parseHeaders reads Netlify's _headers format: a path alone on a line,
// its headers below it, indented, as "Name: value"; lines starting with #
// are comments.
func parseHeaders(b []byte) ([]*headerRule, error) {
	var rules []*headerRule
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t")
		trimmed := strings.TrimLeft(line, " \t")
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case trimmed == line:
			if !strings.HasPrefix(line, "/") {
				return nil, fmt.Errorf("line %d: a path must start with /: %q", n, line)
			}
			if strings.ContainsAny(line, " \t") {
				return nil, fmt.Errorf("line %d: space in path %q", n, line)
			}
			rules = append(rules, &headerRule{Path: line, Line: n})
		default:
			name, value, ok := strings.Cut(trimmed, ":")
			if !ok || len(rules) == 0 || name == "" || strings.ContainsAny(name, " \t") {
				return nil, fmt.Errorf("line %d: want an indented \"Name: value\" below a path, got %q", n, line)
			}
			r := rules[len(rules)-1]
			r.Headers = append(r.Headers, [2]string{name, strings.TrimSpace(value)})
		}
	}
	return rules, sc.Err()
}

// matches reports whether a _headers path matches a request path; * matches
// any run of characters, slashes included.
func matches(pattern, p string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == p
	}
	if !strings.HasPrefix(p, parts[0]) {
		return false
	}
	p = p[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(p, part)
		}
		j := strings.Index(p, part)
		if j < 0 {
			return false
		}
		p = p[j+len(part):]
	}
	return true
}

// requestPaths are the paths a browser asks for to get a tree file.
func requestPaths(file string) []string {
	out := []string{"/" + file}
	if dir, ok := strings.CutSuffix(file, "index.html"); ok {
		out = append(out, "/"+dir)
	}
	return out
}

// headersFor returns the headers Netlify sends for a request path, and
// the names set by more than one matching rule.
func headersFor(rules []*headerRule, p string) (map[string]string, []string) {
	got := map[string]string{}
	var dups []string
	for _, r := range rules {
		if !matches(r.Path, p) {
			continue
		}
		for _, h := range r.Headers {
			k := strings.ToLower(h[0])
			if _, dup := got[k]; dup {
				dups = append(dups, h[0])
				got[k] += ", " + h[1] // as Netlify joins them
				continue
			}
			got[k] = h[1]
		}
	}
	return got, dups
}

// redirectRule is one line of a Netlify _redirects file.
type redirectRule struct {
	From, To, Status string
	Line             int
}

// parseRedirects reads Netlify's _redirects format: "FROM TO [STATUS]" a
// line, # for comments.
func parseRedirects(b []byte) ([]redirectRule, error) {
	var rules []redirectRule
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want FROM TO STATUS, got %q", n, line)
		}
		rules = append(rules, redirectRule{From: f[0], To: f[1], Status: f[2], Line: n})
	}
	return rules, sc.Err()
}
