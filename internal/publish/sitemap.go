package publish

import (
	"bytes"
	"encoding/xml"
	"time"

	"errdocs/internal/site"
)

// InSitemap reports whether a page is listed in the sitemap: every
// published page but the 404 page, the search page and drafts (which are
// published only for a preview with --drafts).
func InSitemap(p *site.Page) bool {
	switch {
	case p.Kind == site.KindNotFound, p.Kind == site.KindSearch:
		return false
	case p.Source != nil && p.Source.Draft:
		return false
	}
	return true
}

// sitemap is sitemap.xml (sitemaps.org protocol 0.9), in URL order.
func (p *Publisher) sitemap() []byte {
	var lastmod string
	if !p.cfg.Date.IsZero() {
		lastmod = p.cfg.Date.UTC().Format(time.RFC3339)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, pg := range p.site.Pages {
		if !InSitemap(pg) {
			continue
		}
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(p.site.Abs(pg.URL)))
		b.WriteString("</loc>")
		if lastmod != "" {
			b.WriteString("<lastmod>" + lastmod + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}
