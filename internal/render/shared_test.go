package render

import (
	"html/template"
	"maps"
	"slices"
	"testing"
)

// TestOwnFragments: a layout's own templates are those its file defines
// and those that invoke one of them, however deep the invocation sits.
func TestOwnFragments(t *testing.T) {
	shared := template.Must(template.New("").Parse(`
{{define "base"}}{{template "header" .}}{{block "main" .}}{{end}}{{template "footer" .}}{{end}}
{{define "header"}}<header>{{end}}
{{define "footer"}}{{if .}}{{range .}}{{with .}}x{{else}}{{template "links" .}}{{end}}{{end}}{{end}}{{end}}
{{define "links"}}<a href="/">home</a>{{end}}
{{define "loop"}}{{if .}}{{template "loop" .}}{{end}}{{end}}`))
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{`{{define "main"}}m{{end}}`, []string{"base", "main"}},
		{`{{define "main"}}m{{end}}{{define "links"}}<a href="/x/">x</a>{{end}}`, []string{"base", "footer", "links", "main"}},
		{`{{define "header"}}<header class="x">{{end}}`, []string{"base", "header"}},
		{`{{define "loop"}}{{end}}`, nil}, // empty: does not replace "loop"
		{`{{define "loop"}}{{template "links" .}}{{end}}`, []string{"loop"}},
	} {
		layout := template.Must(template.Must(shared.Clone()).New("layout.html").Parse(tc.src))
		own := ownFragments(layout, "layout.html", tc.src)
		delete(own, "layout.html")
		if got := slices.Sorted(maps.Keys(own)); !slices.Equal(got, tc.want) {
			t.Errorf("layout %s: own %q, want %q", tc.src, got, tc.want)
		}
	}
}
