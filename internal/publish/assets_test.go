package publish_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"errdocs/internal/output"
	"errdocs/internal/publish"
	"errdocs/internal/sitegen"
)

var fingerprintName = regexp.MustCompile(`^(.+)\.([0-9a-f]{10})\.(css|js)$`)

// fingerprintOK reports whether a tree path is a fingerprinted name whose
// hash is that of its content.
func fingerprintOK(tree *output.Tree, p string) bool {
	m := fingerprintName.FindStringSubmatch(path.Base(p))
	b, ok := tree.Get(p)
	if m == nil || !ok {
		return false
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:publish.HashLen] == m[2]
}

// TestAssets: every page links its CSS and JS by a fingerprinted name
// whose hash is that of the published, minified file.
func TestAssets(t *testing.T) {
	tree := seed(t)
	referenced := map[string]bool{}
	for _, f := range tree.Paths() {
		if path.Ext(f) != ".html" {
			continue
		}
		for _, e := range elements(t, f, file(t, tree, f)) {
			ref := ""
			switch {
			case e.Tag == "link" && e.Attrs["rel"] == "stylesheet":
				ref = e.Attrs["href"]
			case e.Tag == "script":
				ref = e.Attrs["src"]
			}
			if ref == "" {
				continue
			}
			p := strings.TrimPrefix(ref, "/")
			referenced[p] = true
			if !fingerprintOK(tree, p) {
				t.Errorf("%s links %s: want a fingerprinted file whose hash matches its content", f, ref)
			}
		}
	}
	for _, want := range []string{"css/site.css", "css/chroma.css", "js/site.js"} {
		orig := file(t, tree, want)
		url := publish.Fingerprint(want, orig)
		if !referenced[strings.TrimPrefix(url, "/")] {
			t.Errorf("no page links %s (the fingerprinted %s)", url, want)
		}
		if b := file(t, tree, url); !bytes.Equal(b, orig) {
			t.Errorf("%s and %s differ", url, want)
		}
	}
	// Minified: the generated chroma.css loses its comments and newlines.
	if css := file(t, tree, "css/chroma.css"); bytes.Contains(css, []byte("\n")) || bytes.Contains(css, []byte("/*")) {
		t.Errorf("css/chroma.css is not minified:\n%.300s", css)
	}
}

// TestMinifyAssetsOnly: Config.Minify minifies CSS and JS, and leaves
// pages as the templates write them. Built with and without it, every
// page is the same but for the fingerprints of the assets it links.
func TestMinifyAssetsOnly(t *testing.T) {
	minified := seed(t)
	res, err := sitegen.Build(sitegen.Config{
		Src: os.DirFS(repoRoot), Theme: os.DirFS(repoRoot), BaseURL: "https://docs.example.com/",
	})
	if err != nil {
		t.Fatalf("building the seed site: %v", err)
	}
	plain := res.Tree
	hash := regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js)\b`)
	pages := 0
	for _, f := range plain.Paths() {
		if path.Ext(f) != ".html" {
			continue
		}
		pages++
		got := hash.ReplaceAll(file(t, minified, f), []byte(".HASH.$1"))
		want := hash.ReplaceAll(file(t, plain, f), []byte(".HASH.$1"))
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs with Minify: pages must be published as rendered", f)
		}
	}
	if pages < 10 {
		t.Errorf("compared %d pages; want the whole site", pages)
	}
	for _, f := range []string{"css/site.css", "js/site.js"} {
		src, err := os.ReadFile(path.Join(repoRoot, "static", f))
		if err != nil {
			t.Fatal(err)
		}
		if got := file(t, plain, f); !bytes.Equal(got, src) {
			t.Errorf("%s without Minify: not as written in static/", f)
		}
		if got := file(t, minified, f); len(got) >= len(src) {
			t.Errorf("%s with Minify: %d bytes, want fewer than the %d written in static/", f, len(got), len(src))
		}
	}
}
