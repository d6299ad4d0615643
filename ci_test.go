package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCIRunsEveryFuzzer: .ci/run fuzzes every fuzz target of the
// repository, in its package, so that none is left to its seeds alone.
func TestCIRunsEveryFuzzer(t *testing.T) {
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	run := regexp.MustCompile(`(?m)^go test .*-fuzz='?\^?(Fuzz\w+)\$?'? .*\./(\S+)$`)
	inCI := map[string]bool{}
	for _, m := range run.FindAllStringSubmatch(string(ci), -1) {
		inCI[m[2]+" "+m[1]] = true
	}
	decl := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`)
	n := 0
	err = filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		for _, m := range decl.FindAllStringSubmatch(string(b), -1) {
			n++
			if key := filepath.ToSlash(filepath.Dir(p)) + " " + m[1]; !inCI[key] {
				t.Errorf("%s: %s is not fuzzed by .ci/run", p, m[1])
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("found %d fuzz targets, want more", n)
	}
}
