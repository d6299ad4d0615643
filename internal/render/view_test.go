package render_test

import (
	"os"
	"testing"

	"errdocs/internal/diag"
	"errdocs/internal/markdown"
	"errdocs/internal/render"
	"errdocs/internal/site"
	"errdocs/internal/sitegen"
	"errdocs/internal/testsite"
)

// TestReads renders pages of a small site with the theme's templates and
// checks that each records what it shows (and not what it does not): the
// keys a rebuild compares to decide what to make again.
func TestReads(t *testing.T) {
	res, err := sitegen.Build(sitegen.Config{Src: testsite.Site(12), Theme: os.DirFS("../..")})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Site
	var problems diag.List
	r := render.New(render.Config{Templates: os.DirFS("../../templates"), Markdown: markdown.New(markdown.Config{}), Record: true}, s, &problems)
	if len(problems) > 0 {
		t.Fatal(problems.Err())
	}
	e := testsite.Error(6) // has a cause, notes, a related error
	key := func(k site.KeyKind, id string) site.Key { return site.Key{Kind: k, ID: id} }
	tests := []struct {
		url       string
		want, not []site.Key
	}{
		{"/errors/" + e + "/",
			[]site.Key{key(site.KeyPage, "/errors/"+e+"/"), key(site.KeyError, e), key(site.KeyPlatforms, ""),
				key(site.KeyByCause, testsite.Causes[6%len(testsite.Causes)]), key(site.KeyRelated, e),
				key(site.KeyError, testsite.Error(5)), key(site.KeyTermLinks, ""), key(site.KeyChildren, "/")},
			[]site.Key{key(site.KeyErrors, ""), key(site.KeyError, testsite.Error(9)), key(site.KeyPage, "/errors/")}},
		{"/errors/",
			[]site.Key{key(site.KeyErrors, ""), key(site.KeyCauses, ""), key(site.KeyPlatforms, "")},
			nil},
		{"/guide/",
			[]site.Key{key(site.KeyPage, "/guide/"), key(site.KeyMenu, "/"), key(site.KeyChildren, "/")},
			[]site.Key{key(site.KeyErrors, ""), key(site.KeyError, e), key(site.KeyPlatforms, "")}},
	}
	for _, tt := range tests {
		out, err := r.Render(s.Page(tt.url))
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		for _, k := range tt.want {
			if !out.Reads.Has(k) {
				t.Errorf("%s does not record %+v", tt.url, k)
			}
		}
		for _, k := range tt.not {
			if out.Reads.Has(k) {
				t.Errorf("%s records %+v, which it does not show", tt.url, k)
			}
		}
	}
}
