package search

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// marshal is json.Marshal without HTML escaping and without the newline.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings and ints only
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// appendString appends s as marshal writes it. Most strings of an index
// need no escaping, and are copied between quotes without going through
// encoding/json, which is costly for many small strings; the others are
// left to marshal, so the bytes are the same either way.
func appendString(b []byte, s string) []byte {
	if !verbatim(s) {
		return append(b, marshal(s)...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendStrings appends ss as marshal writes a []string: [s,s,...].
func appendStrings(b []byte, ss ...string) []byte {
	n := len(ss) + 2
	for _, s := range ss {
		n += len(s) + 2
	}
	b = slices.Grow(b, n) // enough when no string needs escaping
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// verbatim reports whether encoding/json, not escaping HTML, writes s as
// it is between quotes: s has no control character, quote or backslash,
// is valid UTF-8 (invalid bytes become U+FFFD), and has no U+2028 or
// U+2029 (which are escaped for JavaScript).
func verbatim(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == '"' || c == '\\':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.ContainsRune(s, '\u2028') && !strings.ContainsRune(s, '\u2029')
}
