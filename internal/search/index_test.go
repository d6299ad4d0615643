package search_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"errdocs/internal/search"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// buildSeed indexes the repository's own site with cfg, adding the pages
// in the given order.
func buildSeed(t testing.TB, cfg search.Config, reverse bool) fstest.MapFS {
	t.Helper()
	s, md, outlines := siteInput(t, "../..")
	b := search.NewBuilder(s, md.Plain, cfg)
	pages := slices.Clone(s.Pages)
	if reverse {
		slices.Reverse(pages)
	}
	for _, p := range pages {
		if secs, ok := outlines[p]; ok {
			b.AddPage(p, secs)
		}
	}
	fsys := fstest.MapFS{}
	for p, data := range b.Build().Files() {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	return fsys
}

type manifestJSON struct {
	Docs    int      `json:"docs"`
	Chunks  []int    `json:"chunks"`
	Buckets []string `json:"buckets"`
}

func readManifest(t *testing.T, fsys fstest.MapFS) manifestJSON {
	t.Helper()
	var m manifestJSON
	if err := json.Unmarshal(fsys[search.Dir+"/manifest.json"].Data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBucketTrie checks, with buckets small enough to split many times,
// that every word sits in the bucket of the longest key that is a prefix
// of it, which is where readers look.
func TestBucketTrie(t *testing.T) {
	fsys := buildSeed(t, search.Config{BucketSize: 200, ChunkSize: 300}, false)
	m := readManifest(t, fsys)
	if len(m.Buckets) < 50 || len(m.Chunks) < 10 {
		t.Fatalf("%d buckets, %d chunks; want the small limits to split the index", len(m.Buckets), len(m.Chunks))
	}
	if !slices.IsSorted(m.Buckets) {
		t.Errorf("bucket keys not sorted: %q", m.Buckets)
	}
	words := 0
	for i, key := range m.Buckets {
		var bk map[string]string
		if err := json.Unmarshal(fsys[fmt.Sprintf("%s/p/%d.json", search.Dir, i)].Data, &bk); err != nil {
			t.Fatal(err)
		}
		if len(bk) == 0 {
			t.Errorf("bucket %d (%q) is empty", i, key)
		}
		for w := range bk {
			words++
			home := ""
			for _, k := range m.Buckets {
				if strings.HasPrefix(w, k) && len(k) >= len(home) {
					home = k
				}
			}
			if home != key {
				t.Errorf("word %q is in bucket %q, want %q", w, key, home)
			}
		}
	}
	if words < 300 {
		t.Errorf("%d words in the seed index, want the whole vocabulary", words)
	}
}

// TestLayoutDoesNotChangeResults runs the same queries over indexes cut
// into one bucket and one chunk, and into many small ones.
func TestLayoutDoesNotChangeResults(t *testing.T) {
	whole := buildSeed(t, search.Config{BucketSize: 1 << 30, ChunkSize: 1 << 30}, false)
	if m := readManifest(t, whole); len(m.Buckets) != 1 || len(m.Chunks) != 1 {
		t.Fatalf("want one bucket and one chunk, got %d and %d", len(m.Buckets), len(m.Chunks))
	}
	split := buildSeed(t, search.Config{BucketSize: 100, ChunkSize: 200}, false)
	for _, q := range append(parityQueries, "a", "e", "r", "re", "401-", "401-t") {
		rw, _ := search.Open(whole)
		rs, _ := search.Open(split)
		a, err := rw.Search(q, 20)
		if err != nil {
			t.Fatal(err)
		}
		b, err := rs.Search(q, 20)
		if err != nil {
			t.Fatal(err)
		}
		if a.Total != b.Total || !slices.Equal(urls(a.Hits), urls(b.Hits)) {
			t.Errorf("%q: one bucket gives %d %v; many give %d %v", q, a.Total, urls(a.Hits), b.Total, urls(b.Hits))
		}
	}
}

func urls(hs []search.Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.URL
	}
	return out
}

// TestDeterministic: the same site gives the same bytes whatever order
// the pages were rendered in.
func TestDeterministic(t *testing.T) {
	a := buildSeed(t, search.Config{}, false)
	b := buildSeed(t, search.Config{}, true)
	if !slices.Equal(slices.Sorted(maps.Keys(a)), slices.Sorted(maps.Keys(b))) {
		t.Fatalf("file lists differ")
	}
	for p := range a {
		if !bytes.Equal(a[p].Data, b[p].Data) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestSameBytesWhateverTheGoroutines: indexing split across goroutines
// gives the bytes of a build on one.
func TestSameBytesWhateverTheGoroutines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	want := buildSeed(t, search.Config{}, false)
	for _, procs := range []int{3, 2, 1, 4} {
		runtime.GOMAXPROCS(procs)
		got := buildSeed(t, search.Config{}, false)
		if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
			t.Fatalf("GOMAXPROCS=%d: file lists differ", procs)
		}
		for p := range want {
			if !bytes.Equal(got[p].Data, want[p].Data) {
				t.Errorf("GOMAXPROCS=%d: %s differs from a build on one goroutine", procs, p)
			}
		}
	}
}

// TestSeedDocs lists every document of the seed index in order, against
// testdata/seed-docs.golden (go test -update rewrites it).
func TestSeedDocs(t *testing.T) {
	fsys := buildSeed(t, search.Config{}, false)
	var rows [][]string
	for i := 0; ; i++ {
		f := fsys[fmt.Sprintf("%s/d/%d.json", search.Dir, i)]
		if f == nil {
			break
		}
		var chunk [][]string
		if err := json.Unmarshal(f.Data, &chunk); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, chunk...)
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%-8s %s\n         %s", r[0], r[1], r[2])
		if r[3] != "" {
			fmt.Fprintf(&b, " · %s", r[3])
		}
		b.WriteString("\n")
	}
	const golden = "testdata/seed-docs.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if b.String() != string(want) {
		t.Errorf("seed documents differ from %s (go test -update rewrites it):\n%s", golden, lineDiff(string(want), b.String()))
	}
	if m := readManifest(t, fsys); m.Docs != len(rows) {
		t.Errorf("manifest says %d docs, chunks hold %d", m.Docs, len(rows))
	}
}

// lineDiff shows the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range w {
		if !slices.Contains(g, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
