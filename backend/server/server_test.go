package server

import (
	"bufio"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"shelfsync/backend/events"
	"shelfsync/backend/secrets"
	"shelfsync/backend/services"
)

// world is a server over a fresh data folder with the Demo connection.
type world struct {
	core   *services.Core
	server *Server
	http   *httptest.Server
	clock  *fakeClock
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

const testPassword = "correct horse battery"

// newWorld starts a server; with a password unless none is wanted (the
// loopback default).
func newWorld(t *testing.T, password string) *world {
	t.Helper()
	broker := NewBroker(slog.New(slog.DiscardHandler))
	core, err := services.New(services.Options{DataDir: t.TempDir(), Events: events.ByName{Emit: broker.Emit}, Secrets: secrets.NewMemory(), SeedDemo: true, StartupDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := core.Close(); err != nil {
			t.Error(err)
		}
	})
	w := &world{core: core, clock: &fakeClock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}}
	var hash *PasswordHash
	if password != "" {
		if hash, err = HashPassword([]byte(password)); err != nil {
			t.Fatal(err)
		}
	}
	w.server, err = New(Config{
		Bound:        append([]any{BindShell()}, services.Bound(core.Services())...),
		Events:       broker,
		Frontend:     fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>ShelfSync</title>")}},
		Password:     hash,
		LoopbackOnly: true,
		Now:          w.clock.Now,
		Log:          slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	w.http = httptest.NewServer(w.server)
	t.Cleanup(w.http.Close)
	return w
}

// browser is a client with a cookie jar that does not follow redirects.
func (w *world) browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login posts the password form as the login page does.
func (w *world) login(t *testing.T, c *http.Client, password string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, w.http.URL+"/login", strings.NewReader(url.Values{"password": {password}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", w.http.URL)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// csrf reads the session's CSRF token as the page's bridge does.
func (w *world) csrf(t *testing.T, c *http.Client) string {
	t.Helper()
	res, err := c.Get(w.http.URL + "/api/session")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ CSRFToken string }
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != http.StatusOK || body.CSRFToken == "" {
		t.Fatalf("GET /api/session: %d, %v", res.StatusCode, err)
	}
	return body.CSRFToken
}

// call posts a bound call and returns the status and the body.
func (w *world) call(t *testing.T, c *http.Client, csrf, path string, args ...any) (int, string) {
	t.Helper()
	body, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, w.http.URL+path, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", w.http.URL)
	if csrf != "" {
		req.Header.Set(csrfHeader, csrf)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// demoID finds the Demo connection through the API.
func (w *world) demoID(t *testing.T, c *http.Client, csrf string) uint {
	t.Helper()
	status, body := w.call(t, c, csrf, "/api/services/ConnectionService/List")
	if status != http.StatusOK {
		t.Fatalf("List: %d %s", status, body)
	}
	var conns []struct {
		ID   uint
		Name string
	}
	if err := json.Unmarshal([]byte(body), &conns); err != nil {
		t.Fatal(err)
	}
	for _, c := range conns {
		if c.Name == services.DemoName {
			return c.ID
		}
	}
	t.Fatalf("no Demo connection in %s", body)
	return 0
}

func (w *world) runs(t *testing.T) int {
	t.Helper()
	conns, err := w.core.Services().Connections.List()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range conns {
		if c.LastRun != nil || c.Running {
			n++
		}
	}
	return n
}

func TestEventsStreamASyncFromStartToFinish(t *testing.T) {
	w := newWorld(t, "")
	c := w.browser(t)
	csrf := w.csrf(t, c)
	id := w.demoID(t, c, csrf)

	res, err := c.Get(w.http.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET /api/events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	stream := bufio.NewReader(res.Body)
	if line, err := stream.ReadString('\n'); err != nil || line != ": open\n" {
		t.Fatalf("first line %q, %v", line, err)
	}

	if status, body := w.call(t, c, csrf, "/api/services/SyncService/Start", id, "full"); status != http.StatusOK {
		t.Fatalf("Start: %d %s", status, body)
	}
	seen := map[string]int{}
	var finished struct {
		Status       string
		ConnectionID uint
	}
	deadline := time.AfterFunc(30*time.Second, func() { res.Body.Close() })
	defer deadline.Stop()
	event := ""
	for finished.Status == "" {
		line, err := stream.ReadString('\n')
		if err != nil {
			t.Fatalf("the stream ended before sync:finished (seen %v): %v", seen, err)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
			seen[event]++
		case strings.HasPrefix(line, "data: ") && event == "sync:finished":
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &finished); err != nil {
				t.Fatal(err)
			}
		}
	}
	if seen["sync:started"] != 1 || seen["sync:progress"] == 0 {
		t.Errorf("events seen: %v; want sync:started once and sync:progress", seen)
	}
	if finished.Status != "succeeded" || finished.ConnectionID != id {
		t.Errorf("sync:finished = %+v", finished)
	}
}

func TestTheFrontendIsServedWithoutFolderListings(t *testing.T) {
	w := newWorld(t, "")
	w.server.cfg.Frontend = fstest.MapFS{
		"index.html":       {Data: []byte("<title>ShelfSync</title>")},
		"assets/index.js":  {Data: []byte("console.log(1)")},
		"assets/index.css": {Data: []byte("body{}")},
	}
	c := w.browser(t)
	for path, want := range map[string]string{
		"/":                "<title>ShelfSync</title>",
		"/assets/index.js": "console.log(1)",
		"/assets/":         "<title>ShelfSync</title>",
		"/connections/3":   "<title>ShelfSync</title>",
	} {
		res, err := c.Get(w.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || string(b) != want {
			t.Errorf("GET %s: %d %q, want %q", path, res.StatusCode, b, want)
		}
	}
}
