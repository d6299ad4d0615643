package highlight

import (
	"bytes"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// BenchmarkCorpus highlights every block of one language of the benchmark
// corpus per op, as the build does: tokenise, then chroma's HTML formatter
// with classes. "chroma" is chroma's lexer (coalesced, as the build used
// it), "fast" the hand-written one. ns/block is per code block.
//
//	go test -run X -bench Corpus -count 5 ./internal/highlight/
func BenchmarkCorpus(b *testing.B) {
	blocks := corpusBlocks(b)
	for _, lang := range []string{"json", "go", "bash"} {
		var codes []string
		for _, bl := range blocks {
			if bl.lang == lang {
				codes = append(codes, bl.code)
			}
		}
		l := langs[lang]
		for _, impl := range []struct {
			name  string
			lexer chroma.Lexer
		}{{"chroma", chroma.Coalesce(l.orig)}, {"fast", l}} {
			b.Run(lang+"/"+impl.name, func(b *testing.B) {
				var buf bytes.Buffer
				b.ReportAllocs()
				for b.Loop() {
					for _, code := range codes {
						buf.Reset()
						it, err := impl.lexer.Tokenise(nil, code)
						if err != nil {
							b.Fatal(err)
						}
						if err := formatter.Format(&buf, styles.Fallback, it); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(codes)), "ns/block")
			})
		}
	}
}

// BenchmarkTokenise is the lexers alone, without the formatter.
func BenchmarkTokenise(b *testing.B) {
	blocks := corpusBlocks(b)
	for _, lang := range []string{"json", "go", "bash"} {
		var codes []string
		for _, bl := range blocks {
			if bl.lang == lang {
				codes = append(codes, bl.code)
			}
		}
		l := langs[lang]
		for _, impl := range []struct {
			name  string
			lexer chroma.Lexer
		}{{"chroma", chroma.Coalesce(l.orig)}, {"fast", l}} {
			b.Run(lang+"/"+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					for _, code := range codes {
						it, err := impl.lexer.Tokenise(nil, code)
						if err != nil {
							b.Fatal(err)
						}
						for t := it(); t != chroma.EOF; t = it() {
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(codes)), "ns/block")
			})
		}
	}
}
