// Package devserver is errdocs serve: it builds a site in memory, serves it
// on a loopback address, rebuilds it when its files change, and tells open
// pages to reload.
//
// # Serving
//
// Responses come only from the in-memory output of the last successful
// build, the same bytes errdocs build writes, so no request can reach a
// file on disk: there is no path traversal, symlink escape or dotfile to
// guard against. A path with a ".." segment is refused; "/dir/" serves
// dir/index.html, "/dir" redirects to "/dir/", an alias listed in
// _redirects redirects to its page, and anything else is the site's
// 404.html with status 404. Every response says Cache-Control: no-store.
//
// Each request reads one published build, which is replaced as a whole, so
// a response is always a whole old or a whole new page. A rebuild
// publishes the pages it renders as soon as they are rendered, before the
// search index and the checks of the whole site are done (see Rebuild).
//
// # Live reload
//
// Every HTML page is served with one script tag added before </body>,
// <script src="/_errdocs/livereload.js" data-build="ID" defer>; it is not
// in the built files. The ID names the build that last changed the page.
// The script listens to the server-sent events at
// /_errdocs/livereload?page=PATH, which sends the page's ID on connect and
// whenever a rebuild changes it; a page whose ID differs reloads, keeping
// its scroll position (sessionStorage). A rebuild reloads only the open
// pages whose bytes it changed, and every page when the overlay comes or
// goes. After a server restart the script reconnects and, the ID being
// new, reloads.
//
// When a rebuild fails, the last good site stays up and every HTML page
// also gets an overlay listing each problem as file:line:col: message,
// styled by /_errdocs/overlay.css. Saving a fix rebuilds and reloads the
// pages, without the overlay.
//
// # Safety
//
// The server binds 127.0.0.1 unless told otherwise. It answers only
// requests whose Host header names the bound address, localhost or a
// loopback address with the right port (403 otherwise), so a web page on
// another site cannot reach it through DNS rebinding, and it refuses live
// reload connections from another origin. Request headers must arrive
// within ReadHeaderTimeout. Cancelling the context of Run closes every
// connection, live reload streams included, and stops the watcher.
package devserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/search"
	"errdocs/internal/sitegen"
)

// Config configures a dev server.
type Config struct {
	// Dir is the site root on disk: it is watched, and read through
	// Site.Src (os.DirFS(Dir) when nil).
	Dir  string
	Site sitegen.Config
	// Bind is the address to listen on; default 127.0.0.1.
	Bind string
	// Port to listen on; 0 picks a free one.
	Port int
	// Debounce is how long the watcher waits for a burst of changes to
	// end before it rebuilds; default 50ms.
	Debounce time.Duration
	// Log receives one line per build; nil discards them.
	Log io.Writer
	// Ready, when not nil, is called with the server's URL
	// ("http://127.0.0.1:1313/") once it accepts connections.
	Ready func(url string)
}

// ReadHeaderTimeout bounds how long a client may take to send its request
// headers.
const ReadHeaderTimeout = 5 * time.Second

// maxStreams bounds the live reload connections open at once.
const maxStreams = 1024

// Run builds the site, serves it and rebuilds it on every change until ctx
// is cancelled; then it closes every connection and returns nil. A failed
// first build is served as an empty site that shows the problems.
func Run(ctx context.Context, cfg Config) error {
	s, ln, w, err := start(cfg)
	if err != nil {
		return err
	}
	return s.serve(ctx, ln, w)
}

// start listens, starts watching and does the first build.
func start(cfg Config) (*Server, net.Listener, *watcher, error) {
	if cfg.Bind == "" {
		cfg.Bind = "127.0.0.1"
	}
	if cfg.Site.Src == nil {
		cfg.Site.Src = os.DirFS(cfg.Dir)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.Bind, strconv.Itoa(cfg.Port)))
	if err != nil {
		return nil, nil, nil, err
	}
	s := New(cfg, ln.Addr().(*net.TCPAddr).Port)
	// Watch first: a change made during the first build is seen after it.
	w, err := newWatcher(cfg.Dir, cfg.Debounce, s.Rebuild, s.logf)
	if err != nil {
		ln.Close()
		return nil, nil, nil, err
	}
	s.Rebuild(nil)
	return s, ln, w, nil
}

// Server serves the last good build of a site; it is an http.Handler.
type Server struct {
	cfg     Config
	port    string
	builder *sitegen.Builder
	nonce   string // tells builds of this process from those of another
	gen     atomic.Uint64
	cur     atomic.Pointer[state]
	streams atomic.Int64
	// Rebuild calls started and done
	rebuilds, rebuilt atomic.Int64
	logMu             sync.Mutex

	pubMu     sync.Mutex
	good      bool         // a build succeeded
	goodTree  *output.Tree // the output of the last good build
	failTimer *time.Timer  // publishes a failed build, unless another follows
}

// state is one published build: the site and the problems of the last
// attempt, if it failed.
type state struct {
	id       string // the build's: nonce-gen
	gen      uint64
	tree     *output.Tree
	problems diag.List
	// base and changed give the build each HTML page last changed in,
	// which its live reload ID names (see pageID): base, or a later
	// build in changed.
	base    uint64
	changed map[string]uint64 // file ("errors/401/index.html") -> gen
	overlay []byte            // the problems, added before </body> of HTML pages
	aliases map[string]string // path -> target, from _redirects
	next    chan struct{}     // closed when a newer state is published
}

// New returns a Server for a site whose listener has the given port. It
// serves an empty site until the first Rebuild.
func New(cfg Config, port int) *Server {
	b := make([]byte, 6)
	rand.Read(b)
	if cfg.Bind == "" {
		cfg.Bind = "127.0.0.1"
	}
	s := &Server{cfg: cfg, port: strconv.Itoa(port), builder: sitegen.NewBuilder(cfg.Site), nonce: hex.EncodeToString(b),
		goodTree: output.NewTree()}
	s.publish(0, s.goodTree, nil)
	return s
}

// Rebuild builds the site after the given paths changed (see
// sitegen.Builder.Build) and publishes it, or, when it has problems, keeps
// the last good site and publishes the problems. Either way open pages
// reload. Calls must not overlap.
//
// The pages rendered again are published as soon as they are rendered,
// over the last good site (the open ones among them reload then; the
// Errors page, slowest by far, may follow the others on its own), and the
// whole build when it is done, under the same build ID, so without
// another reload:
// its pages are the ones published early (see sitegen.BuildEarly); what
// it adds, such as the search index and errors.json, is not on them. If the whole
// build has problems, the last good site is published again with them:
// the early pages were not a good build. Nothing is published early while
// the last build's problems are shown, so the overlay does not flicker.
//
// A failed rebuild is published only when no other rebuild follows within
// failGrace: an editor that truncates a file and then writes it can be
// caught in between, and the next event fixes that at once, so the overlay
// should not flash.
func (s *Server) Rebuild(changed []string) {
	s.rebuilds.Add(1)
	defer s.rebuilt.Add(1)
	s.stopFailTimer()
	early := false
	res, st, err := s.builder.BuildEarly(changed, func(tree *output.Tree, pages []string) {
		if s.publishEarly(tree, pages) {
			early = true
		}
	})
	if err == nil {
		msg := fmt.Sprintf("built in %v: rendered %d of %d pages", st.Took.Round(time.Millisecond/10), st.Rendered, st.Pages)
		if early {
			msg += fmt.Sprintf(", served after %v", st.Early.Round(time.Millisecond/10))
		}
		s.logf("%s", msg)
		s.pubMu.Lock()
		s.good = true
		s.goodTree = res.Tree
		s.pubMu.Unlock()
		if early {
			s.settle(res.Tree)
		} else {
			s.publish(0, res.Tree, nil)
		}
		return
	}
	var list diag.List
	if !errors.As(err, &list) {
		list = diag.List{{Msg: err.Error()}}
	}
	fail := func(gen uint64) {
		if s.publish(gen, nil, list) {
			s.logf("build failed, still serving the last good site: %d problem(s)\n%v", len(list), list)
		}
	}
	s.pubMu.Lock()
	good, gen := s.good, s.gen.Load()
	if good {
		s.failTimer = time.AfterFunc(failGrace, func() { fail(gen) })
	}
	s.pubMu.Unlock()
	if !good {
		fail(0) // nothing good to show meanwhile
	}
}

func (s *Server) stopFailTimer() {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if s.failTimer != nil {
		s.failTimer.Stop()
		s.failTimer = nil
	}
}

// failGrace is how long a failed rebuild waits for another before it is
// shown.
const failGrace = 150 * time.Millisecond

// publish makes a build current: its tree, or when tree is nil the last
// good tree with the problems of a failed build. A non-zero ifGen
// publishes only if the current build is still number ifGen; publish
// reports whether it published.
func (s *Server) publish(ifGen uint64, tree *output.Tree, problems diag.List) bool {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if ifGen != 0 && s.gen.Load() != ifGen {
		return false
	}
	if tree == nil {
		tree = s.goodTree
	}
	s.publishLocked(tree, problems)
	return true
}

// publishLocked publishes tree with problems as a new build. pubMu must
// be held.
func (s *Server) publishLocked(tree *output.Tree, problems diag.List) {
	gen := s.gen.Add(1)
	st := &state{id: fmt.Sprintf("%s-%d", s.nonce, gen), gen: gen, tree: tree, problems: problems, base: gen}
	if old := s.cur.Load(); old != nil && len(old.problems) == 0 && len(problems) == 0 {
		// Good after good: only the pages whose bytes changed reload.
		if changed, ok := changedPages(old, tree, gen); ok {
			st.base, st.changed = old.base, changed
		}
	}
	s.swap(st)
}

// publishEarly publishes pages given early (see sitegen.BuildEarly) as a
// new build, unless the current one shows problems: then the overlay
// stays until the whole build is done. Only the listed pages may differ
// from the current tree, which is the last build's, so only those that
// do reload.
func (s *Server) publishEarly(tree *output.Tree, pages []string) bool {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	cur := s.cur.Load()
	if !s.good || len(cur.problems) > 0 {
		return false
	}
	gen := s.gen.Add(1)
	changed := cur.changedCopy()
	for _, p := range pages {
		was, wok := cur.tree.Get(p)
		now, nok := tree.Get(p)
		if wok != nok || !sameBytes(was, now) {
			changed[p] = gen
		}
	}
	s.swap(&state{id: fmt.Sprintf("%s-%d", s.nonce, gen), gen: gen, tree: tree, base: cur.base, changed: changed})
	return true
}

// changedPages returns old.changed with every HTML page that tree adds,
// changes or removes, against old.tree, as changed in build gen, and the
// search page if the search index changed. It returns false when a file
// that pages may show or use (an image, a stylesheet) changed: then every
// page reloads. The files made of the site's text (the search index, the
// error contract, the sitemap, the hosting files) are not shown by pages.
func changedPages(old *state, tree *output.Tree, gen uint64) (map[string]uint64, bool) {
	changed := old.changedCopy()
	if tree == old.tree {
		return changed, true
	}
	kind := func(p string) (page, index, embedded bool) {
		switch path.Ext(p) {
		case ".html":
			return true, false, false
		case ".json", ".xml", ".txt", "":
			return false, strings.HasPrefix(p, search.Dir+"/"), false
		}
		return false, false, true
	}
	mark := func(p string) bool {
		switch page, index, embedded := kind(p); {
		case embedded:
			return false
		case page:
			changed[p] = gen
		case index:
			changed[searchPage] = gen // which shows the index
		}
		return true
	}
	for p, now := range tree.All() {
		if was, ok := old.tree.Get(p); !ok || !sameBytes(was, now) {
			if !mark(p) {
				return nil, false
			}
		}
	}
	for p := range old.tree.All() {
		if !tree.Has(p) && !mark(p) {
			return nil, false
		}
	}
	return changed, true
}

// changedCopy returns a copy of st.changed to add a build's pages to.
func (st *state) changedCopy() map[string]uint64 {
	if st.changed == nil {
		return map[string]uint64{}
	}
	return maps.Clone(st.changed)
}

// searchPage is the file of the search page, whose results come from the
// search index: it reloads when the index changes.
const searchPage = "search/index.html"

// sameBytes is bytes.Equal, at once when a and b are the same slice: a
// tree made from the last one shares the bytes of the pages it kept.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0] || bytes.Equal(a, b))
}

// pageID is the live reload ID of the HTML page served for file in st:
// the build it last changed in, and for the 404 page served at a
// missing path, "-404" after it, so that the path's page appearing
// reloads it, and its page going away too.
func (s *Server) pageID(st *state, file string, missing bool) string {
	gen := max(st.base, st.changed[file])
	id := fmt.Sprintf("%s-%d", s.nonce, gen)
	if missing {
		id += "-404"
	}
	return id
}

// settle replaces the tree of the current build, published early, with
// the build's whole output under the same ID: open pages, already showing
// what changed on them, do not reload, but for the search page when the
// search index changed, and every page when a static file changed too.
func (s *Server) settle(tree *output.Tree) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	cur := s.cur.Load()
	// The pages are those published early; the search page changes with
	// the search index, which is new.
	changed, ok := changedPages(cur, tree, s.gen.Add(1))
	if !ok {
		// A static file changed with the pages: pages may show it.
		s.publishLocked(tree, nil)
		return
	}
	s.swap(&state{id: cur.id, gen: cur.gen, tree: tree, base: cur.base, changed: changed})
}

// swap makes st current and tells the live reload streams. pubMu must be
// held.
func (s *Server) swap(st *state) {
	st.next = make(chan struct{})
	st.overlay = overlay(st.problems)
	st.aliases = parseRedirects(st.tree)
	if old := s.cur.Swap(st); old != nil {
		close(old.next)
	}
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, format+"\n", args...)
}

// serve serves on ln and runs the watcher until ctx is done.
func (s *Server) serve(ctx context.Context, ln net.Listener, w *watcher) error {
	base, stop := context.WithCancel(context.Background())
	defer stop()
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: ReadHeaderTimeout,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	var wg sync.WaitGroup
	wctx, wstop := context.WithCancel(ctx)
	wg.Go(func() { w.run(wctx.Done()) })
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if s.cfg.Ready != nil {
		s.cfg.Ready("http://" + net.JoinHostPort(hostForURL(s.cfg.Bind), s.port) + "/")
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	wstop()
	wg.Wait()
	s.stopFailTimer()
	stop() // ends the live reload streams, so Shutdown need not wait for them
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		srv.Close()
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// hostForURL is the host to show in the server's URL.
func hostForURL(bind string) string {
	if ip := net.ParseIP(bind); ip != nil && ip.IsUnspecified() {
		return "127.0.0.1"
	}
	return bind
}
