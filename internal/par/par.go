// Package par runs independent pieces of work on all CPUs.
package par

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// Each calls f(i) for every i from 0 to n-1, on up to GOMAXPROCS
// goroutines at once, and returns when all calls have. The calls must not
// depend on each other's order; callers that need an order write into
// slot i and read the slots afterwards.
func Each(n int, f func(i int)) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error {
			f(i)
			return nil
		})
	}
	g.Wait()
}
