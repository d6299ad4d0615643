package publish

// For the tests of the fast path of MinifyPage (minify_test.go), which
// live in publish_test to build sites with sitegen.
var (
	MinifyFast     = minifyFast
	MinifyPageSlow = minifyPageSlow
)
