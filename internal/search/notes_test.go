package search_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"errdocs/internal/search"
)

// TestPlatformNotes: a platform's name or supplier finds the platform,
// then its notes; a note is found by what it says and by its anchor.
func TestPlatformNotes(t *testing.T) {
	files := map[string]string{
		"data/platforms.yaml": "- id: tmsp\n  name: TMSP\n  supplier: Telekom Deutschland\n" +
			"- id: stc\n  name: STC\n  supplier: Saudi Telecom Company\n",
		"data/errors/401.yaml": "id: \"401\"\nstatus: 401\ntitle: Unauthorized\nsummary: Bad credentials.\n" +
			"platforms:\n  tmsp: Send the ICCID without spaces.\n  stc: Tokens last one hour on STC.\n",
		"data/errors/404.yaml": "id: \"404\"\nstatus: 404\ntitle: Not Found\nsummary: Nothing here.\n" +
			"platforms:\n  tmsp: The ICCID is unknown to TMSP.\n",
	}
	fsys := indexOf(t, files)
	tests := []struct {
		q    string
		want []string
	}{
		{"Telekom Deutschland", []string{"/platforms/tmsp/", "/errors/401/#401-tmsp", "/errors/404/#404-tmsp"}},
		{"tmsp", []string{"/platforms/tmsp/", "/errors/401/#401-tmsp", "/errors/404/#404-tmsp"}},
		{"tmsp iccid spaces", []string{"/errors/401/#401-tmsp"}},
		{"saudi tokens", []string{"/errors/401/#401-stc"}},
		{"401-tm", []string{"/errors/401/#401-tmsp"}},
		{"401 stc", []string{"/errors/401/#401-stc"}},
	}
	for _, tt := range tests {
		r, err := search.Open(fsys)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.Search(tt.q, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := urls(res.Hits)
		if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
			t.Errorf("%q: got %v, want first %v", tt.q, got, tt.want)
		}
	}
}

// indexOf writes files as a site root and returns the files of its search
// index.
func indexOf(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, md, _ := siteInput(t, root)
	fsys := fstest.MapFS{}
	for p, data := range search.NewBuilder(s, md.Plain, search.Config{}).Build().Files() {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	return fsys
}
