package anchorlock

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	published := map[string]bool{"/a/": true, "/a/#x": true, "/b/": true}
	resolve := func(e string) bool { return published[e] }
	tests := []struct {
		name, lock, want string
	}{
		{name: "all there", lock: "# comment\n/a/\n/a/#x\n\n/b/\n"},
		{name: "new entries are fine", lock: "/a/\n"},
		{name: "anchor gone", lock: "/a/\n/a/#x\n/a/#y\n",
			want: `anchors.lock:3:1: /a/#y is published but gone from the page: keep the anchor with an alias, or run "errdocs lock" if removing it is deliberate`},
		{name: "page gone, once", lock: "/c/\n/c/#1\n/c/#2\n/a/\n",
			want: `anchors.lock:1:1: /c/ is published but gone from the site: keep it with an alias, or run "errdocs lock" if removing it is deliberate (with the 2 anchors recorded for it)`},
		{name: "not a path", lock: "a/\n",
			want: `anchors.lock:1:1: "a/" is not a site path; an entry is /path/ or /path/#anchor`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Check([]byte(tt.lock), resolve) {
				got = append(got, p.String())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}

func TestFormatRoundTrip(t *testing.T) {
	entries := []string{"/", "/#main", "/errors/", "/errors/#401"}
	lock := Format(entries)
	if ps := Check(lock, func(e string) bool { return true }); len(ps) > 0 {
		t.Errorf("Format's own output has problems: %v", ps)
	}
	var got []string
	for _, l := range strings.Split(string(lock), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			got = append(got, l)
		}
	}
	if strings.Join(got, ",") != strings.Join(entries, ",") {
		t.Errorf("entries %v, want %v", got, entries)
	}
}
