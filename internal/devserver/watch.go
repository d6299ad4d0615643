package devserver

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"errdocs/internal/anchorlock"
)

// watched are the folders and files of a site root whose changes trigger
// a rebuild: the input folders, and anchors.lock, which every build checks
// the site against (errdocs lock rewrites it).
var watched = []string{"content", "data", "templates", "static", anchorlock.File}

// maxWait bounds how long a stream of changes can put a rebuild off.
const maxWait = 500 * time.Millisecond

// watcher watches the input folders of a site root recursively, new
// folders included, and calls rebuild with the paths that changed once a
// burst of changes has been quiet for the debounce time.
type watcher struct {
	root     string
	w        *fsnotify.Watcher
	debounce time.Duration
	rebuild  func(changed []string)
	logf     func(format string, args ...any)
}

func newWatcher(root string, debounce time.Duration, rebuild func([]string), logf func(string, ...any)) (*watcher, error) {
	if debounce <= 0 {
		debounce = 50 * time.Millisecond
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, w: fw, debounce: debounce, rebuild: rebuild, logf: logf}
	// The root itself, to see an input folder appear.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range watched {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

// addTree watches dir and every folder below it, skipping dot folders.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				w.logf("watch: %v", err)
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.w.Add(p); err != nil {
			w.logf("watch %s: %v", p, err)
		}
		return nil
	})
}

// forget stops watching a folder that was moved or removed, and the
// folders below it. A moved folder keeps its watches under its old name,
// so that events in it would name files that are not there; its new name
// is watched afresh when its Create event comes.
func (w *watcher) forget(dir string) {
	for _, p := range w.w.WatchList() {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			w.w.Remove(p)
		}
	}
}

// rel returns the slash path of an event below the root, and whether it is
// in a watched folder and not an editor's scratch file.
func (w *watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	if !slices.Contains(watched, top) {
		return "", false
	}
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || base == "4913" ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") {
		return "", false
	}
	return r, true
}

// run handles events until done is closed, then closes the watcher.
func (w *watcher) run(done <-chan struct{}) {
	defer w.w.Close()
	pending := map[string]bool{}
	all := false // an event was lost: rebuild everything
	var timer *time.Timer
	var fire <-chan time.Time
	var first time.Time
	schedule := func() {
		now := time.Now()
		if timer == nil {
			first = now
			timer = time.NewTimer(w.debounce)
			fire = timer.C
			return
		}
		timer.Reset(min(w.debounce, max(0, maxWait-now.Sub(first))))
	}
	for {
		select {
		case <-done:
			if timer != nil {
				timer.Stop()
			}
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				w.forget(ev.Name)
			}
			r, ok := w.rel(ev.Name)
			if !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					// Files made before the watch began are in the
					// folder's rebuild, which rescans it.
					w.addTree(ev.Name)
				}
			}
			pending[r] = true
			schedule()
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			w.logf("watch: %v", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				all = true
				schedule()
			}
		case <-fire:
			timer, fire = nil, nil
			var changed []string
			if !all {
				changed = make([]string, 0, len(pending))
				for p := range pending {
					changed = append(changed, p)
				}
				slices.Sort(changed)
			}
			clear(pending)
			all = false
			w.rebuild(changed)
		}
	}
}
