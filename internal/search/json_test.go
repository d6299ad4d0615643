package search

import (
	"bytes"
	"testing"
)

// jsonCases are strings that encoding/json writes as they are, and
// strings it escapes or repairs.
var jsonCases = []string{
	"", "word", "429 Too Many Requests", "a<b>&c", "café", "日本語", "\x7f", "emoji 🙂",
	`quote " here`, `back\slash`, "tab\there", "nl\n", "\x00", "\x1f", "\u2028", "a\u2029b",
	"bad \xff utf8", "cut \xe2\x82", "\xed\xa0\x80", "é\"",
}

// TestAppendString: the fast path writes what encoding/json writes.
func TestAppendString(t *testing.T) {
	for _, s := range jsonCases {
		if got, want := appendString([]byte("x"), s), append([]byte("x"), marshal(s)...); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
	for c := range 256 { // every byte alone
		s := string([]byte{byte(c)})
		if got, want := appendString(nil, s), marshal(s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
	if got, want := appendStrings(nil, jsonCases...), marshal(jsonCases); !bytes.Equal(got, want) {
		t.Errorf("appendStrings = %s, want %s", got, want)
	}
	if got, want := appendStrings(nil), marshal([]string{}); !bytes.Equal(got, want) {
		t.Errorf("appendStrings() = %s, want %s", got, want)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range jsonCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendString(nil, s), marshal(s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestEvenRuns(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100} {
		for _, parts := range []int{0, 1, 2, 3, 8} {
			runs := evenRuns(n, parts)
			if len(runs) == 0 || len(runs) > max(1, parts) {
				t.Errorf("evenRuns(%d, %d) = %v", n, parts, runs)
				continue
			}
			next := 0
			for _, r := range runs {
				if r.lo != next || r.hi-r.lo > n/len(runs)+1 || n > 0 && r.hi == r.lo {
					t.Errorf("evenRuns(%d, %d) = %v", n, parts, runs)
					break
				}
				next = r.hi
			}
			if next != n {
				t.Errorf("evenRuns(%d, %d) = %v ends at %d", n, parts, runs, next)
			}
		}
	}
}
