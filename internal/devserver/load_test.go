package devserver

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"errdocs/internal/sitegen"
)

// TestLoad runs 200 concurrent GETs and 50 live reload clients while the
// page they read is rebuilt again and again: no response may be a 5xx or
// anything but a whole old or whole new page, and once the clients leave
// the goroutines go back to what they were.
func TestLoad(t *testing.T) {
	const (
		getters   = 200
		perGetter = 10
		streams   = 50
	)
	dir := newSite(t)
	const page = "content/support.md"
	orig, err := os.ReadFile(dir + "/" + page)
	if err != nil {
		t.Fatal(err)
	}
	versions := []string{string(orig), string(orig) + "\nThe second version of this page.\n"}
	whole := map[string]int{} // each version of /support/ as built -> its index
	for i, v := range versions {
		if err := os.WriteFile(dir+"/"+page, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := sitegen.Build(siteConfig(dir))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := res.Tree.Get("support/index.html")
		whole[string(b)] = i
	}
	ts := startServer(t, dir)
	waitFor(t, ts.base+"/support/", "the second version", func(r response) bool {
		return strings.Contains(r.body, "The second version")
	})

	tr := &http.Transport{MaxIdleConnsPerHost: getters + streams}
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	baseline := runtime.NumGoroutine()

	// The live reload clients count the builds they hear of.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var heard [streams]atomic.Int32
	var readers sync.WaitGroup
	for i := range streams {
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.base+reloadPath, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 {
			t.Fatalf("live reload client %d: status %d", i, resp.StatusCode)
		}
		readers.Go(func() {
			defer resp.Body.Close()
			r := bufio.NewReader(resp.Body)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if strings.HasPrefix(line, "data: ") {
					heard[i].Add(1)
				}
			}
		})
	}

	// Rebuild again and again while the GETs run.
	stop := make(chan struct{})
	var writer sync.WaitGroup
	var writes atomic.Int32
	writer.Go(func() {
		for i := 0; i < 100; i++ {
			select {
			case <-stop:
				return
			case <-time.After(30 * time.Millisecond):
			}
			// Write atomically, as many editors do: a build never
			// reads a half-written page, so it never fails.
			tmp := dir + "/content/.support.md.tmp"
			if err := os.WriteFile(tmp, []byte(versions[i%2]), 0o644); err != nil {
				t.Error(err)
				return
			}
			if err := os.Rename(tmp, dir+"/"+page); err != nil {
				t.Error(err)
				return
			}
			writes.Add(1)
		}
	})

	var getWG sync.WaitGroup
	var seen [2]atomic.Int32
	var failures atomic.Int32
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 5 {
			t.Errorf(format, args...)
		}
	}
	for range getters {
		getWG.Go(func() {
			for range perGetter {
				resp, err := c.Get(ts.base + "/support/")
				if err != nil {
					fail("GET /support/: %v", err)
					return
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case err != nil:
					fail("GET /support/: reading the body: %v", err)
				case resp.StatusCode != 200:
					fail("GET /support/: status %d", resp.StatusCode)
				default:
					v, ok := whole[strip(string(b))]
					if !ok {
						fail("GET /support/: the body is neither version of the page:\n%s", b[max(0, len(b)-1500):])
						continue
					}
					seen[v].Add(1)
				}
			}
		})
	}
	getWG.Wait()
	close(stop)
	writer.Wait()
	t.Logf("%d GETs served version 1 %d times, version 2 %d times, across %d edits; %d failures",
		getters*perGetter, seen[0].Load(), seen[1].Load(), writes.Load(), failures.Load())

	// Every live reload client hears of a rebuild.
	deadline := time.Now().Add(10 * time.Second)
	for i := range streams {
		for heard[i].Load() < 2 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := heard[i].Load(); n < 2 {
			t.Errorf("live reload client %d heard %d build events, want the first and at least one rebuild", i, n)
		}
	}

	cancel()
	readers.Wait()
	tr.CloseIdleConnections()
	deadline = time.Now().Add(10 * time.Second)
	for ts.streams.Load() != 0 || runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("after the clients left: %d live reload streams, %d goroutines, want 0 and at most %d\n%s",
				ts.streams.Load(), runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}
