package highlight

import (
	"github.com/alecthomas/chroma/v2"
	"strings"
	"testing"
)

// sample is a hand-written tricky input. known, if set, says why the
// hand-written lexer's tokens differ from chroma's for it (and the test
// then requires that they do differ, so the note stays true).
type sample struct {
	lang, name, code, known string
}

var samples = []sample{
	// JSON
	{lang: "json", name: "nested", code: `{"a": {"b": [1, 2.5, -3e10, {"c": null}], "d": [[], {}]}, "e": true}`},
	{lang: "json", name: "pretty", code: "{\n  \"type\": \"https://x/\",\n  \"status\": 400,\n  \"errors\": [\n    {\"field\": \"iccid\", \"ok\": false}\n  ]\n}\n"},
	{lang: "json", name: "unicode", code: `{"名前": "値 – ✓", "emoji": "😀", "esc": "\u00e9\n\t\"q\"\\"}`},
	{lang: "json", name: "escaped quote at end", code: `{"a": "x\\", "b": "y\"z"}`},
	{lang: "json", name: "unterminated string", code: "{\"a\": \"open\n}\n"},
	{lang: "json", name: "unterminated, later quote", code: "{\"a\": \"x\\\"y, \"b\": 1\n"},
	{lang: "json", name: "unterminated key", code: `{"a`},
	{lang: "json", name: "numbers", code: `[0, -0, 01, 1.5, 1.5e3, 1e-3, 1E+3, 1., .5, -.5, 1.e5, 0x10, 1_0, ٣]`},
	{lang: "json", name: "keywords", code: `[true, false, null, truex, nullé, True, null_]`},
	{lang: "json", name: "comments", code: "{\n  // a comment\n  \"a\": 1, // trailing\n  \"b\": [1, // in array\n 2]\n} // at end"},
	{lang: "json", name: "errors", code: `{"a" 1 : x, 'b': 2, "c":: ,, }} ]`},
	{lang: "json", name: "top-level scalars", code: "\"s\" 1 true\n[1]\n{}"},
	{lang: "json", name: "unicode spaces", code: "{\u00a0\"a\":\u2003[1,\u30002]}\u0085"},
	{lang: "json", name: "crlf", code: "{\r\n  \"a\": 1\r\n}\r\n"},
	{lang: "json", name: "empty", code: ""},
	{lang: "json", name: "jsonl", code: "{\"a\":1}\n{\"a\":2}\n"},

	// Go
	{lang: "go", name: "program", code: "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(\"hi\", os.Args[1:])\n}\n"},
	{lang: "go", name: "raw strings", code: "var q = `SELECT *\nFROM t WHERE a = \"x\"`\nvar e = ``\n"},
	{lang: "go", name: "raw string template", code: "t := template.Must(template.New(\"x\").Parse(`Hello {{.Name}}! {{range $i, $v := .Items}}{{$i}}: {{printf \"%q\" $v | html}}{{end}} {{- /* c */ -}} {{if not (eq .A 1)}}x{{else}}y{{end}} { } {{- 3.5 -2 0x1F 'a' `))\n"},
	{lang: "go", name: "template oddities", code: "x := `{{ } ] @ :x -}} {{/* unterminated` + `{{(1 2)}} {{ $ $.A .5i -.5 0b1_0 08 \ufeff }}`"},
	{lang: "go", name: "runes", code: `r := []rune{'a', '\n', '\'', '\\', '\x41', '\101', '\u00e9', '\U0001F600', 'é', '', '\q', '\1234', 'ab'}`},
	{lang: "go", name: "strings", code: `s := "a\"b\\" + "tab\t" + "unterminated` + "\nx := 1\n"},
	{lang: "go", name: "unterminated string, no quote after", code: "s := \"abc\nnext()\n"},
	{lang: "go", name: "comments", code: "// Package x does y.\n//go:generate stringer\n//nolint\n/* block\n * comment */ x /* unterminated\n"},
	{lang: "go", name: "generics", code: "func Map[T, U any](s []T, f func(T) U) []U {\n\tr := make([]U, 0, len(s))\n\tfor _, v := range s {\n\t\tr = append(r, f(v))\n\t}\n\treturn r\n}\ntype Set[K comparable] map[K]struct{}\nfunc (s Set[K]) Has(k K) bool { _, ok := s[k]; return ok }\n"},
	{lang: "go", name: "numbers", code: "x := []any{0, 7, 0755, 089, 0x1F, 0XaB_c, 0b1010, 0B1, 0o17, 1_000, 3.14, 1., .5, 1e9, 1E-9, 1.5e+3, 2i, 1.5i, .5i, 1e+3i, 1e3i, 1.e5, ٣}"},
	{lang: "go", name: "operators", code: "a <<= 1; b >>= 2; c &^= d; e := f &^ g; h <- ch; i++; j--; k != l && m || !n; o ... p; q ^= r; s |= t; u %= v; w ~ x; y := <-z\n"},
	{lang: "go", name: "builtins and calls", code: "n := len(s); m := len (s); b := string(x); c := string (x); var y string; z := any(1); f := foo\n(1); g := Bar(); h := _(); new(T); iota\n"},
	{lang: "go", name: "unicode identifiers", code: "π := 3.14\nçava := \"ok\"\nfunc ƒ() {}\nx := café(1)\nvar ⅷ int\n"},
	{lang: "go", name: "keyword prefixes", code: "packages importer variable function gopher elsewhere ifx nil_ true1 iotas\n"},
	{lang: "go", name: "errors", code: "x := @y # $ ? \\ 'unterminated\n`no close\n"},
	{lang: "go", name: "struct tags", code: "type T struct {\n\tID string `json:\"id\" yaml:\"id,omitempty\"`\n}\n"},
	{lang: "go", name: "crlf", code: "x := 1\r\ny := 2\r\n"},

	// bash
	{lang: "bash", name: "curl", code: "curl -sS -X POST \"https://api.example.com/v5/x?a=1&b=2\" \\\n  -H \"Authorization: Bearer $TOKEN\" \\\n  -H \"X-Request-Id: $(uuidgen)\"\n"},
	{lang: "bash", name: "shebang and comments", code: "#!/usr/bin/env bash\n# comment\necho hi # trailing\nx=1#notcomment\n"},
	{lang: "bash", name: "quoting", code: "echo 'single $x' \"double $x ${y} $(z) \\\" \\$\" $'ansi\\n\\'' $\"locale\" 'unterminated\n"},
	{lang: "bash", name: "variables", code: "echo $1 $# $$ $? $! $_ $* $@ $- ${#arr[@]} ${x:-default} ${x:=d} ${x/a/b} ${x:0:2} ${x%.*} $ $10\n"},
	{lang: "bash", name: "command substitution", code: "a=$(ls -l | grep \"$(whoami)\")\nb=`date +%s`\nc=$((1 + 2 * 3)) d=$((16#ff)) e=$((2#101 + 3# ))\n"},
	{lang: "bash", name: "heredoc", code: "cat <<EOF\nhello $name\nEOF\ncat <<-'END'\n\tliteral $x\nEND\ncat <<< \"here string\"\n"},
	{lang: "bash", name: "heredoc unterminated", code: "cat <<EOF\nno end\n"},
	{lang: "bash", name: "heredoc shorter delimiter", code: "cat <<EOFX\nabc EO def\n"},
	{lang: "bash", name: "pipes and lists", code: "a && b || c; d | e & f;; g |& h > out 2>&1 < in\n"},
	{lang: "bash", name: "control flow", code: "if [ -f \"$f\" ]; then\n  echo yes\nelif [[ $x == y ]]; then\n  :\nelse\n  exit 1\nfi\nfor i in 1 2 3; do echo $i; done\nwhile true; do break; done\ncase $x in a) echo a;; *) echo b;; esac\nfunction f() { local v=1; return 0; }\n"},
	{lang: "bash", name: "builtins", code: "export FOO=bar\ncd /tmp\nread -r line\nprintf '%s\\n' x\nset -euo pipefail\ntest -n x\n(echo a)\n`pwd`\ntypeset x\ntimes\ntime ls\necho\n"},
	{lang: "bash", name: "assignments", code: "A=1 B+=2 C = 3 arr=(a b c) arr[1]=x d=\n"},
	{lang: "bash", name: "escapes", code: "echo \\$HOME \\\\ \\\n next\necho a\\"},
	{lang: "bash", name: "numbers", code: "sleep 5\nhead -n 10 file\nexit 3\nx 42x 7\n"},
	{lang: "bash", name: "unicode", code: "echo \"héllo ✓\" 'ünï' naïve=1 ٣ \n"},
	{lang: "bash", name: "nested quoting", code: "echo \"$(echo \"inner $(date)\")\" \"${a:-\"b\"}\" `echo \\`x\\``\n"},
	{lang: "bash", name: "unclosed", code: "echo \"$(foo\n${bar\n$((1+\n`baz\n"},
	{lang: "bash", name: "crlf", code: "echo a\r\necho b\r\n"},
}

// Long runs of one token type, which chroma.Coalesce stops merging at 8 KiB.
func init() {
	samples = append(samples,
		sample{lang: "json", name: "long error run", code: "[" + strings.Repeat("x", 9000) + "]"},
		sample{lang: "json", name: "long string", code: `{"a": "` + strings.Repeat("é", 5000) + `"}`},
		sample{lang: "go", name: "many newlines", code: "x" + strings.Repeat("\n", 9000) + "y"},
		sample{lang: "go", name: "long raw string", code: "`" + strings.Repeat("a{b", 3000) + "`"},
		sample{lang: "json", name: "slashes, no newline", code: "[1, //" + strings.Repeat("/", 1000) + "]"},
		sample{lang: "json", name: "comment before last newline", code: "[1, // a\n// b\n2 // c"},
		sample{lang: "go", name: "unclosed block comments", code: strings.Repeat("/* x ", 300) + "*"},
		sample{lang: "go", name: "block comment after unclosed", code: "a /* b */ c /* d"},
		sample{lang: "json", name: "regexp timeout", code: `["a\"` + strings.Repeat(`\\`, 40) + "]",
			known: "chroma's string regexp backtracks exponentially over the backslashes " +
				"(an unterminated string with a quote before them) and gives up after its 250 ms " +
				"match timeout, so chroma marks it all Error; here it is the string the regexp " +
				"defines, up to the last quote. Chroma's result depends on the machine's speed " +
				"(it already times out at about 28 backslashes)"},
		sample{lang: "bash", name: "many comment lines", code: strings.Repeat("# comment\n", 1000)},
		sample{lang: "bash", name: "long text run", code: strings.Repeat("word ", 3000)},
	)
}

// TestSamples compares each sample's tokens with chroma's.
func TestSamples(t *testing.T) {
	for _, s := range samples {
		t.Run(s.lang+"/"+s.name, func(t *testing.T) {
			l := langs[s.lang]
			want, got := chromaTokens(t, l, s.code), ourTokens(t, l, s.code)
			d := diff(want, got)
			switch {
			case s.known == "" && d != "":
				t.Errorf("%q\n%s", s.code, d)
			case s.known != "" && d == "":
				t.Errorf("documented difference (%s) is gone: update the table", s.known)
			case s.known != "":
				t.Logf("known difference: %s\n%s", s.known, d)
			}
			if joined := join(got); joined != Normalise(s.code) {
				t.Errorf("tokens do not add up to the input:\n got %q\nwant %q", joined, s.code)
			}
		})
	}
}

func join(ts []chroma.Token) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.Value)
	}
	return b.String()
}
