package search_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"errdocs/internal/browsertest"
	"errdocs/internal/search"
)

// BenchmarkBrowserKeystroke measures, in headless Chromium, the time from
// a keystroke in the search box to its results, over the index of the
// bench corpus (N=10000 by default; see corpus). The pages around the box
// are the seed site's: only the index matters here. Each query is typed
// one key at a time, waiting for each key's results, on one page, as a
// person types: "cold" is the first pass, where keys fetch the buckets and
// chunks they need; "warm" types the same keys again with everything
// loaded, which isolates the work of search.js from the fetches. Reported,
// not asserted: to-dom is until the list is in the DOM, to-frame until
// the next animation frame after it.
func BenchmarkBrowserKeystroke(b *testing.B) {
	root, n := corpus(b)
	s, md, outlines := siteInput(b, root)
	bl := search.NewBuilder(s, md.Plain, search.Config{})
	for p, secs := range outlines {
		bl.AddPage(p, secs)
	}
	fsys := fstest.MapFS{}
	shell := seedTree(b)
	for _, p := range shell.Paths() {
		if !strings.HasPrefix(p, search.Dir+"/") {
			data, _ := shell.Get(p)
			fsys[p] = &fstest.MapFile{Data: data}
		}
	}
	for p, data := range bl.Build().Files() {
		fsys[p] = &fstest.MapFile{Data: data}
	}

	ctx := browsertest.New(b)
	base := browsertest.Serve(b, fsys)
	run := func(js string) {
		b.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
			b.Fatalf("%s: %v", js, err)
		}
	}
	type timing struct {
		Q     string  `json:"q"`
		DOM   float64 `json:"dom"`
		Frame float64 `json:"frame"`
	}
	// typeAll types every bench query, one key at a time, waiting for each
	// key's results, and returns the timings.
	typeAll := func() []timing {
		var out []timing
		for _, q := range benchQueries {
			run(`document.getElementById('search-input').value = ''`)
			for i := range q {
				run(`window.times = []`)
				if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("search-input"), q[i:i+1])); err != nil {
					b.Fatal(err)
				}
				if strings.TrimSpace(q[:i+1]) == "" || (i+1 < len(q) && q[i] == ' ') {
					// A space (or nothing yet) may not change the words; no
					// results event is guaranteed, so nothing to time.
					time.Sleep(20 * time.Millisecond)
					continue
				}
				qj, _ := json.Marshal(q[:i+1])
				ts, err := chromedp.Run(ctx, chromedp.Poll[[]timing](
					`window.times.length && window.times[window.times.length-1].q === `+string(qj)+` && window.times`,
					chromedp.WithPollingTimeout(20*time.Second)))
				if err != nil {
					b.Fatalf("%q: %v", q[:i+1], err)
				}
				out = append(out, ts[len(ts)-1])
			}
		}
		return out
	}
	var cold, warm []timing
	for b.Loop() {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			b.Fatal(err)
		}
		run(`window.times = [];
			document.addEventListener('errdocs:search', (e) => {
				const d = e.detail;
				requestAnimationFrame(() => window.times.push({q: d.q, dom: d.ms, frame: performance.now() - d.t0}));
			})`)
		cold = append(cold, typeAll()...) // fetches what each key needs
		warm = append(warm, typeAll()...) // the same keys, all loaded
	}
	b.StopTimer()
	report := func(name string, ts []timing) {
		var dom, frame []float64
		var slow []string
		for _, t := range ts {
			dom = append(dom, t.DOM)
			frame = append(frame, t.Frame)
			if t.Frame > 50 {
				slow = append(slow, fmt.Sprintf("%q %.0f", t.Q, t.Frame))
			}
		}
		slices.Sort(dom)
		slices.Sort(frame)
		pct := func(xs []float64, p float64) float64 { return xs[min(len(xs)-1, int(p*float64(len(xs))))] }
		b.ReportMetric(pct(dom, 0.5), name+"-median-to-dom-ms")
		b.ReportMetric(pct(frame, 0.5), name+"-median-to-frame-ms")
		b.ReportMetric(pct(frame, 0.95), name+"-p95-to-frame-ms")
		b.ReportMetric(frame[len(frame)-1], name+"-max-to-frame-ms")
		fmt.Printf("%s: %d keystrokes; to DOM median %.1f ms, p95 %.1f, max %.1f; to frame median %.1f, p95 %.1f, max %.1f\n",
			name, len(ts), pct(dom, 0.5), pct(dom, 0.95), dom[len(dom)-1], pct(frame, 0.5), pct(frame, 0.95), frame[len(frame)-1])
		if len(slow) > 0 {
			fmt.Printf("  over 50 ms to frame (ms): %s\n", strings.Join(slow, ", "))
		}
	}
	fmt.Printf("N=%d; first key of a fresh page: %.1f ms to DOM, %.1f ms to frame\n", n, cold[0].DOM, cold[0].Frame)
	report("cold", cold)
	report("warm", warm)
}
