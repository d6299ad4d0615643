// Package uitest checks the built site in real headless Chromium: axe-core
// finds no serious or critical accessibility problem in light and dark mode,
// no page scrolls sideways at 375 px, the copy-link buttons put the absolute
// URL of their anchor on the clipboard, every error is readable with
// JavaScript off, no request leaves the site or fails, headings are in
// order, and a reader's choice of platform puts its notes first, folds the
// others, is kept and travels in ?platform=, while an anchor still opens
// its note.
//
// The tests build the seed site at the repository root with sitegen.Build
// and serve it from memory on 127.0.0.1 (see internal/browsertest). They skip
// when Chromium is absent; the axe-core test also skips without axe-core,
// which .ci/run installs with npm and points to with ERRDOCS_AXE.
//
// To look at the pages, write screenshots of every page kind, light and dark,
// wide and narrow:
//
//	go test ./internal/uitest -run Screenshots -shots /tmp/shots
package uitest
