package csvfeed

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/connector"
)

// feedServer serves one CSV body with validators and records what each
// request asked for.
type feedServer struct {
	mu           sync.Mutex
	body         string
	etag         string
	lastModified time.Time
	requests     []http.Header
	// script holds statuses to answer before serving the file.
	script []int
	header http.Header // extra headers for scripted answers
}

func (s *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.Header.Clone())
	if len(s.script) > 0 {
		status := s.script[0]
		s.script = s.script[1:]
		for k, v := range s.header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		return
	}
	if s.etag != "" {
		w.Header().Set("ETag", s.etag)
		if r.Header.Get("If-None-Match") == s.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if !s.lastModified.IsZero() {
		w.Header().Set("Last-Modified", s.lastModified.UTC().Format(http.TimeFormat))
		if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !s.lastModified.After(ims) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "text/csv")
	_, _ = w.Write([]byte(s.body))
}

func (s *feedServer) lastRequest() http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[len(s.requests)-1]
}

// recordedSleeps stands in for waiting, so retry tests take no time.
type recordedSleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recordedSleeps) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.waits = append(r.waits, d)
	r.mu.Unlock()
	return ctx.Err()
}

func webFeed(t *testing.T, url string, secrets map[string]string, dataDir string, sl *recordedSleeps) *Feed {
	t.Helper()
	return webFeedAfter(t, url, secrets, dataDir, sl, "")
}

// webFeedAfter is a feed opened as the engine opens it after a run recorded
// a read with the given state.
func webFeedAfter(t *testing.T, url string, secrets map[string]string, dataDir string, sl *recordedSleeps, readState string) *Feed {
	t.Helper()
	if sl == nil {
		sl = &recordedSleeps{}
	}
	f, err := newFeed(connector.Config{Kind: Kind, Settings: map[string]string{SettingSource: url}, Secrets: secrets, DataDir: dataDir, ConnectionID: 7, ReadState: readState}, options{sleep: sl.sleep})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

var since = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

func TestHTTPETagTurnsUnchangedFileIntoNotModified(t *testing.T) {
	srv := &feedServer{body: "sku,qty\nA,1\n", etag: `"v1"`}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dataDir := t.TempDir()
	f := webFeed(t, ts.URL+"/inv.csv", nil, dataDir, nil)

	first, err := f.ReadItems(context.Background(), since)
	if err != nil || len(first.Items) != 1 || first.NotModified || !first.Complete || first.State == "" {
		t.Fatalf("first read %+v err %v", first, err)
	}
	second, err := webFeedAfter(t, ts.URL+"/inv.csv", nil, dataDir, nil, first.State).ReadItems(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.lastRequest().Get("If-None-Match"); got != `"v1"` {
		t.Errorf("If-None-Match %q", got)
	}
	if !second.NotModified || len(second.Items) != 0 || second.APICalls != 1 {
		t.Errorf("second read %+v", second)
	}
}

func TestHTTPFullSyncNeverAsksConditionally(t *testing.T) {
	srv := &feedServer{body: "sku,qty\nA,1\n", etag: `"v1"`, lastModified: fileTime}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	f := webFeed(t, ts.URL+"/inv.csv", nil, t.TempDir(), nil)
	for range 2 {
		read, err := f.ReadItems(context.Background(), time.Time{})
		if err != nil || read.NotModified || len(read.Items) != 1 {
			t.Fatalf("full read %+v err %v", read, err)
		}
		if h := srv.lastRequest(); h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
			t.Errorf("a full read sent conditional headers %v", h)
		}
	}
}

func TestHTTPLastModifiedIsChangeTimeAndIsSentBack(t *testing.T) {
	srv := &feedServer{body: "sku,qty\nA,1\n", lastModified: fileTime}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	f := webFeed(t, ts.URL+"/inv.csv", nil, t.TempDir(), nil)
	read, err := f.ReadItems(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	if !read.Items[0].UpdatedAt.Equal(fileTime) {
		t.Errorf("UpdatedAt %v, want Last-Modified %v", read.Items[0].UpdatedAt, fileTime)
	}
	read, err = webFeedAfter(t, ts.URL+"/inv.csv", nil, t.TempDir(), nil, read.State).ReadItems(context.Background(), since)
	if err != nil || !read.NotModified {
		t.Fatalf("second read %+v err %v", read, err)
	}
	if got := srv.lastRequest().Get("If-Modified-Since"); got != fileTime.Format(http.TimeFormat) {
		t.Errorf("If-Modified-Since %q", got)
	}
}

// The feed keeps no state of its own: a read whose state no run recorded
// (a preview, a run that failed or was killed) leaves the next read whole.
func TestHTTPReadStateIsNeverSavedByTheFeed(t *testing.T) {
	srv := &feedServer{body: "sku,qty\nA,1\n", etag: `"v1"`}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dataDir := t.TempDir()
	f := webFeed(t, ts.URL+"/inv.csv", nil, dataDir, nil)
	for range 2 {
		read, err := f.ReadItems(context.Background(), since)
		if err != nil || read.NotModified || len(read.Items) != 1 {
			t.Fatalf("read without recorded state %+v err %v", read, err)
		}
	}
}

func TestHTTPTestDoesNotMakeTheNextSyncSkipTheFile(t *testing.T) {
	srv := &feedServer{body: "sku,qty\nA,1\n", etag: `"v1"`}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	f := webFeed(t, ts.URL+"/inv.csv", nil, t.TempDir(), nil)
	if _, err := f.Test(context.Background()); err != nil {
		t.Fatal(err)
	}
	read, err := f.ReadItems(context.Background(), since)
	if err != nil || read.NotModified || len(read.Items) != 1 {
		t.Errorf("read after Test %+v err %v", read, err)
	}
}

func TestHTTPValidatorsOfAnotherAddressAreNotSent(t *testing.T) {
	srv := &feedServer{body: "sku,qty\nA,1\n", etag: `"v1"`}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dataDir := t.TempDir()
	old, err := webFeed(t, ts.URL+"/old.csv", nil, dataDir, nil).ReadItems(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	read, err := webFeedAfter(t, ts.URL+"/new.csv", nil, dataDir, nil, old.State).ReadItems(context.Background(), since)
	if err != nil || read.NotModified {
		t.Errorf("read of a new address %+v err %v", read, err)
	}
}

func TestHTTPGzipIsUnpackedWhateverSaysSo(t *testing.T) {
	z := gzipped(t, "sku,qty\nA,3\n")
	handlers := map[string]http.HandlerFunc{
		"gz file": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/gzip")
			_, _ = w.Write(z)
		},
		"content-encoding": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(z)
		},
	}
	for name, h := range handlers {
		ts := httptest.NewServer(h)
		read, err := webFeed(t, ts.URL+"/inv.csv.gz", nil, t.TempDir(), nil).ReadItems(context.Background(), time.Time{})
		ts.Close()
		if err != nil || len(read.Items) != 1 || read.Items[0].Qty != 3 {
			t.Errorf("%s: read %+v err %v", name, read, err)
		}
	}
}

func TestHTTPRetries429HonouringRetryAfter(t *testing.T) {
	srv := &feedServer{body: "sku,qty\nA,1\n", script: []int{429, 503}, header: http.Header{"Retry-After": {"7"}}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	sl := &recordedSleeps{}
	read, err := webFeed(t, ts.URL+"/inv.csv", nil, t.TempDir(), sl).ReadItems(context.Background(), time.Time{})
	if err != nil || len(read.Items) != 1 {
		t.Fatalf("read %+v err %v", read, err)
	}
	if read.APICalls != 3 {
		t.Errorf("APICalls %d, want 3", read.APICalls)
	}
	if len(sl.waits) != 2 || sl.waits[0] != 7*time.Second || sl.waits[1] != 7*time.Second {
		t.Errorf("waits %v, want the server's 7s twice", sl.waits)
	}
}

func TestHTTPServerThatKeepsFailingIsUnavailable(t *testing.T) {
	srv := &feedServer{script: []int{503, 503, 503, 503, 503, 503}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	_, err := webFeed(t, ts.URL+"/inv.csv", nil, t.TempDir(), nil).ReadItems(context.Background(), time.Time{})
	if !errors.Is(err, connector.ErrUnavailable) || !strings.Contains(err.Error(), "kept answering HTTP 503") || !strings.Contains(err.Error(), "try again later") {
		t.Errorf("err %v", err)
	}
}

func TestHTTPSendsAuthorizationAndExplainsRefusal(t *testing.T) {
	srv := &feedServer{script: []int{401}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	_, err := webFeed(t, ts.URL+"/inv.csv", map[string]string{SecretAuthorization: "Bearer s3cret"}, t.TempDir(), nil).ReadItems(context.Background(), time.Time{})
	if got := srv.lastRequest().Get("Authorization"); got != "Bearer s3cret" {
		t.Errorf("Authorization %q", got)
	}
	if !errors.Is(err, connector.ErrUnauthorized) || !strings.Contains(err.Error(), "check the Authorization value") {
		t.Errorf("err %v", err)
	}
}

func TestHTTPMissingFileSaysCheckTheAddress(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	defer ts.Close()
	_, err := webFeed(t, ts.URL+"/inv.csv", nil, t.TempDir(), nil).ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "has no file at /inv.csv (HTTP 404)") {
		t.Errorf("err %v", err)
	}
}

func TestHTTPSWithUntrustedCertificateIsRefused(t *testing.T) {
	ts := httptest.NewTLSServer(&feedServer{body: "sku,qty\nA,1\n"})
	defer ts.Close()
	_, err := webFeed(t, ts.URL+"/inv.csv", nil, t.TempDir(), nil).ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "certificate could not be verified") {
		t.Errorf("err %v", err)
	}
}

func TestHTTPSWithTrustedCertificateReads(t *testing.T) {
	ts := httptest.NewTLSServer(&feedServer{body: "sku,qty\nA,1\n"})
	defer ts.Close()
	f, err := newFeed(connector.Config{Settings: map[string]string{SettingSource: ts.URL + "/inv.csv"}}, options{transport: ts.Client().Transport})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := f.Test(context.Background()); err != nil || res.Summary != "Read 1 SKU from inv.csv" {
		t.Errorf("test %+v err %v", res, err)
	}
}

func TestHTTPPlainAddressToAnotherHostIsRefused(t *testing.T) {
	_, err := New(connector.Config{Settings: map[string]string{SettingSource: "http://feeds.example.com/inv.csv"}})
	want := "The feed address http://feeds.example.com/inv.csv uses plain http://, which would send the file and any password unencrypted; use https:// (plain http:// is only allowed to this computer, such as http://127.0.0.1)"
	if err == nil || err.Error() != want {
		t.Errorf("err %v", err)
	}
}

func TestHTTPCancelWhileWaitingToRetryStops(t *testing.T) {
	srv := &feedServer{script: []int{503, 503, 503}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	sl := func(ctx context.Context, d time.Duration) error {
		cancel() // the user presses Cancel during the wait
		return ctx.Err()
	}
	f, err := newFeed(connector.Config{Settings: map[string]string{SettingSource: ts.URL + "/inv.csv"}}, options{sleep: sl})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.ReadItems(ctx, time.Time{})
	if !errors.Is(err, context.Canceled) || len(srv.requests) != 1 {
		t.Errorf("err %v after %d requests, want context.Canceled after 1", err, len(srv.requests))
	}
}
