package page

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"

	"errdocs/internal/diag"
)

// addContentSeeds seeds f with every Markdown page of the CMO site.
func addContentSeeds(f *testing.F) {
	root := os.DirFS("../..")
	err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := fs.ReadFile(root, p)
		f.Add(b)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", "---", "---\n", "---\n---\n", "\ufeff---\r\ntitle: x\r\n...\r\nbody", "---\ntitle: [\n---\n", "---\na: &x 1\nb: *x\n---\n"} {
		f.Add([]byte(s))
	}
}

// countLines counts lines as YAML does: "\r" alone ends one too.
func countLines(b []byte) int {
	return bytes.Count(b, []byte("\n")) + bytes.Count(b, []byte("\r")) - bytes.Count(b, []byte("\r\n")) + 1
}

// FuzzSplit: Split never panics, and when it finds front matter, the body
// is the rest of the source and starts on the line it says.
func FuzzSplit(f *testing.F) {
	addContentSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, line, ok := Split(src)
		if !ok || fm == nil {
			return
		}
		s := bytes.TrimPrefix(src, []byte("\ufeff"))
		if !bytes.HasSuffix(s, body) {
			t.Fatalf("body %q is not the end of the source", body)
		}
		head := s[:len(s)-len(body)]
		if got := bytes.Count(head, []byte("\n")) + 1; len(body) > 0 && got != line {
			t.Fatalf("body starts on line %d, Split says %d", got, line)
		}
		if !bytes.Contains(head, fm) {
			t.Fatalf("front matter %q is not in the head %q", fm, head)
		}
	})
}

// FuzzParse: Parse never panics or hangs; it returns a page with a title
// or reports at least one problem, each in the file and within its lines.
func FuzzParse(f *testing.F) {
	addContentSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		var problems diag.List
		p := Parse("content/x.md", src, &problems)
		if p == nil && len(problems) == 0 {
			t.Fatal("no page and no problem")
		}
		if p != nil && (len(problems) > 0 || p.Title == "") {
			t.Fatalf("a page with title %q and problems %v", p.Title, problems)
		}
		lines := countLines(src)
		for _, pr := range problems {
			if pr.File != "content/x.md" || pr.Line < 0 || pr.Line > lines+1 || pr.Msg == "" {
				t.Fatalf("problem %q outside the file's %d lines", pr, lines)
			}
		}
	})
}
