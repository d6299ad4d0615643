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
// one key at a time, waiting for each key's results, on one page, so the
// first keys fetch and later ones mostly reuse what is loaded, as when a
// person types. Reported, not asserted: to-dom is until the list is in the
// DOM, to-frame until the next animation frame after it.
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
	var dom, frame []float64
	var firstKey timing
	var slowest timing
	var slow []string
	for b.Loop() {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			b.Fatal(err)
		}
		run(`window.times = [];
			document.addEventListener('errdocs:search', (e) => {
				const d = e.detail;
				requestAnimationFrame(() => window.times.push({q: d.q, dom: d.ms, frame: performance.now() - d.t0}));
			})`)
		for qi, q := range benchQueries {
			run(`document.getElementById('search-input').value = ''`)
			for i := range q {
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.times = []`)); err != nil {
					b.Fatal(err)
				}
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
				t := ts[len(ts)-1]
				dom = append(dom, t.DOM)
				frame = append(frame, t.Frame)
				if qi == 0 && i == 0 {
					firstKey = t
				}
				if t.Frame > slowest.Frame {
					slowest = t
				}
				if t.Frame > 50 {
					slow = append(slow, fmt.Sprintf("%q %.0f ms", t.Q, t.Frame))
				}
			}
		}
	}
	b.StopTimer()
	slices.Sort(dom)
	slices.Sort(frame)
	pct := func(xs []float64, p float64) float64 { return xs[min(len(xs)-1, int(p*float64(len(xs))))] }
	b.ReportMetric(pct(dom, 0.5), "median-to-dom-ms")
	b.ReportMetric(pct(frame, 0.5), "median-to-frame-ms")
	b.ReportMetric(pct(frame, 0.95), "p95-to-frame-ms")
	b.ReportMetric(frame[len(frame)-1], "max-to-frame-ms")
	fmt.Printf("N=%d: %d keystrokes timed; first key of a fresh page %.1f ms (dom %.1f); slowest %q %.1f ms (dom %.1f)\n",
		n, len(frame), firstKey.Frame, firstKey.DOM, slowest.Q, slowest.Frame, slowest.DOM)
	if len(slow) > 0 {
		fmt.Printf("over 50 ms: %s\n", strings.Join(slow, ", "))
	}
}
