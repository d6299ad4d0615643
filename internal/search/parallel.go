package search

import (
	"runtime"

	"errdocs/internal/par"
)

// span is the items lo to hi-1 of a slice.
type span struct{ lo, hi int }

// forEachRun cuts the items 0 to n-1 into up to runtime.GOMAXPROCS(0)
// runs of consecutive items, of about the same length, and calls f on
// each run from its own goroutine, waiting for them all. It is for work
// whose items cost about the same and are done independently.
func forEachRun(n int, f func(lo, hi int)) {
	runs := evenRuns(n, runtime.GOMAXPROCS(0))
	par.Each(len(runs), func(i int) { f(runs[i].lo, runs[i].hi) })
}

// evenRuns cuts the items 0 to n-1 into at most parts runs of consecutive
// items whose lengths differ by one at most; there is always one run, if
// empty.
func evenRuns(n, parts int) []span {
	parts = max(1, min(parts, n))
	runs := make([]span, parts)
	for i := range runs {
		runs[i] = span{n * i / parts, n * (i + 1) / parts}
	}
	return runs
}
