package catalog

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"errdocs/internal/diag"
	"errdocs/internal/schema"
)

// dataFiles are the files a fuzz input may stand for, by its first byte.
var dataFiles = []string{"data/errors/401.yaml", "data/platforms.yaml", "data/remedies.yaml", "data/causes.yaml", "data/glossary.yaml"}

// FuzzLoad decodes arbitrary bytes as each kind of data file, validating
// against the repository's schemas: Load never panics or hangs, and every
// problem lies in the file and within its lines.
func FuzzLoad(f *testing.F) {
	root := os.DirFS("../..")
	err := fs.WalkDir(root, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		b, err := fs.ReadFile(root, p)
		for i, df := range dataFiles {
			if df == p || strings.HasPrefix(p, "data/errors/") && i == 0 {
				f.Add(uint8(i), b)
			}
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(1), []byte("- &a {id: x, name: y}\n- *a\n"))
	f.Add(uint8(0), []byte("id: \"401\"\n---\nid: 2\n"))
	var sp diag.List
	schemas := schema.Load(root, &sp)
	if len(sp) > 0 || !schemas.Has("error.schema.json") {
		f.Fatalf("repository schemas: %v", sp)
	}
	f.Fuzz(func(t *testing.T, kind uint8, src []byte) {
		file := dataFiles[int(kind)%len(dataFiles)]
		fsys := fstest.MapFS{file: &fstest.MapFile{Data: src}}
		var problems diag.List
		c := LoadWith(fsys, Config{Schemas: schemas}, &problems)
		if c == nil {
			t.Fatal("nil catalog")
		}
		// Lines as YAML counts them: "\r" alone ends one too.
		lines := bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) - bytes.Count(src, []byte("\r\n")) + 1
		for _, p := range problems {
			if p.File != file || p.Line < 0 || p.Line > lines+1 || p.Col < 0 || p.Msg == "" {
				t.Fatalf("problem %q outside %s (%d lines)", p, file, lines)
			}
		}
	})
}
