// Package linkcheck checks the links of a rendered site: every internal
// href, src and form action must name a page or file of the site, and
// every #fragment an id on the target page; no page may use one id twice.
//
// It is fed page by page while the site renders (AddPage reads the ids
// and links of a page, and is safe for concurrent use), then Check
// resolves every link against what was added and returns the problems.
// A caller that checks a site again after an edit (the dev server) keeps
// what Read made of each page it did not render again, and gives it to
// Add: reading the pages is most of the work.
//
// # Rules
//
//   - Internal links are root-relative ("/errors/"), relative ("../401/")
//     or absolute on the site's own base URL. Other hosts, mailto:, tel:
//     and the like are not checked.
//   - A path resolves to a page ("/errors/401/"; "/errors/401" and
//     "/errors/401/index.html" too), a file ("/errors.json", "/css/site.css")
//     or an alias that redirects to a page. A draft, left out of the build,
//     does not resolve.
//   - A fragment is compared percent-decoded with the ids (and <a name>) of
//     the target page; "#" and "#top" always resolve. A fragment on a
//     redirect is checked on the page it redirects to.
//
// # Where a problem is reported
//
// A problem names the source that wrote the link: the first of the page's
// sources (its Markdown body or data file), then the shared sources (every
// data file), whose text contains the link, at that line and column. A
// link no source contains came from a template and is reported at the
// page's own file with the page's URL.
package linkcheck

import (
	"bytes"
	"fmt"
	"maps"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"errdocs/internal/diag"
	"errdocs/internal/par"
	"errdocs/internal/yamlx"
)

// Source is a file a page is made from.
type Source struct {
	File string // "content/support.md", "data/errors/401.yaml"
	// Text is the part of File searched for the links; may be nil.
	Text []byte
	// FirstLine is the line of File on which Text starts; 0 means 1.
	FirstLine int
}

// SourceInfo says where a page comes from: its own file first.
type SourceInfo struct {
	Sources []Source
}

// Config configures a Checker.
type Config struct {
	// BaseURL is the absolute URL the site is published at; links to it
	// are internal.
	BaseURL string
	// Redirects maps each alias URL to the page it redirects to.
	Redirects map[string]string
	// Drafts lists the URLs of draft pages left out of the build.
	Drafts []string
	// Sources are searched, after a page's own, for the line of a link:
	// the data files every page may draw prose from.
	Sources []Source
	// Unknown, when not nil, is asked about a path that names no page or
	// file: when it reports true, the path may well be published (the
	// build could not make all of the site: see IDsUnknown), and a link to
	// it is not a problem.
	Unknown func(path string) bool
}

// Checker collects pages and files, then checks every link.
type Checker struct {
	cfg      Config
	baseHost string
	basePath string
	mu       sync.Mutex
	pages    map[string]*page // by URL
	files    map[string]bool  // by path, "css/site.css"
	drafts   map[string]bool
	// links holds each link met on any page once, numbered by its index
	// in links and linkNums: most links (navigation, sidebars) recur on
	// every page of a section, and Check resolves a link once.
	links    []string
	linkNums map[string]linkNum
	// seen[n] is stamp when link n was met on the page AddPage is adding.
	seen  []uint32
	stamp uint32
}

type page struct {
	url string
	// idsUnknown is set for a page whose ids are not all known (see
	// IDsUnknown): every fragment resolves.
	idsUnknown bool
	ids        []string  // sorted, each once
	dupIDs     []string  // ids used twice
	links      []linkNum // each href once, in order
	src        SourceInfo
}

// Page is what Read makes of a page: its ids and links.
type Page struct {
	ids    []string // sorted, each once
	dupIDs []string
	// links holds each href once, in order, each followed by a NUL.
	links string
}

// linkNum numbers a link of a Checker: see Checker.links.
type linkNum uint32

// hasID reports whether id is an id (or <a> name) on p.
func (p *page) hasID(id string) bool {
	_, ok := slices.BinarySearch(p.ids, id)
	return ok || p.idsUnknown
}

// IDsUnknown makes the page at url one whose ids are not all known, adding
// it if it was not added: a link to any fragment of it resolves. A build
// that could not make the whole site (its input has problems) still checks
// the links of the pages it could render, and marks so the pages it could
// not, and those whose ids come from data that could not be read.
func (c *Checker) IDsUnknown(url string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pages[url]
	if p == nil {
		p = &page{url: url}
		c.pages[url] = p
	}
	p.idsUnknown = true
}

// New returns a Checker.
func New(cfg Config) *Checker {
	c := &Checker{cfg: cfg, pages: map[string]*page{}, files: map[string]bool{}, drafts: map[string]bool{},
		linkNums: map[string]linkNum{}}
	if u, err := url.Parse(cfg.BaseURL); err == nil {
		c.baseHost = strings.ToLower(u.Host)
		c.basePath = strings.TrimSuffix(u.Path, "/")
	}
	for _, d := range cfg.Drafts {
		c.drafts[d] = true
	}
	return c
}

// AddPage records the ids and links of the page at url (a site path such
// as "/errors/401/" or "/404.html"): Add(url, Read(doc), src). It may be
// called from several goroutines.
func (c *Checker) AddPage(url string, doc []byte, src SourceInfo) {
	r := readers.Get().(*reader)
	defer readers.Put(r)
	defer r.release()
	r.read(doc)
	pg := &page{url: url, src: src}
	pg.ids, pg.dupIDs = r.ids()
	c.mu.Lock()
	defer c.mu.Unlock()
	// Each link once, by the stamp of this page on its number: no string
	// is made of a link already numbered.
	c.stamp++
	if c.stamp == 0 { // wrapped: an old page's stamp could match
		clear(c.seen)
		c.stamp = 1
	}
	for _, l := range r.links {
		n, ok := c.linkNums[string(l)]
		if !ok {
			n = c.number(string(l))
		}
		if c.seen[n] != c.stamp {
			c.seen[n] = c.stamp
			pg.links = append(pg.links, n)
		}
	}
	c.pages[url] = pg
}

// number numbers a link not met before. c.mu must be held.
func (c *Checker) number(l string) linkNum {
	n := linkNum(len(c.links))
	c.links = append(c.links, l)
	c.linkNums[l] = n
	c.seen = append(c.seen, 0)
	return n
}

// Read reads the ids and links of a page. It may be called from several
// goroutines.
func Read(doc []byte) *Page {
	r := readers.Get().(*reader)
	defer readers.Put(r)
	defer r.release()
	r.read(doc)
	p := &Page{}
	p.ids, p.dupIDs = r.ids()
	n := 0
	for _, l := range r.links {
		n += len(l) + 1
	}
	var b strings.Builder
	b.Grow(n)
	if r.seen == nil {
		r.seen = map[string]struct{}{}
	}
	for _, l := range r.links {
		if _, dup := r.seen[string(l)]; !dup {
			r.seen[string(l)] = struct{}{}
			b.Write(l)
			b.WriteByte(0)
		}
	}
	p.links = b.String()
	return p
}

// Add records the page at url, as Read made it, with its sources. It may
// be called from several goroutines.
func (c *Checker) Add(url string, p *Page, src SourceInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pg := &page{url: url, ids: p.ids, dupIDs: p.dupIDs, src: src}
	for rest := p.links; rest != ""; {
		var l string
		l, rest, _ = strings.Cut(rest, "\x00")
		n, ok := c.linkNums[l]
		if !ok {
			n = c.number(strings.Clone(l)) // not the page's whole text of links
		}
		pg.links = append(pg.links, n)
	}
	c.pages[url] = pg
}

// AddFile records a file of the output tree at path ("css/site.css").
func (c *Checker) AddFile(path string) {
	c.mu.Lock()
	c.files[strings.TrimPrefix(path, "/")] = true
	c.mu.Unlock()
}

// SetFiles makes paths the files of the output tree, forgetting any other
// file added before.
func (c *Checker) SetFiles(paths []string) {
	files := make(map[string]bool, len(paths))
	for _, p := range paths {
		files[strings.TrimPrefix(p, "/")] = true
	}
	c.mu.Lock()
	c.files = files
	c.mu.Unlock()
}

// Published returns every page URL and every "URL#id" the site publishes,
// sorted: what anchors.lock records. The not-found page is left out.
func (c *Checker) Published() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.publish()
}

// publish returns what Published does, each page after the one before
// it and its ids in order, so that sorting finds it sorted; the strings
// share one allocation.
func (c *Checker) publish() []string {
	urls := slices.Sorted(maps.Keys(c.pages))
	urls = slices.DeleteFunc(urls, func(u string) bool { return u == "/404.html" })
	n, size := len(urls), 0
	for _, u := range urls {
		p := c.pages[u]
		n += len(p.ids)
		size += len(u)
		for _, id := range p.ids {
			size += len(u) + 1 + len(id)
		}
	}
	var b strings.Builder
	b.Grow(size)
	ends := make([]int, 0, n)
	for _, u := range urls {
		b.WriteString(u)
		ends = append(ends, b.Len())
		for _, id := range c.pages[u].ids {
			if id != "" {
				b.WriteString(u)
				b.WriteByte('#')
				b.WriteString(id)
				ends = append(ends, b.Len())
			}
		}
	}
	text := b.String()
	out := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		out[i] = text[start:end]
		start = end
	}
	slices.Sort(out) // a URL can sort before an id of the page before it
	return out
}

// Resolve reports whether a site path with an optional fragment
// ("/errors/#401") names a published page and, if it has one, an id on it.
// A path that is an alias resolves through its redirect.
func (c *Checker) Resolve(target string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	path, frag, _ := strings.Cut(target, "#")
	p, ok := c.page(path)
	if !ok || p == nil {
		return ok && frag == ""
	}
	return frag == "" || p.hasID(frag)
}

// page returns the page a path names (following a redirect), or ok with a
// nil page for a file.
func (c *Checker) page(path string) (p *page, ok bool) {
	if p := c.pages[path]; p != nil {
		return p, true
	}
	if to, isAlias := c.cfg.Redirects[path]; isAlias {
		if p := c.pages[to]; p != nil {
			return p, true
		}
	}
	if !strings.HasSuffix(path, "/") {
		if p := c.pages[path+"/"]; p != nil {
			return p, true
		}
	}
	if dir, isIndex := strings.CutSuffix(path, "/index.html"); isIndex {
		if p := c.pages[dir+"/"]; p != nil {
			return p, true
		}
	}
	f := strings.TrimPrefix(path, "/")
	if c.files[f] || strings.HasSuffix(f, "/") && c.files[f+"index.html"] {
		return nil, true
	}
	return nil, false
}

// Check resolves every link of every page added and returns the problems,
// sorted.
func (c *Checker) Check() diag.List {
	c.mu.Lock()
	defer c.mu.Unlock()
	todo := slices.Collect(maps.Values(c.pages))
	// The pages are checked on all CPUs, in as many parts, every part
	// resolving a root-relative or absolute link once: it means the same on
	// every page.
	parts := min(runtime.GOMAXPROCS(0), len(todo))
	found := make([]diag.List, len(todo))
	par.Each(parts, func(k int) {
		cache := make([]linkResult, len(c.links))
		for i := k; i < len(todo); i += parts {
			found[i] = c.checkPage(todo[i], cache)
		}
	})
	var problems diag.List
	for _, f := range found {
		problems = append(problems, f...)
	}
	return problems.Sort()
}

// linkResult is what checkLink said of a link, if known.
type linkResult struct {
	msg       string
	ok, known bool
}

// pageIndependent reports whether href resolves the same from any page:
// it has a scheme or starts with "/" and is not just a fragment or query.
func pageIndependent(href string) bool {
	return strings.HasPrefix(href, "/") || strings.Contains(href, "://") || strings.HasPrefix(href, "mailto:")
}

// checkPage returns the problems of one page; cache keeps the result of
// page-independent links across pages, by link number.
func (c *Checker) checkPage(p *page, cache []linkResult) diag.List {
	var problems diag.List
	for _, id := range p.dupIDs {
		pos := c.locateID(p, id)
		problems.Add(pos.Errorf("id %q is used twice on %s; an anchor names one place", id, p.url))
	}
	for _, n := range p.links {
		href := c.links[n]
		r := cache[n]
		if !r.known {
			r.msg, r.ok = c.checkLink(p, href)
			if pageIndependent(href) {
				r.known = true
				cache[n] = r
			}
		}
		if r.ok {
			continue
		}
		msg := r.msg
		pos, found := c.locate(p, href)
		if !found {
			msg = fmt.Sprintf("%s (on %s, from its template)", msg, p.url)
		}
		problems.Add(pos.Errorf("%s", msg))
	}
	return problems
}

// checkLink resolves one link of page p; it returns what is wrong.
func (c *Checker) checkLink(p *page, href string) (string, bool) {
	h := strings.TrimSpace(href)
	if h == "" {
		return fmt.Sprintf("empty link on %s", p.url), false
	}
	if frag, ok := plainFragment(h); ok {
		return checkAnchor(p, href, frag)
	}
	u, err := url.Parse(h)
	if err != nil {
		return fmt.Sprintf("malformed link %q: %v", href, unwrap(err)), false
	}
	switch u.Scheme {
	case "":
	case "http", "https":
		if strings.ToLower(u.Host) != c.baseHost {
			return "", true // another site
		}
	default:
		return "", true // mailto:, tel:, data:, javascript:
	}
	if u.Scheme == "" && u.Host != "" && strings.ToLower(u.Host) != c.baseHost {
		return "", true // //other.host/
	}
	path := u.Path
	if u.Host != "" {
		path = strings.TrimPrefix(path, c.basePath)
		if path == "" {
			path = "/"
		}
	} else if path != "" && !strings.HasPrefix(path, "/") {
		base, _ := url.Parse(p.url)
		path = base.ResolveReference(&url.URL{Path: path}).Path
	}
	target := p
	if path != "" && path != p.url {
		t, ok := c.page(path)
		switch {
		case !ok && c.drafts[path]:
			return fmt.Sprintf("link %s goes to a draft, which is left out of the build", href), false
		case !ok && c.cfg.Unknown != nil && c.cfg.Unknown(path):
			return "", true
		case !ok && href == path:
			return fmt.Sprintf("link %s: no such page or file on the site%s", href, c.suggestPage(path)), false
		case !ok:
			return fmt.Sprintf("link %s: no page or file %s on the site%s", href, path, c.suggestPage(path)), false
		case t == nil:
			if u.Fragment != "" {
				return fmt.Sprintf("link %s has a #fragment, but %s is not a page", href, path), false
			}
			return "", true
		}
		target = t
	}
	return checkAnchor(target, href, u.Fragment)
}

// plainFragment returns the fragment of a link to a place on its own
// page that has nothing to decode, as every "#see-also" of a site: what
// url.Parse makes of it, without allocating.
func plainFragment(href string) (string, bool) {
	if strings.HasPrefix(href, "#") && !strings.Contains(href, "%") {
		return href[1:], true
	}
	return "", false
}

// checkAnchor checks the fragment frag, decoded, of link href to page
// target; it returns what is wrong.
func checkAnchor(target *page, href, frag string) (string, bool) {
	if frag == "" || frag == "top" || target.hasID(frag) {
		return "", true
	}
	msg := fmt.Sprintf("link %s: no anchor %q on %s", href, frag, target.url)
	if near := yamlx.Nearest(frag, target.ids); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	}
	return msg, false
}

// suggestPage returns `; did you mean "/x/"?` for the page URL nearest to
// path, or "".
func (c *Checker) suggestPage(path string) string {
	urls := make([]string, 0, len(c.pages))
	for u := range c.pages {
		urls = append(urls, u)
	}
	slices.Sort(urls)
	if near := yamlx.Nearest(path, urls); near != "" {
		return fmt.Sprintf("; did you mean %s?", near)
	}
	return ""
}

func unwrap(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// sources returns a page's sources, then the shared ones.
func (c *Checker) sources(p *page) []Source {
	return append(slices.Clip(p.src.Sources), c.cfg.Sources...)
}

// locate finds where href is written: in the first source that has it
// as a whole, as written or percent-decoded.
func (c *Checker) locate(p *page, href string) (diag.Pos, bool) {
	forms := []string{href}
	if dec, err := url.PathUnescape(href); err == nil && dec != href {
		forms = append(forms, dec)
	}
	for _, s := range c.sources(p) {
		for _, f := range forms {
			if i := indexWhole(s.Text, f, isLinkByte); i >= 0 {
				return position(s, i), true
			}
		}
	}
	return c.fileOf(p), false
}

// locateID finds where an id is written: an explicit {#id}, a Markdown
// heading whose text gives the id, or the id itself as a whole word.
func (c *Checker) locateID(p *page, id string) diag.Pos {
	for _, s := range c.sources(p) {
		if i := bytes.Index(s.Text, []byte("{#"+id)); i >= 0 {
			return position(s, i)
		}
		if i := headingWithID(s.Text, id); i >= 0 {
			return position(s, i)
		}
	}
	for _, s := range c.sources(p) {
		if i := indexWhole(s.Text, id, isIDByte); i >= 0 {
			return position(s, i)
		}
	}
	return c.fileOf(p)
}

func (c *Checker) fileOf(p *page) diag.Pos {
	if len(p.src.Sources) > 0 {
		return diag.Pos{File: p.src.Sources[0].File}
	}
	return diag.Pos{}
}

// headingWithID returns the offset of an ATX heading line whose text
// gives id the way automatic heading ids do (lowercase, spaces to
// hyphens, punctuation dropped), or -1.
func headingWithID(text []byte, id string) int {
	off := 0
	for line := range bytes.Lines(text) {
		t := bytes.TrimLeft(line, " ")
		if bytes.HasPrefix(t, []byte("#")) {
			h := bytes.TrimLeft(t, "#")
			if slug(string(bytes.TrimSpace(h))) == id {
				return off
			}
		}
		off += len(line)
	}
	return -1
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('-')
		case r == '_' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r >= 0x80:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// indexWhole returns the offset of the first s in text not part of a
// longer run of bytes for which inWord is true, or -1.
func indexWhole(text []byte, s string, inWord func(byte) bool) int {
	if s == "" {
		return -1
	}
	from := 0
	for {
		i := bytes.Index(text[from:], []byte(s))
		if i < 0 {
			return -1
		}
		i += from
		j := i + len(s)
		if (i == 0 || !inWord(text[i-1]) || !inWord(s[0])) && (j == len(text) || !inWord(text[j]) || !inWord(s[len(s)-1])) {
			return i
		}
		from = i + 1
	}
}

func isLinkByte(c byte) bool {
	return c > ' ' && !strings.ContainsRune(`()<>"'`+"`[] \\", rune(c))
}

func isIDByte(c byte) bool {
	return c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// position turns an offset in s.Text into a position in s.File; columns
// count characters, as the YAML positions do.
func position(s Source, off int) diag.Pos {
	before := s.Text[:off]
	first := max(s.FirstLine, 1)
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return diag.Pos{File: s.File, Line: first + bytes.Count(before, []byte("\n")), Col: utf8.RuneCount(before[lineStart:]) + 1}
}
