package highlight

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestGoroot compares tokens with chroma's on real code that every Go
// installation has: Go files of a few standard packages (raw strings,
// templates, generics, runes, comments), the toolchain's shell scripts,
// and its JSON test data. Files over 64 KiB (the build's largest code
// block) are left out.
func TestGoroot(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	root := filepath.Join(runtime.GOROOT(), "src")
	if _, err := os.Stat(root); err != nil {
		t.Skip("no GOROOT/src:", err)
	}
	var files []string
	for _, dir := range []string{"fmt", "strings", "text/template", "go/scanner", "go/printer", "encoding/json", "slices", "iter"} {
		gos, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		files = append(files, gos...)
	}
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".bash") || strings.HasSuffix(path, ".sh") || strings.HasSuffix(path, ".json")) {
			files = append(files, path)
		}
		return nil
	})
	count := map[string]int{}
	for _, f := range files {
		lang := map[string]string{".go": "go", ".bash": "bash", ".sh": "bash", ".json": "json"}[filepath.Ext(f)]
		b, err := os.ReadFile(f)
		if err != nil || len(b) > 64<<10 {
			continue
		}
		count[lang]++
		l := langs[lang]
		if d := diff(chromaTokens(t, l, string(b)), ourTokens(t, l, string(b))); d != "" {
			t.Errorf("%s:\n%s", f, d)
		}
	}
	t.Logf("files compared: %v", count)
}
