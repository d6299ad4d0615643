package publish

// For the tests of the fast path of MinifyPage (minify_test.go), which
// live in publish_test to build sites with sitegen.

// MinifyFast minifies b into a new buffer.
func MinifyFast(b []byte) ([]byte, bool) { return minifyFast(nil, b) }

// MinifyPageSlow minifies b with tdewolff's minifier into a new buffer.
func MinifyPageSlow(b []byte) ([]byte, error) { return minifyPageSlow(nil, b) }

// MinifyFastTo and MinifyPageSlowTo append to dst, as MinifyPage does.
var (
	MinifyFastTo     = minifyFast
	MinifyPageSlowTo = minifyPageSlow
)
