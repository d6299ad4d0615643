package yamlx_test

import (
	"bytes"
	"errdocs/internal/fuzzgen"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"errdocs/internal/diag"
	"errdocs/internal/page"
	"errdocs/internal/yamlx"
)

// slowTop parses src with yaml.v3 as ParseFile's slow path does, and
// returns the top node if src is one document without error, anchor or
// alias and is not empty: what the fast path may take.
func slowTop(src []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, fmt.Errorf("a second document (%v)", err)
	}
	if len(doc.Content) != 1 {
		return nil, errors.New("an empty document")
	}
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		if n.Anchor != "" || n.Kind == yaml.AliasNode || n.Alias != nil {
			return errors.New("an anchor or alias")
		}
		for _, c := range n.Content {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(doc.Content[0]); err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

// checkFast checks the contract of the fast path of ParseFile on src:
// when it takes src, yaml.v3 reads src as one document and gives the same
// tree. It reports whether it took src.
func checkFast(t testing.TB, src []byte) bool {
	t.Helper()
	got, ok := yamlx.ParseFast(src)
	if !ok {
		return false
	}
	want, err := slowTop(src)
	if err != nil {
		t.Fatalf("the fast path took %q, which yaml.v3 refuses: %v", src, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the fast path and yaml.v3 differ\ninput: %q\nfast:\n%s\nyaml.v3:\n%s", src, dump(got), dump(want))
	}
	return true
}

// dump writes out every field of a tree, one node a line.
func dump(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, ind string)
	walk = func(n *yaml.Node, ind string) {
		fmt.Fprintf(&b, "%skind=%d style=%d tag=%q value=%q anchor=%q alias=%v %d:%d head=%q line=%q foot=%q content=%v\n",
			ind, n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Alias != nil, n.Line, n.Column,
			n.HeadComment, n.LineComment, n.FootComment, n.Content != nil)
		for _, c := range n.Content {
			walk(c, ind+"  ")
		}
	}
	walk(n, "")
	return b.String()
}

// render writes a tree compactly: kind or tag, style, value, position
// and head comment, for the rules below.
func render(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			b.WriteString("map")
		case yaml.SequenceNode:
			b.WriteString("seq")
		default:
			b.WriteString(strings.TrimPrefix(n.Tag, "!!"))
		}
		switch n.Style {
		case 0:
		case yaml.DoubleQuotedStyle:
			b.WriteString("/dq")
		case yaml.LiteralStyle:
			b.WriteString("/lit")
		case yaml.FlowStyle:
			b.WriteString("/flow")
		default:
			fmt.Fprintf(&b, "/%d", n.Style)
		}
		if n.Kind == yaml.ScalarNode {
			fmt.Fprintf(&b, " %q", n.Value)
		}
		fmt.Fprintf(&b, "@%d:%d", n.Line, n.Column)
		if n.HeadComment != "" {
			fmt.Fprintf(&b, " head=%q", n.HeadComment)
		}
		if n.Content != nil {
			b.WriteString(" (")
			for i, c := range n.Content {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(c)
			}
			b.WriteString(")")
		}
	}
	walk(n)
	return b.String()
}

// TestParseFastRules writes out the part of YAML the fast path handles,
// each case checked against yaml.v3 too, and cases it must leave to
// yaml.v3.
func TestParseFastRules(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"front matter", "title: Authentication 2\nweight: 180\ndescription: Guides about authentication 2.\n",
			`map@1:1 (str "title"@1:1, str "Authentication 2"@1:8, str "weight"@2:1, int "180"@2:9, str "description"@3:1, str "Guides about authentication 2."@3:14)`},
		{"quoted, flow and literal", "id: \"401\"\nrelated: [\"403\", \"500\"]\nexample:\n  body: |\n    {\n      \"a\": 1\n    }\n",
			`map@1:1 (str "id"@1:1, str/dq "401"@1:5, str "related"@2:1, seq/flow@2:10 (str/dq "403"@2:11, str/dq "500"@2:18), str "example"@3:1, map@4:3 (str "body"@4:3, str/lit "{\n  \"a\": 1\n}\n"@4:9))`},
		{"sequence of mappings", "- id: a\n  title: A\n-   id: b\n    text: \"x’s `y`\"\n",
			`seq@1:1 (map@1:3 (str "id"@1:3, str "a"@1:7, str "title"@2:3, str "A"@2:10), map@3:5 (str "id"@3:5, str "b"@3:9, str "text"@4:5, str/dq "x’s ` + "`y`" + `"@4:11))`},
		{"nested sequence", "remedies:\n  - a\n  - text: b\n    more: [c]\nk: 1\n",
			`map@1:1 (str "remedies"@1:1, seq@2:3 (str "a"@2:5, map@3:5 (str "text"@3:5, str "b"@3:11, str "more"@4:5, seq/flow@4:11 (str "c"@4:12))), str "k"@5:1, int "1"@5:4)`},
		{"head comment on the first key", "# a\n# b\nid: x\n",
			`map@3:1 (str "id"@3:1 head="# a\n# b", str "x"@3:5)`},
		{"a comment before an empty line is the document's", "# a\n\n#b\n\nid: x\n",
			`map@5:1 (str "id"@5:1, str "x"@5:5)`},
		{"only the comments right before", "\n# a\n\n# b\n#\nid: x\n",
			`map@6:1 (str "id"@6:1 head="# b\n#", str "x"@6:5)`},
		{"head comment on the first item", "# a\n- id: x\n- b\n",
			`seq@2:1 (map@2:3 head="# a" (str "id"@2:3, str "x"@2:7), str "b"@3:3)`},
		{"literal: empty lines kept inside, dropped at the end", "a: |\n  x\n\n    y\n\n\nb: 1\n",
			`map@1:1 (str "a"@1:1, str/lit "x\n\n  y\n"@1:4, str "b"@7:1, int "1"@7:4)`},
		{"literal item", "- |\n x\n- |\n   y\n",
			`seq@1:1 (str/lit "x\n"@1:3, str/lit "y\n"@3:3)`},
		{"literal at the end", "a:\n  b: |\n     x\n",
			`map@1:1 (str "a"@1:1, map@2:3 (str "b"@2:3, str/lit "x\n"@2:6))`},
		{"columns count characters", "k: [\"é’\", \"b\", c]\n",
			`map@1:1 (str "k"@1:1, seq/flow@1:4 (str/dq "é’"@1:5, str/dq "b"@1:11, str "c"@1:16))`},
		{"flow plain items", "aliases: [/old/url/, a b, 1, true, x.y_z-1]\nb: []\n",
			`map@1:1 (str "aliases"@1:1, seq/flow@1:10 (str "/old/url/"@1:11, str "a b"@1:22, int "1"@1:27, bool "true"@1:30, str "x.y_z-1"@1:36), str "b"@2:1, seq/flow@2:4)`},
		{"true, false and null", "true: True\nFALSE: null\nn: NULL\nt: tRUE\ny: yes\no: off\nv: Nope\n",
			`map@1:1 (bool "true"@1:1, bool "True"@1:7, bool "FALSE"@2:1, null "null"@2:8, str "n"@3:1, null "NULL"@3:4, str "t"@4:1, str "tRUE"@4:4, str "y"@5:1, str "yes"@5:4, str "o"@6:1, str "off"@6:4, str "v"@7:1, str "Nope"@7:4)`},
		{"integers", "a: 0\nb: -5\nc: 123456789012345678\nd: -123456789012345678\n",
			`map@1:1 (str "a"@1:1, int "0"@1:4, str "b"@2:1, int "-5"@2:4, str "c"@3:1, int "123456789012345678"@3:4, str "d"@4:1, int "-123456789012345678"@4:4)`},
		{"duplicate keys are kept", "a: 1\na: 2\n",
			`map@1:1 (str "a"@1:1, int "1"@1:4, str "a"@2:1, int "2"@2:4)`},
		{"plain scalars", "a: b#c d:e [f] {g}, h  i\nb: /x/ ’ -- &a *b !c |d >e 'f' \"g\" `h` @i %j ? k\n",
			`map@1:1 (str "a"@1:1, str "b#c d:e [f] {g}, h  i"@1:4, str "b"@2:1, str "/x/ ’ -- &a *b !c |d >e 'f' \"g\" ` + "`h`" + ` @i %j ? k"@2:4)`},
		{"quoted", "a: \"  # b: c ' [d] \u00a0😀 \"\n",
			`map@1:1 (str "a"@1:1, str/dq "  # b: c ' [d] \u00a0😀 "@1:4)`},
		{"spaces after the colon", "a:   b\n",
			`map@1:1 (str "a"@1:1, str "b"@1:6)`},
		{"indented top", "  a: 1\n  b:\n   - x\n",
			`map@1:3 (str "a"@1:3, int "1"@1:6, str "b"@2:3, seq@3:4 (str "x"@3:6))`},
		{"deeper mappings", "a:\n b:\n    c: d\n e: f\ng: h\n",
			`map@1:1 (str "a"@1:1, map@2:2 (str "b"@2:2, map@3:5 (str "c"@3:5, str "d"@3:8), str "e"@4:2, str "f"@4:5), str "g"@5:1, str "h"@5:4)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, ok := yamlx.ParseFast([]byte(c.in))
			if !ok {
				t.Fatalf("%q: not on the fast path", c.in)
			}
			if got := render(n); got != c.want {
				t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
			}
			checkFast(t, []byte(c.in))
		})
	}

	// Long values: yaml.v3 gives up on a key of more than 1024
	// characters, but not on a value that long.
	long := strings.Repeat("abc ", 400) + "d"
	for _, in := range []string{
		"a: " + long + "\n",
		"a: \"" + long + "\"\n",
		"- " + long + "\n",
		"a: [" + long + ", \"" + long + "\"]\n",
		"a: |\n  " + long + "\n",
		"- " + strings.Repeat("k", 128) + ": " + long + "\n",
	} {
		if !checkFast(t, []byte(in)) {
			t.Errorf("%.40q...: not on the fast path", in)
		}
	}

	// What the fast path leaves to yaml.v3 (what yaml.v3 does with some of
	// it is in the comment).
	for _, in := range []string{
		"",
		"a: 1",       // no final newline
		"a: 1\r\n",   // CR
		"a:\t1\n",    // tab
		"a: 1 \n",    // trailing space
		"a: 1\n  \n", // a line of spaces
		"\ufeffa: 1\n",
		"a: \u0085\n", // NEL, a line break
		"a: x\u2028y\n",
		"a: \x7f\n",
		"a: \xff\n",
		"# c\n",
		"\n\n",
		"a: 1 # c\n",  // a line comment
		"a: 1\n# c\n", // a foot comment
		"a:\n  # c\n  b: 1\n",
		" # c\na: 1\n",
		"a: &x 1\n",
		"a: *x\n",
		"a: !!str 1\n",
		"? a\n: b\n",
		"%YAML 1.2\n---\na: 1\n",
		"---\na: 1\n",
		"a: 1\n---\nb: 2\n",
		"a: 1\n...\n",
		"a: @x\n",
		"a: `x`\n",
		"a: >\n  x\n",
		"a: |-\n  x\n",
		"a: |+\n  x\n",
		"a: |2\n  x\n",
		"a: | # c\n  x\n",
		"a: |\n\n  x\n", // an empty first line
		"a: |\nb: 1\n",  // empty
		"a: |\n",
		"- a: |\n  x\n", // not indented more than its key: an error
		"a:\n",          // null
		"a:\nb: 1\n",
		"a: b\n  c\n",   // "b c"
		"a: b\n\n  c\n", // "b\nc"
		"- a\n  b\n",
		"a: \"b\n  c\"\n", // "b c"
		"a: \"\\n\"\n",
		"a: \"b\" c\n",
		"a: 'b'\n",
		"a: ~\n",
		"a: 1.5\n",
		"a: 012\n", // octal 10
		"a: 09\n",  // a float
		"a: 0x1F\n",
		"a: 1_000\n",
		"a: -0\n",
		"a: +1\n",
		"a: 1234567890123456789\n",
		"a: 2024-01-02\n", // a timestamp
		"a: .inf\n",
		"<<: x\n",
		"1: x\n",
		"a b: x\n",
		"\"a\": x\n",
		"a: b: c\n", // an error
		"a: b:\n",
		"key:\n- a\n", // a sequence as indented as its key
		"- - a\n",
		"-\n  a\n",
		"- a\nb: c\n",
		"a: 1\n- b\n",
		"x\n",
		"\"x\"\n",
		"[a]\n",
		"a: [a,b]\n",
		"a: [ a ]\n",
		"a: [a ]\n",
		"a: [a, ]\n",
		"a: [a: b]\n",
		"a: [é]\n",
		"a: [a\n]\n",
		"a: [[a]]\n",
		"a: [a] b\n",
		"a: {b: c}\n",
		"a: 1\n  b: 2\n", // an error
		"a:\n  b: 1\n c: 2\n",
		"a:\n  - b\n c: 2\n",
		"a: |\n    x\n  y\n",
		strings.Repeat("k", 129) + ": x\n",
		strings.Repeat("a:\n ", 70) + "b: c\n", // deep
	} {
		if _, ok := yamlx.ParseFast([]byte(in)); ok {
			t.Errorf("%q: on the fast path", in)
		}
	}
}

// repoRoot is the root of the repository, from this package's folder.
const repoRoot = "../.."

// yamlFiles returns the YAML of every data file and front matter of the
// site at root, by path.
func yamlFiles(t testing.TB, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	fsys := os.DirFS(root)
	for _, dir := range []string{"data", "content"} {
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch path.Ext(p) {
			case ".yaml":
				b, err := fs.ReadFile(fsys, p)
				files[p] = b
				return err
			case ".md":
				b, err := fs.ReadFile(fsys, p)
				if fm, _, _, ok := page.Split(b); ok && fm != nil {
					files[p] = fm
				}
				return err
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// TestParseFastSeedFiles: every data file and front matter of the seed
// site takes the fast path, and it gives what yaml.v3 gives, as ParseFile
// does.
func TestParseFastSeedFiles(t *testing.T) {
	files := yamlFiles(t, repoRoot)
	if len(files) < 10 {
		t.Fatalf("the seed site has %d YAML files", len(files))
	}
	for name, src := range files {
		if !checkFast(t, src) {
			t.Errorf("%s: not on the fast path", name)
		}
		var problems diag.List
		d := &yamlx.Decoder{File: name, Problems: &problems}
		got, want := d.ParseFile(src), d.ParseSlow(src)
		if len(problems) > 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ParseFile and its slow path differ (%v)", name, problems)
		}
	}
}

// TestParseFastCorpus checks the fast path on the site at
// $ERRDOCS_BENCH_SITE and reports how many of its files take it.
func TestParseFastCorpus(t *testing.T) {
	dir := os.Getenv("ERRDOCS_BENCH_SITE")
	if dir == "" {
		t.Skip("set ERRDOCS_BENCH_SITE to a site root")
	}
	count := map[string][2]int{} // by kind: taken, left
	for name, src := range yamlFiles(t, dir) {
		kind := "front matter"
		switch {
		case strings.HasPrefix(name, "data/errors/"):
			kind = "error files"
		case strings.HasPrefix(name, "data/"):
			kind = "data files"
		}
		c := count[kind]
		if checkFast(t, src) {
			c[0]++
		} else {
			c[1]++
			t.Logf("%s: not on the fast path", name)
		}
		count[kind] = c
	}
	for kind, c := range count {
		t.Logf("%s: %d on the fast path, %d left to yaml.v3", kind, c[0], c[1])
	}
}

// TestParseFastGenerated runs documents made by genDoc from random bytes
// through checkFast: the fuzz target's check on every go test, and a
// check that genDoc makes documents that the fast path takes often.
func TestParseFastGenerated(t *testing.T) {
	fuzzgen.Generated(t, 4000, 300, 3, genDoc, checkFast)
}

// FuzzParseFast is the differential check of the fast path: whenever it
// takes an input, yaml.v3 reads it as one document and gives the same
// tree. Each input is tried as it is, and as the choices of genDoc, which
// makes documents of the part of YAML our files use, with now and then
// something they do not.
func FuzzParseFast(f *testing.F) {
	for _, src := range yamlFiles(f, repoRoot) {
		f.Add(src)
	}
	fuzzgen.Fuzz(f, 16, genDoc, checkFast)
}

// BenchmarkParseFile compares ParseFile, with its fast path, with yaml.v3
// alone, on the error files and on the front matter of the site at
// $ERRDOCS_BENCH_SITE, or of the seed site when it is not set (there,
// "errors" holds every data file).
func BenchmarkParseFile(b *testing.B) {
	root := os.Getenv("ERRDOCS_BENCH_SITE")
	if root == "" {
		root = repoRoot
	}
	var errorFiles, frontMatter [][]byte
	for name, src := range yamlFiles(b, root) {
		switch {
		case strings.HasPrefix(name, "data/errors/"), root == repoRoot && strings.HasPrefix(name, "data/"):
			errorFiles = append(errorFiles, src)
		case strings.HasPrefix(name, "content/"):
			frontMatter = append(frontMatter, src)
		}
	}
	b.Run("errors", func(b *testing.B) { benchParse(b, errorFiles) })
	b.Run("frontmatter", func(b *testing.B) { benchParse(b, frontMatter) })
}

func benchParse(b *testing.B, files [][]byte) {
	var size int64
	for _, src := range files {
		size += int64(len(src))
	}
	var problems diag.List
	d := &yamlx.Decoder{File: "x.yaml", Problems: &problems}
	for _, c := range []struct {
		name  string
		parse func([]byte) *yaml.Node
	}{{"fast", d.ParseFile}, {"yaml.v3", d.ParseSlow}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, src := range files {
					if c.parse(src) == nil {
						b.Fatalf("%q: %v", src, problems)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/file")
		})
	}
}
