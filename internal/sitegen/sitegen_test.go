package sitegen

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"errdocs/internal/diag"
)

// repoTheme is the default theme: the repository's own templates/ and
// static/, which main embeds.
var repoTheme = os.DirFS("../..")

// TestSites builds each site in testdata/sites/*.txt and checks its output.
//
// A test file is a txtar archive. Files under content/, data/, templates/
// and static/ are the site. The other sections say what to expect:
//
//	-- contains errors/401/index.html --   each line must occur in the file;
//	                                       a line starting with "!" must not
//	-- files --                            every output path, one per line
//	                                       (fingerprints written as .HASH.)
//	-- problems --                         the build fails with exactly these
//	                                       problem lines
//	-- flags --                            "drafts" builds drafts too
func TestSites(t *testing.T) {
	files, _ := filepath.Glob("testdata/sites/*.txt")
	if len(files) == 0 {
		t.Fatal("no test sites")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			runSite(t, ar)
		})
	}
}

// fingerprintRE matches the content hash in an asset name, site.<hash>.css.
var fingerprintRE = regexp.MustCompile(`\.[0-9a-f]{10}\.`)

func runSite(t *testing.T, ar *txtar.Archive) {
	src := fstest.MapFS{}
	var checks []txtar.File
	var wantProblems, wantFiles *string
	cfg := Config{Theme: repoTheme, BaseURL: "https://docs.example.com/"}
	for _, f := range ar.Files {
		data := string(f.Data)
		switch {
		case f.Name == "problems":
			wantProblems = &data
		case f.Name == "files":
			wantFiles = &data
		case f.Name == "flags":
			cfg.Drafts = strings.Contains(data, "drafts")
		case strings.HasPrefix(f.Name, "contains "):
			checks = append(checks, f)
		default:
			src[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	cfg.Src = src
	res, err := Build(cfg)
	if wantProblems != nil {
		var list diag.List
		if !errors.As(err, &list) {
			t.Fatalf("Build error = %v, want these problems:\n%s", err, *wantProblems)
		}
		if got := list.Error() + "\n"; got != *wantProblems {
			t.Errorf("problems:\n%s\nwant:\n%s", got, *wantProblems)
		}
		return
	}
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if wantFiles != nil {
		// Sorted once the hashes are out: their order is the hashes'.
		paths := res.Tree.Paths()
		for i, p := range paths {
			paths[i] = fingerprintRE.ReplaceAllString(p, ".HASH.")
		}
		slices.Sort(paths)
		got := strings.Join(paths, "\n") + "\n"
		if got != *wantFiles {
			t.Errorf("output files:\n%s\nwant:\n%s", got, *wantFiles)
		}
	}
	for _, c := range checks {
		path := strings.TrimPrefix(c.Name, "contains ")
		out, ok := res.Tree.Get(path)
		if !ok {
			t.Errorf("no output file %s", path)
			continue
		}
		for _, line := range strings.Split(strings.TrimRight(string(c.Data), "\n"), "\n") {
			if line == "" {
				continue
			}
			if neg, ok := strings.CutPrefix(line, "!"); ok {
				if bytes.Contains(out, []byte(neg)) {
					t.Errorf("%s contains %q, want it absent", path, neg)
				}
			} else if !bytes.Contains(out, []byte(line)) {
				t.Errorf("%s does not contain %q", path, line)
			}
		}
	}
}
