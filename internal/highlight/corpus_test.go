package highlight

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"
)

// block is one code block of the benchmark corpus.
type block struct {
	lang, code, from string
}

// genPy finds the benchmark corpus generator: shared/ sits beside the
// repository (in CI and in the worktrees).
func genPy() string {
	for _, p := range []string{"../../../shared/bench/gen.py", "/work/shared/bench/gen.py"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

var (
	corpusOnce sync.Once
	corpus     []block
	corpusErr  string
)

// corpusBlocks generates the benchmark corpus (300 pages, 150 errors) and
// returns its json, go and bash code blocks: the fenced blocks of the
// guides, as goldmark gives them to the build, and the errors' example
// bodies. It skips the test if python3 or the generator is missing.
func corpusBlocks(tb testing.TB) []block {
	tb.Helper()
	loadCorpus()
	if corpusErr != "" {
		if strings.HasPrefix(corpusErr, "no python3") {
			tb.Skip(corpusErr)
		}
		tb.Fatal(corpusErr)
	}
	return corpus
}

func loadCorpus() {
	corpusOnce.Do(func() {
		gen := genPy()
		py, err := exec.LookPath("python3")
		if gen == "" || err != nil {
			corpusErr = "no python3 or no shared/bench/gen.py"
			return
		}
		dir, err := os.MkdirTemp("", "highlight-corpus")
		if err != nil {
			corpusErr = err.Error()
			return
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command(py, gen, "--out", dir, "--pages", "300", "--errors", "150")
		if out, err := cmd.CombinedOutput(); err != nil {
			corpusErr = "gen.py: " + err.Error() + "\n" + string(out)
			return
		}
		corpus, err = readCorpus(dir)
		if err != nil {
			corpusErr = err.Error()
		}
	})
}

func readCorpus(dir string) ([]block, error) {
	var out []block
	md := goldmark.New()
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc := md.Parser().Parse(text.NewReader(src))
		return ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			f, ok := n.(*ast.FencedCodeBlock)
			if !ok || !entering {
				return ast.WalkContinue, nil
			}
			var code bytes.Buffer
			for i := range f.Lines().Len() {
				seg := f.Lines().At(i)
				code.Write(seg.Value(src))
			}
			out = append(out, block{string(f.Language(src)), code.String(), path})
			return ast.WalkSkipChildren, nil
		})
	})
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "data", "errors", "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var e struct {
			Example struct {
				Body string `yaml:"body"`
			} `yaml:"example"`
		}
		if err := yaml.Unmarshal(src, &e); err != nil {
			return nil, err
		}
		if e.Example.Body != "" {
			out = append(out, block{"json", e.Example.Body, f})
		}
	}
	return out, nil
}

// tokens runs a lexer with default options and collects its tokens.
func tokens(tb testing.TB, l chroma.Lexer, code string) []chroma.Token {
	tb.Helper()
	it, err := l.Tokenise(nil, code)
	if err != nil {
		tb.Fatal(err)
	}
	return it.Tokens()
}

// chromaTokens is chroma's own lexer for lang, coalesced.
func chromaTokens(tb testing.TB, l *Lexer, code string) []chroma.Token {
	return tokens(tb, chroma.Coalesce(l.orig), code)
}

// ourTokens is the hand-written lexer, coalesced too (as the build uses
// chroma's lexers), although its output is coalesced already.
func ourTokens(tb testing.TB, l *Lexer, code string) []chroma.Token {
	return tokens(tb, chroma.Coalesce(l), code)
}

// diff describes the first difference of two token streams, or "".
func diff(want, got []chroma.Token) string {
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g chroma.Token
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			lo := max(i-2, 0)
			return "first difference at token " + strconv.Itoa(i) +
				":\n chroma: " + show(want[lo:min(i+3, len(want))]) +
				"\n    ours: " + show(got[lo:min(i+3, len(got))])
		}
	}
	return ""
}

func show(ts []chroma.Token) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.GoString())
		b.WriteString(" ")
	}
	return b.String()
}

var langs = map[string]*Lexer{"json": JSON, "go": Go, "bash": Bash}

var formatter = chromahtml.New(chromahtml.WithClasses(true))

func render(tb testing.TB, l chroma.Lexer, code string) []byte {
	tb.Helper()
	it, err := l.Tokenise(nil, code)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if err := formatter.Format(&b, styles.Fallback, it); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestCorpus requires the same tokens as chroma's lexers, and so the same
// HTML, for every json, go and bash block of the benchmark corpus.
func TestCorpus(t *testing.T) {
	blocks := corpusBlocks(t)
	count := map[string]int{}
	for _, b := range blocks {
		l := langs[b.lang]
		if l == nil {
			continue
		}
		count[b.lang]++
		want, got := chromaTokens(t, l, b.code), ourTokens(t, l, b.code)
		if d := diff(want, got); d != "" {
			t.Errorf("%s block in %s:\n%s\n%s", b.lang, b.from, b.code, d)
			continue
		}
		if w, g := render(t, chroma.Coalesce(l.orig), b.code), render(t, l, b.code); !bytes.Equal(w, g) {
			t.Errorf("%s block in %s: HTML differs:\n%s\n%s", b.lang, b.from, w, g)
		}
	}
	t.Logf("blocks compared: %v", count)
	for lang := range langs {
		if count[lang] == 0 {
			t.Errorf("the corpus has no %s block", lang)
		}
	}
}
