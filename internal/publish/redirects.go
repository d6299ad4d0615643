package publish

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"errdocs/internal/catalog"
	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/site"
)

// Rule is one redirect: a request for From answers 301 with To.
type Rule struct {
	From, To string   // escaped URL paths
	Pos      diag.Pos // where the alias is written
}

// redirects collects the rule of every alias of every page and checks them
// against the tree.
func (p *Publisher) redirects(tree output.Store, problems *diag.List) []Rule {
	var rules []Rule
	for _, pg := range p.site.Pages {
		if len(pg.Aliases) == 0 {
			continue
		}
		var positions []diag.Pos
		fallback := diag.Pos{File: pg.File}
		switch {
		case pg.Source != nil:
			fallback = pg.Source.Pos
			positions = readYAML(p.src, pg.Source.File, true).itemPositions("aliases")
		case pg.Kind == site.KindError && pg.Error != nil:
			fallback = pg.Error.Pos
			positions = readYAML(p.src, pg.Error.File, false).itemPositions("aliases")
		}
		for i, a := range pg.Aliases {
			pos := fallback
			if len(positions) == len(pg.Aliases) {
				pos = positions[i]
			}
			from, ok := aliasPath(pg, a, pos, problems)
			if ok {
				rules = append(rules, Rule{From: from, To: pg.URL, Pos: pos})
			}
		}
	}
	*problems = append(*problems, CheckRules(rules, tree.Has)...)
	slices.SortFunc(rules, func(a, b Rule) int { return cmp.Compare(a.From, b.From) })
	return rules
}

// aliasPath returns the escaped URL path an alias redirects from. ok is
// false for an anchor alias, which needs no redirect, and for a bad alias,
// which is reported.
func aliasPath(pg *site.Page, alias string, pos diag.Pos, problems *diag.List) (string, bool) {
	switch {
	case strings.HasPrefix(alias, "#") || strings.Contains(alias, "#") && pg.Kind == site.KindError:
		return "", false // an old anchor: kept on the page, not redirected
	case pg.Kind == site.KindError && !strings.HasPrefix(alias, "/"):
		if !catalog.ValidID(alias) {
			problems.Addf(pos, "error alias %q: want an old id ([a-z0-9-]+), a URL path starting with / or an anchor starting with #", alias)
			return "", false
		}
		alias = site.ErrorURL(alias)
	case !strings.HasPrefix(alias, "/"):
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
func CheckRules(rules []Rule, exists func(string) bool) diag.List {
	var problems diag.List
	byKey := map[string]Rule{}
	order := slices.Clone(rules)
	slices.SortStableFunc(order, func(a, b Rule) int {
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
func formatRedirects(rules []Rule) []byte {
	var b bytes.Buffer
	b.WriteString("# Generated by errdocs from page and error aliases.\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "%s %s 301\n", r.From, r.To)
	}
	return b.Bytes()
}
