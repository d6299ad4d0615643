package sitegen_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"errdocs/internal/sitegen"
)

// TestRetireKeepsLock retires each error of the CMO site in turn, with
// the Errors page in either form: the site's anchors.lock passes every
// time, since a retired error keeps every URL and anchor it published.
// Leaving out the retired errors' rows on /errors/ fails the lock check:
// the test can fail.
func TestRetireKeepsLock(t *testing.T) {
	theme := checksTheme(t)
	ids := []string{"200-empty-response", "400", "401", "403", "404", "429", "500"}
	for _, form := range []string{"full", "compact"} {
		for i, id := range ids {
			t.Run(form+"/"+id, func(t *testing.T) {
				src := repoSite(t)
				if form == "compact" {
					index := src["content/errors/_index.md"]
					index.Data = []byte(strings.Replace(string(index.Data), "layout: errors\n", "layout: errors\nentries: compact\n", 1))
				}
				file := "data/errors/" + id + ".yaml"
				src[file] = &fstest.MapFile{Data: append(append([]byte(nil), src[file].Data...),
					"retired:\n  since: \"6.0\"\n  note: Gone.\n  replaced_by: \""+ids[(i+1)%len(ids)]+"\"\n"...)}
				res, err := sitegen.Build(sitegen.Config{Src: src, Theme: theme})
				if err != nil {
					t.Fatalf("retiring %s:\n%s", id, problemsOf(t, err))
				}
				if page, _ := res.Tree.Get("errors/" + id + "/index.html"); !strings.Contains(string(page), `<details class="retired-entry">`) {
					t.Errorf("/errors/%s/ is no tombstone", id)
				}
				// Without its row among the retired errors, its anchors on
				// /errors/ are gone, and the lock says so.
				errorsHTML, err := fs.ReadFile(theme, "templates/errors.html")
				if err != nil {
					t.Fatal(err)
				}
				src["templates/errors.html"] = &fstest.MapFile{Data: append(errorsHTML, `{{define "retired-errors"}}<!-- none -->{{end}}`...)}
				_, err = sitegen.Build(sitegen.Config{Src: src, Theme: theme})
				if want := "anchors.lock:"; !strings.Contains(problemsOf(t, err), want) || !strings.Contains(problemsOf(t, err), "/errors/#"+id+" is published but gone") {
					t.Errorf("without the retired errors' rows, the build reports\n%s\nwant /errors/#%s gone from the page", problemsOf(t, err), id)
				}
			})
		}
	}
}
