// Package fuzzgen turns fuzz bytes into documents for differential tests,
// each byte a choice. The fast paths checked against an oracle (such as
// the YAML parser against yaml.v3) are fuzzed with documents built this
// way from the part of the language our files use, so that the fuzzer
// explores what the fast path takes rather than what it turns away.
package fuzzgen

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Gen is a document being made.
type Gen struct {
	data []byte // the choices left
	max  int
	// Out is the document so far.
	Out []byte
	// Odd says whether the document may hold what our files never do,
	// to check that the fast path leaves it or gets it right.
	Odd bool
}

// New starts a document made from data, of about max bytes at most. Its
// first choice makes one document in four odd.
func New(data []byte, max int) *Gen {
	g := &Gen{data: data, max: max}
	g.Odd = g.Next()%4 == 0
	return g
}

// Next takes the next choice, 0 once they are used up.
func (g *Gen) Next() int {
	if len(g.data) == 0 {
		return 0
	}
	c := g.data[0]
	g.data = g.data[1:]
	return int(c)
}

// Done reports whether the choices are used up or the document is long
// enough.
func (g *Gen) Done() bool { return len(g.data) == 0 || len(g.Out) > g.max }

// Pick picks one of list.
func (g *Gen) Pick(list []string) string { return list[g.Next()%len(list)] }

// PickOdd picks from list, or in an odd document from list and odd.
func (g *Gen) PickOdd(list, odd []string) string {
	if !g.Odd {
		return g.Pick(list)
	}
	if c := g.Next(); c%4 == 0 {
		return odd[(c/4)%len(odd)]
	}
	return g.Pick(list)
}

// Oddly reports, in an odd document, whether to do something odd now.
func (g *Gen) Oddly() bool { return g.Odd && g.Next()%6 == 0 }

// Add appends to the document.
func (g *Gen) Add(s ...string) {
	for _, x := range s {
		g.Out = append(g.Out, x...)
	}
}

// Generated runs runs documents made by doc from random bytes (20 to
// 20+span of them, the same on every run) through check, which reports
// whether the fast path took the document: the fuzz target's check on
// every go test. It fails t when the fast path took fewer than one in
// share, since the generator then makes too few documents it handles.
func Generated(t *testing.T, runs, span, share int, doc func([]byte) []byte, check func(testing.TB, []byte) bool) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	took := 0
	for range runs {
		data := make([]byte, 20+rng.IntN(span))
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		if check(t, doc(data)) {
			took++
		}
	}
	if took < runs/share {
		t.Errorf("the fast path took %d of %d generated documents: the generator makes too few it handles", took, runs)
	}
	t.Logf("the fast path took %d of %d generated documents", took, runs)
}

// Fuzz runs the differential check check on each fuzz input as it is and
// as the choices of doc, after adding seeds inputs of random bytes (the
// same on every run) to those f has.
func Fuzz(f *testing.F, seeds int, doc func([]byte) []byte, check func(testing.TB, []byte) bool) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range seeds {
		data := make([]byte, 200)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check(t, data)
		check(t, doc(data))
	})
}

// Required returns the version of module that the repository's go.mod
// requires ("v2.27.0"): a fast path names the release of the library it
// mirrors, and its test compares the two, so that a dependency bump says
// which fast path to fuzz against the new release.
func Required(t testing.TB, module string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for line := range strings.Lines(string(b)) {
				f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
				if len(f) >= 2 && f[0] == module {
					return f[1]
				}
			}
			t.Fatalf("go.mod does not require %s", module)
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = filepath.Dir(dir)
	}
}
