package search_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"errdocs/internal/search"
)

// The scale benchmarks build the index of the shared bench corpus
// (../shared/bench/gen.py next to the repository). ERRDOCS_BENCH_N sets the
// number of pages (default 10000, errors N/2); ERRDOCS_BENCH_CORPUS reuses
// an already generated corpus folder. Without python3 or gen.py they skip.

// corpus generates (or reuses) the bench corpus and returns its root.
func corpus(b *testing.B) (root string, n int) {
	b.Helper()
	n = 10000
	if s := os.Getenv("ERRDOCS_BENCH_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("ERRDOCS_BENCH_N=%q: %v", s, err)
		}
	}
	if dir := os.Getenv("ERRDOCS_BENCH_CORPUS"); dir != "" {
		return dir, n
	}
	gen, _ := filepath.Abs("../../../shared/bench/gen.py")
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("skipping: no bench generator at %s", gen)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("skipping: python3 not found")
	}
	root = b.TempDir()
	out, err := exec.Command(py, gen, "--out", root, "--pages", strconv.Itoa(n), "--errors", strconv.Itoa(n/2)).CombinedOutput()
	if err != nil {
		b.Fatalf("gen.py: %v\n%s", err, out)
	}
	return root, n
}

func gzipSize(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

// benchQueries are typed one character at a time; what the browser has
// fetched when the last character's results show is the transfer measured.
var benchQueries = []string{
	"429", "unauth", "token expires", "JASPER", "Saudi Telecom", "missing malformed",
	"pageSize", "too many requests", "special char", "Application Access Management",
	"400-invalid-iccid", "re", "request", "status", "invalid iccid format", "rate plan",
}

// BenchmarkIndex measures the cost of indexing the bench corpus (the
// documents and outlines in, the files out) and reports the sizes of the
// index and what the first results of typical queries transfer.
func BenchmarkIndex(b *testing.B) {
	root, n := corpus(b)
	s, md, outlines := siteInput(b, root)
	build := func() map[string][]byte {
		bl := search.NewBuilder(s, md.Plain, search.Config{})
		for p, secs := range outlines {
			bl.AddPage(p, secs)
		}
		return bl.Build().Files()
	}
	var files map[string][]byte
	b.ResetTimer()
	for b.Loop() {
		files = build()
	}
	b.StopTimer()
	reportSizes(b, n, files)
}

func reportSizes(b *testing.B, n int, files map[string][]byte) {
	b.Helper()
	mapfs := fstest.MapFS{}
	gz := map[string]int{}
	var raw, zipped, maxBucket, maxChunk int
	var buckets, chunks int
	for p, data := range files {
		mapfs[p] = &fstest.MapFile{Data: data}
		gz[p] = gzipSize(data)
		raw += len(data)
		zipped += gz[p]
		switch {
		case strings.Contains(p, "/p/"):
			buckets++
			maxBucket = max(maxBucket, gz[p])
		case strings.Contains(p, "/d/"):
			chunks++
			maxChunk = max(maxChunk, gz[p])
		}
	}
	r, err := search.Open(mapfs)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(r.Docs()), "docs")
	b.ReportMetric(float64(raw)/1024, "raw-KiB")
	b.ReportMetric(float64(zipped)/1024, "gzip-KiB")
	b.ReportMetric(float64(gzipSize(files[search.Dir+"/manifest.json"]))/1024, "manifest-gzip-KiB")
	b.ReportMetric(float64(maxBucket)/1024, "max-bucket-gzip-KiB")
	b.ReportMetric(float64(maxChunk)/1024, "max-chunk-gzip-KiB")

	var worst int
	var worstQ string
	var lines []string
	for _, q := range benchQueries {
		// One reader per query: a fresh page, nothing cached. Typing
		// char by char fetches what each prefix needs.
		r, err := search.Open(mapfs)
		if err != nil {
			b.Fatal(err)
		}
		var first search.Hit
		for i := 1; i <= len(q); i++ {
			res, err := r.Search(q[:i], 10)
			if err != nil {
				b.Fatal(err)
			}
			if i == len(q) && len(res.Hits) > 0 {
				first = res.Hits[0]
			}
		}
		sum, postings := 0, 0
		for _, p := range slices.Compact(slices.Sorted(slices.Values(r.Fetched))) {
			sum += gz[p]
			if strings.Contains(p, "/p/") {
				postings += gz[p]
			}
		}
		if sum > worst {
			worst, worstQ = sum, q
		}
		lines = append(lines, fmt.Sprintf("%-32q %6.1f KiB gzip (postings %5.1f), %3d files; first: %s %s",
			q, float64(sum)/1024, float64(postings)/1024, len(r.Fetched), first.Kind, first.URL))
	}
	b.ReportMetric(float64(worst)/1024, "worst-first-results-gzip-KiB")
	// b.Log keeps only 10 lines of a benchmark; this report wants them all.
	fmt.Printf("N=%d: %d docs, %d buckets, %d chunks, %.0f KiB raw, %.0f KiB gzip; worst typed query %q\n",
		n, r.Docs(), buckets, chunks, float64(raw)/1024, float64(zipped)/1024, worstQ)
	for _, l := range lines {
		fmt.Println("  " + l)
	}
}
