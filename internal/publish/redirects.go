package publish

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/site"
)

// redirects returns the redirects of the site's aliases, sorted by path
// and with escaped paths, adding a problem for each that could not work:
// see cleanPath and CheckRules.
func (p *Publisher) redirects(tree output.Store, problems *diag.List) []site.Redirect {
	var rules []site.Redirect
	for _, r := range p.site.Redirects() {
		if from, ok := cleanPath(r.From, r.Pos, problems); ok {
			r.From = from
			rules = append(rules, r)
		}
	}
	*problems = append(*problems, CheckRules(rules, tree.Has)...)
	slices.SortFunc(rules, func(a, b site.Redirect) int { return cmp.Compare(a.From, b.From) })
	return rules
}

// cleanPath returns the escaped URL path an alias redirects from, or
// reports why it cannot be one. (An error's old id is checked with the
// catalog.)
func cleanPath(alias string, pos diag.Pos, problems *diag.List) (string, bool) {
	if !strings.HasPrefix(alias, "/") {
		problems.Addf(pos, "alias %q: want a URL path starting with /", alias)
		return "", false
	}
	raw, err := url.PathUnescape(alias)
	switch {
	case err != nil:
		problems.Addf(pos, "alias %q: bad %%-escape: %v", alias, err)
		return "", false
	case strings.ContainsAny(raw, "?#"):
		problems.Addf(pos, "alias %q: a redirect matches a path only, not a query or #fragment", alias)
		return "", false
	case strings.ContainsFunc(raw, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		problems.Addf(pos, "alias %q: control characters are not allowed", alias)
		return "", false
	case strings.Contains(raw, "*") || strings.Contains(raw, "/:"):
		problems.Addf(pos, "alias %q: * and /:name have a special meaning in _redirects", alias)
		return "", false
	case strings.Contains(raw, "//") || slices.Contains(strings.Split(raw, "/"), "..") || slices.Contains(strings.Split(raw, "/"), "."):
		problems.Addf(pos, "alias %q: not a clean URL path", alias)
		return "", false
	}
	return (&url.URL{Path: raw}).EscapedPath(), true
}

// routeKey is how Netlify matches a rule: with or without a trailing
// slash alike, after unescaping.
func routeKey(escaped string) string {
	raw, err := url.PathUnescape(escaped)
	if err != nil {
		raw = escaped
	}
	if raw != "/" {
		raw = strings.TrimSuffix(raw, "/")
	}
	return raw
}

// served reports which published file answers a request for the route,
// if any: the file itself, its index.html, or (with Netlify's pretty URLs)
// its .html.
func served(key string, exists func(string) bool) (string, bool) {
	p := strings.TrimPrefix(key, "/")
	for _, c := range []string{p, joinPath(p, "index.html"), p + ".html"} {
		if c != "" && exists(c) {
			return c, true
		}
	}
	return "", false
}

func joinPath(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// CheckRules returns what is wrong with a set of redirects, given which
// files the site publishes: a rule whose path a published file shadows, two
// rules for one path, a target that is not published, and a target that is
// itself redirected (a chain or a loop).
func CheckRules(rules []site.Redirect, exists func(string) bool) diag.List {
	var problems diag.List
	byKey := map[string]site.Redirect{}
	order := slices.Clone(rules)
	slices.SortStableFunc(order, func(a, b site.Redirect) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
	})
	for _, r := range order {
		k := routeKey(r.From)
		if f, ok := served(k, exists); ok {
			problems.Addf(r.Pos, "alias %s is shadowed by the published file %s, so the redirect to %s would never fire; remove the alias", r.From, f, r.To)
			continue
		}
		if prev, dup := byKey[k]; dup {
			if prev.To == r.To {
				problems.Addf(r.Pos, "alias %s is given twice (first at %s)", r.From, prev.Pos)
			} else {
				problems.Addf(r.Pos, "alias %s redirects to %s, but %s already claims it for %s", r.From, r.To, prev.Pos, prev.To)
			}
			continue
		}
		byKey[k] = r
	}
	for _, r := range order {
		if byKey[routeKey(r.From)] != r {
			continue
		}
		if _, ok := served(routeKey(r.To), exists); ok {
			continue
		}
		chain := []string{r.From, r.To}
		seen := map[string]bool{routeKey(r.From): true}
		next, redirected := byKey[routeKey(r.To)]
		if !redirected {
			problems.Addf(r.Pos, "alias %s redirects to %s, which is not published", r.From, r.To)
			continue
		}
		for redirected && !seen[routeKey(next.From)] {
			seen[routeKey(next.From)] = true
			chain = append(chain, next.To)
			next, redirected = byKey[routeKey(next.To)]
		}
		if redirected {
			problems.Addf(r.Pos, "redirect loop: %s", strings.Join(chain, " -> "))
		} else {
			problems.Addf(r.Pos, "redirect chain: %s; redirect straight to the last", strings.Join(chain, " -> "))
		}
	}
	return problems
}

// formatRedirects writes rules in Netlify's _redirects format: one rule a
// line, "FROM TO STATUS", # for comments.
func formatRedirects(rules []site.Redirect) []byte {
	var b bytes.Buffer
	b.WriteString("# Generated by errdocs from page and error aliases.\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "%s %s 301\n", r.From, r.To)
	}
	return b.Bytes()
}
