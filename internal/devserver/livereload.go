package devserver

import (
	_ "embed"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

var (
	//go:embed assets/livereload.js
	reloadJS []byte
	//go:embed assets/overlay.css
	overlayCSS []byte
)

// keepAlive is how often an idle live reload stream sends a comment, so
// that proxies and the browser keep it open.
const keepAlive = 20 * time.Second

// liveReload streams server-sent events: "build" with an ID on connect and
// whenever it changes. With ?page=PATH (the page's own path, as the script
// sends it) the ID is that page's (see pageID), which changes only when a
// rebuild changes the page, so other open pages do not reload; without, it
// is the current build's, which every rebuild changes. It ends when the
// client leaves or the server shuts down.
func (s *Server) liveReload(w http.ResponseWriter, r *http.Request) {
	if !s.originAllowed(r) {
		http.Error(w, "live reload is for pages of this server only", http.StatusForbidden)
		return
	}
	if s.streams.Add(1) > maxStreams {
		s.streams.Add(-1)
		http.Error(w, "too many live reload connections", http.StatusServiceUnavailable)
		return
	}
	defer s.streams.Add(-1)
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	rc := http.NewResponseController(w)
	st := s.cur.Load()
	send := func(msg string) bool {
		if _, err := fmt.Fprint(w, msg); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	page, perPage := r.URL.Query()["page"]
	idOf := func(st *state) string {
		if !perPage || len(page) != 1 {
			return st.id
		}
		p := page[0]
		if u, err := url.PathUnescape(p); err == nil {
			p = u // as location.pathname has it: percent-encoded
		}
		file, found := st.pageFile(p)
		return s.pageID(st, file, !found)
	}
	last := idOf(st)
	if !send("retry: 1000\nevent: build\ndata: " + last + "\n\n") {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-st.next:
			st = s.cur.Load()
			if id := idOf(st); id != last {
				last = id
				if !send("event: build\ndata: " + id + "\n\n") {
					return
				}
			}
		case <-tick.C:
			if !send(": keep-alive\n\n") {
				return
			}
		}
	}
}
