package devserver

import (
	_ "embed"
	"fmt"
	"net/http"
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

// liveReload streams server-sent events: "build" with the current build's
// ID on connect and after every rebuild. It ends when the client leaves or
// the server shuts down.
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
	if !send("retry: 1000\nevent: build\ndata: " + st.id + "\n\n") {
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
			if !send("event: build\ndata: " + st.id + "\n\n") {
				return
			}
		case <-tick.C:
			if !send(": keep-alive\n\n") {
				return
			}
		}
	}
}
