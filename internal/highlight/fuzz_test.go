package highlight

import (
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"

	"errdocs/internal/fuzzgen"
)

// The fuzz targets check, for any input:
//
//   - with EnsureLF unset, the token values add up to the input exactly;
//   - with default options, they add up to the input as chroma normalises
//     it (line ends, invalid UTF-8);
//   - no empty tokens, and no two neighbours of one type that chroma's
//     Coalesce would have merged;
//   - the tokens are chroma's own lexer's, after chroma.Coalesce
//     (differential; for inputs up to 4 KiB, and not when chroma took
//     over 100 ms, as its regexps give up after 250 ms on pathological
//     input, and their tokens then depend on the machine's speed);
//   - no panic, and (by the fuzzer's own timeout) no endless loop.
//
// Seeds are the samples of samples_test.go and a few corpus blocks; go
// test runs them as tests.

func FuzzJSON(f *testing.F) { fuzzLexer(f, "json") }
func FuzzGo(f *testing.F)   { fuzzLexer(f, "go") }
func FuzzBash(f *testing.F) { fuzzLexer(f, "bash") }

func fuzzLexer(f *testing.F, lang string) {
	l := langs[lang]
	for _, s := range samples {
		if s.lang == lang && s.known == "" {
			f.Add(s.code)
		}
	}
	f.Add("\x00\xff\xfe\r\r\n\t\v\f")
	// A few real blocks too, if the corpus can be generated.
	loadCorpus()
	seeds := 0
	for _, b := range corpus {
		if b.lang == lang && seeds < 5 {
			f.Add(b.code)
			seeds++
		}
	}
	f.Fuzz(func(t *testing.T, code string) {
		it, err := l.Tokenise(&chroma.TokeniseOptions{State: "root"}, code)
		if err != nil {
			t.Fatal(err)
		}
		exact := it.Tokens()
		checkTokens(t, exact, code)

		got := tokens(t, l, code)
		checkTokens(t, got, Normalise(code))

		if len(code) <= 4096 {
			start := time.Now()
			want := chromaTokens(t, l, code)
			if el := time.Since(start); el > 100*time.Millisecond {
				// Chroma's regexps give up after 250 ms (see the
				// "regexp timeout" sample): its tokens then depend on
				// the machine's speed, and are no reference.
				t.Logf("chroma took %v: not compared", el)
				return
			}
			if d := diff(want, got); d != "" {
				t.Errorf("%q\n%s", code, d)
			}
		}
	})
}

func checkTokens(t *testing.T, ts []chroma.Token, want string) {
	t.Helper()
	var b strings.Builder
	for i, tok := range ts {
		if tok.Value == "" {
			t.Fatalf("empty token %d: %#v", i, tok)
		}
		if i > 0 && ts[i-1].Type == tok.Type && len(ts[i-1].Value) < coalesceLimit {
			t.Fatalf("tokens %d and %d not coalesced: %#v %#v", i-1, i, ts[i-1], tok)
		}
		b.WriteString(tok.Value)
	}
	if b.String() != want {
		t.Fatalf("tokens add up to\n%q\nnot\n%q", b.String(), want)
	}
}

// TestMirroredChroma fails when go.mod requires another chroma than the
// one the lexers were last fuzzed against (mirroredChroma).
func TestMirroredChroma(t *testing.T) {
	if got := fuzzgen.Required(t, "github.com/alecthomas/chroma/v2"); got != mirroredChroma {
		t.Errorf("go.mod requires chroma %s; the lexers mirror chroma %s: run FuzzJSON, FuzzGo and FuzzBash against it, follow what changed, and set mirroredChroma to %s", got, mirroredChroma, got)
	}
}
