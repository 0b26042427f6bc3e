package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// etagFeed serves one CSV with a strong ETag and answers 304 to a matching
// If-None-Match, as a CDN or an S3 bucket does.
type etagFeed struct {
	mu   sync.Mutex
	body string
	// afterServe, if set, runs after a download was served in full.
	afterServe func()
}

func (f *etagFeed) set(body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.body = body
}

func (f *etagFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	body, after := f.body, f.afterServe
	f.mu.Unlock()
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "text/csv")
	_, _ = w.Write([]byte(body)) // a failed write shows as a failed read in the test
	if after != nil {
		after()
	}
}

func newETagFeed(t *testing.T, body string) (*etagFeed, string) {
	f := &etagFeed{body: body}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL + "/inventory.csv"
}

// wantSmartPushesA checks that a Smart Sync after A went 7 -> 5 in the feed
// pushes A: the feed's cache validators must not have moved past a read
// whose quantities were never recorded.
func wantSmartPushesA(t *testing.T, c *cli) {
	t.Helper()
	smart := c.sync("Shop", "smart")
	if smart.Status != "succeeded" || smart.Counts.Pushed != 1 || len(smart.Items) != 1 || smart.Items[0].SKU != "A" || smart.Items[0].To != 5 {
		t.Fatalf("Smart after A changed: %s, pushed %d, items %+v; want A pushed to 5", smart.Status, smart.Counts.Pushed, smart.Items)
	}
	if again := c.sync("Shop", "smart"); again.Status != "succeeded" || again.Counts.Pushed != 0 {
		t.Fatalf("the Smart after that: %s, pushed %d; want nothing to push", again.Status, again.Counts.Pushed)
	}
}

func TestCLIPreviewDoesNotMoveTheFeedsCacheValidators(t *testing.T) {
	c := newCLI(t)
	feed, url := newETagFeed(t, "sku,qty\nA,7\nB,10\nC,3\n")
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+url, "--store", "demo", "--no-schedule")
	if full := c.sync("Shop", "full"); full.Status != "succeeded" || full.Counts.Pushed != 3 {
		t.Fatalf("first Full: %s pushed %d (%s)", full.Status, full.Counts.Pushed, full.Error)
	}
	feed.set("sku,qty\nA,5\nB,10\nC,3\n")
	c.ok("sync", "--connection", "Shop", "--preview", "--json")
	wantSmartPushesA(t, c)
}

func TestCLIFullWhoseStoreReadFailsDoesNotMoveTheFeedsCacheValidators(t *testing.T) {
	c := newCLI(t)
	feed, url := newETagFeed(t, "sku,qty\nA,7\nB,10\nC,3\n")
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+url, "--store", "demo", "--no-schedule")
	if full := c.sync("Shop", "full"); full.Status != "succeeded" {
		t.Fatalf("first Full: %s (%s)", full.Status, full.Error)
	}

	// The store becomes unreadable once the feed was downloaded: the Full
	// reads the warehouse whole, then fails on the store's SKUs.
	storeFile := filepath.Join(c.dataDir, "demo", "1-store.json")
	good, err := os.ReadFile(storeFile)
	if err != nil {
		t.Fatal(err)
	}
	feed.mu.Lock()
	feed.body = "sku,qty\nA,5\nB,10\nC,3\n"
	feed.afterServe = func() {
		if err := os.WriteFile(storeFile, []byte("{not json"), 0o600); err != nil {
			t.Error(err)
		}
	}
	feed.mu.Unlock()
	if failed := c.sync("Shop", "full"); failed.Status != "failed" {
		t.Fatalf("Full whose store read fails: %s, want failed", failed.Status)
	}
	feed.mu.Lock()
	feed.afterServe = nil
	feed.mu.Unlock()
	if err := os.WriteFile(storeFile, good, 0o600); err != nil {
		t.Fatal(err)
	}
	wantSmartPushesA(t, c)
}
