package render

import "strings"

// The fragments this package makes in Go (the rows of an error's lists,
// links to errors) escape their text as html/template would at the same
// place in a template, so moving markup from a template into Go changes no
// byte of a page. escape_test.go holds them to html/template.

// writeText writes s as html/template writes a string in text or in a
// quoted attribute value: "&<>'\"+" as entities, NUL as U+FFFD.
func writeText(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case 0:
			rep = "\uFFFD"
		case '"':
			rep = "&#34;"
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '+':
			rep = "&#43;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// writeURL writes the site path p as html/template writes it in an href
// value: bytes that may not appear in a URL are percent-encoded (valid
// escapes and the reserved characters are kept), then the result is
// escaped as an attribute value. p must be a path, not a URL with a
// scheme: html/template would also check the scheme.
func writeURL(b *strings.Builder, p string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!#$*,/:;=?@[]", c) >= 0,
			c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			b.WriteByte(c)
		case c == '&':
			b.WriteString("&amp;")
		case c == '+':
			b.WriteString("&#43;")
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// writeFragment writes s as html/template writes it after the "#" of an
// href: every byte but letters, digits and "-._~" percent-encoded, then
// escaped as an attribute value (which leaves the result as it is).
func writeFragment(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}
