package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"shelfsync/backend/connector"
)

// recordedSleep collects the waits the client asked for instead of sleeping.
type recordedSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recordedSleep) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.waits = append(r.waits, d)
	r.mu.Unlock()
	return ctx.Err()
}

func newTestClient(t *testing.T, base string, sl *recordedSleep, retries int) *Client {
	t.Helper()
	c, err := New(Options{BaseURL: base, MaxRetries: retries, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second, Sleep: sl.sleep})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// scripted answers each request with the next status in its list (the last
// one repeats), recording the bodies it was sent.
type scripted struct {
	statuses []int
	headers  []http.Header
	n        atomic.Int64
	mu       sync.Mutex
	bodies   []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.n.Add(1)) - 1
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, string(b))
	s.mu.Unlock()
	if i < len(s.headers) {
		for k, v := range s.headers[i] {
			w.Header()[k] = v
		}
	}
	st := s.statuses[min(i, len(s.statuses)-1)]
	w.WriteHeader(st)
	_, _ = io.WriteString(w, `{"status":`+http.StatusText(st)+`}`)
}

func TestNewRefusesPlainHTTPToRemoteHosts(t *testing.T) {
	for _, base := range []string{"http://example.com", "http://10.0.0.1:8080/x", "ftp://example.com"} {
		_, err := New(Options{BaseURL: base})
		if err == nil {
			t.Errorf("New(%q) accepted an unencrypted remote address", base)
			continue
		}
		if !strings.Contains(err.Error(), "https://") {
			t.Errorf("New(%q) error %q does not tell the user to use https://", base, err)
		}
	}
	for _, base := range []string{"https://acme.myshopify.com", "http://127.0.0.1:9000", "http://localhost:1", "http://[::1]:80", "http://127.8.9.1"} {
		if _, err := New(Options{BaseURL: base}); err != nil {
			t.Errorf("New(%q): %v", base, err)
		}
	}
}

func TestIsLoopbackKnowsThisMachineOnly(t *testing.T) {
	cases := map[string]bool{"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.255.0.3": true, "::1": true, "[::1]": true,
		"10.0.0.1": false, "example.com": false, "localhost.example.com": false, "": false, "0.0.0.0": false}
	for host, want := range cases {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestResolveURLJoinsWithOneSlash(t *testing.T) {
	cases := []struct{ base, path, want string }{
		{"https://a.com/", "/x/y", "https://a.com/x/y"},
		{"https://a.com", "x", "https://a.com/x"},
		{"https://a.com/api", "https://b.com/file", "https://b.com/file"},
		{"https://a.com/api", "", "https://a.com/api"},
	}
	for _, c := range cases {
		if got := ResolveURL(c.base, c.path); got != c.want {
			t.Errorf("ResolveURL(%q,%q) = %q, want %q", c.base, c.path, got, c.want)
		}
	}
}

func TestDoRetries5xxThenSucceedsReplayingTheBody(t *testing.T) {
	s := &scripted{statuses: []int{502, 503, 200}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	sl := &recordedSleep{}
	c := newTestClient(t, srv.URL, sl, 3)
	req, _ := http.NewRequest("POST", c.URL("/graphql.json"), strings.NewReader(`{"query":"q"}`))
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c.Calls() != 3 {
		t.Errorf("Calls() = %d, want 3", c.Calls())
	}
	for i, b := range s.bodies {
		if b != `{"query":"q"}` {
			t.Errorf("attempt %d sent body %q, want the original body", i+1, b)
		}
	}
	if len(sl.waits) != 2 {
		t.Fatalf("waited %d times, want 2", len(sl.waits))
	}
	if sl.waits[0] < 50*time.Millisecond || sl.waits[0] > 100*time.Millisecond {
		t.Errorf("first backoff %v outside [50ms,100ms]", sl.waits[0])
	}
	if sl.waits[1] < 100*time.Millisecond || sl.waits[1] > 200*time.Millisecond {
		t.Errorf("second backoff %v outside [100ms,200ms]", sl.waits[1])
	}
}

func TestDoBuffersBodiesWithoutGetBody(t *testing.T) {
	s := &scripted{statuses: []int{500, 200}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := newTestClient(t, srv.URL, &recordedSleep{}, 2)
	req, _ := http.NewRequest("PUT", srv.URL, io.NopCloser(strings.NewReader("payload")))
	req.GetBody = nil
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(s.bodies) != 2 || s.bodies[1] != "payload" {
		t.Errorf("bodies sent = %q, want payload twice", s.bodies)
	}
}

func TestDoGivesUpOn5xxWithErrUnavailable(t *testing.T) {
	s := &scripted{statuses: []int{503}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := newTestClient(t, srv.URL, &recordedSleep{}, 2)
	req, _ := http.NewRequest("GET", srv.URL, nil)
	_, err := c.Do(context.Background(), req)
	if !errors.Is(err, connector.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 503 || se.Attempts != 3 {
		t.Errorf("err = %#v, want a StatusError 503 after 3 attempts", err)
	}
	if c.Calls() != 3 {
		t.Errorf("Calls() = %d, want 3", c.Calls())
	}
}

func TestDoHonoursRetryAfterSecondsAndDateAndCountsThrottling(t *testing.T) {
	date := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	s := &scripted{
		statuses: []int{429, 429, 429, 200},
		headers:  []http.Header{{"Retry-After": {"7"}}, {"Retry-After": {date}}, {"X-Retry-After": {"2"}}},
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	sl := &recordedSleep{}
	c := newTestClient(t, srv.URL, sl, 5)
	req, _ := http.NewRequest("GET", srv.URL, nil)
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c.Throttled() != 3 {
		t.Errorf("Throttled() = %d, want 3", c.Throttled())
	}
	if len(sl.waits) != 3 || sl.waits[0] != 7*time.Second || sl.waits[2] != 2*time.Second {
		t.Fatalf("waits = %v, want [7s ~3s 2s]", sl.waits)
	}
	if sl.waits[1] < time.Second || sl.waits[1] > 3*time.Second {
		t.Errorf("HTTP-date Retry-After gave wait %v, want about 3s", sl.waits[1])
	}
}

func TestDoCapsAServerRequestedWait(t *testing.T) {
	s := &scripted{statuses: []int{429, 200}, headers: []http.Header{{"Retry-After": {"86400"}}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	sl := &recordedSleep{}
	c := newTestClient(t, srv.URL, sl, 1)
	req, _ := http.NewRequest("GET", srv.URL, nil)
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if sl.waits[0] != DefaultMaxRetryAfter {
		t.Errorf("waited %v, want the cap %v", sl.waits[0], DefaultMaxRetryAfter)
	}
}

func TestDoNeverRetriesRefusedCredentials(t *testing.T) {
	for _, st := range []int{401, 403} {
		s := &scripted{statuses: []int{st}}
		srv := httptest.NewServer(s)
		c := newTestClient(t, srv.URL, &recordedSleep{}, 3)
		req, _ := http.NewRequest("GET", srv.URL, nil)
		_, err := c.Do(context.Background(), req)
		srv.Close()
		if !errors.Is(err, connector.ErrUnauthorized) {
			t.Errorf("status %d: err = %v, want ErrUnauthorized", st, err)
		}
		if s.n.Load() != 1 {
			t.Errorf("status %d was sent %d times, want once", st, s.n.Load())
		}
	}
}

func TestDoReturnsOtherClientErrorsWithTheirBody(t *testing.T) {
	s := &scripted{statuses: []int{413}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := newTestClient(t, srv.URL, &recordedSleep{}, 3)
	req, _ := http.NewRequest("POST", srv.URL, strings.NewReader("x"))
	_, err := c.Do(context.Background(), req)
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 413 || !strings.Contains(string(se.Body), "Request Entity Too Large") {
		t.Fatalf("err = %v, want StatusError 413 with body", err)
	}
	if errors.Is(err, connector.ErrUnavailable) || errors.Is(err, connector.ErrUnauthorized) {
		t.Errorf("a 413 must not look like an outage or refused credentials: %v", err)
	}
	if s.n.Load() != 1 {
		t.Errorf("413 was sent %d times, want once", s.n.Load())
	}
}

func TestDoRetriesNetworkErrorsThenReportsUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: every attempt is refused
	c := newTestClient(t, "http://"+addr, &recordedSleep{}, 2)
	req, _ := http.NewRequest("GET", c.URL("/"), nil)
	_, err = c.Do(context.Background(), req)
	if !errors.Is(err, connector.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if c.Calls() != 3 {
		t.Errorf("Calls() = %d, want 3", c.Calls())
	}
}

func TestDoStopsWhenTheContextIsCancelledDuringBackoff(t *testing.T) {
	s := &scripted{statuses: []int{500}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := New(Options{BaseURL: srv.URL, MaxRetries: 10, Sleep: func(ctx context.Context, d time.Duration) error {
		cancel()
		return Sleep(ctx, d)
	}})
	req, _ := http.NewRequest("GET", srv.URL, nil)
	_, err := c.Do(ctx, req)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if s.n.Load() != 1 {
		t.Errorf("sent %d times after cancel, want 1", s.n.Load())
	}
}

func TestDoRefusesRedirectToPlainRemoteHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://example.com/steal", http.StatusFound)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, &recordedSleep{}, -1)
	req, _ := http.NewRequest("GET", srv.URL, nil)
	_, err := c.Do(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), "https://") {
		t.Fatalf("err = %v, want a refusal of the plain-http redirect", err)
	}
}

func TestDoSetsUserAgent(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent() }))
	defer srv.Close()
	c, _ := New(Options{BaseURL: srv.URL, UserAgent: "ShelfSync-test"})
	req, _ := http.NewRequest("GET", srv.URL, nil)
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ua != "ShelfSync-test" {
		t.Errorf("User-Agent = %q", ua)
	}
}

// tokenCatcher is another server on this machine that counts the requests
// reaching it and remembers any credential they carried.
type tokenCatcher struct {
	srv      *httptest.Server
	hits     atomic.Int64
	mu       sync.Mutex
	received []string
}

func newTokenCatcher(t *testing.T) *tokenCatcher {
	tc := &tokenCatcher{}
	tc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc.hits.Add(1)
		tc.mu.Lock()
		defer tc.mu.Unlock()
		for _, h := range credentialHeaders {
			if v := r.Header.Get(h); v != "" {
				tc.received = append(tc.received, h+": "+v)
			}
		}
	}))
	t.Cleanup(tc.srv.Close)
	return tc
}

func TestDoNeverFollowsACredentialedRedirectToAnotherOrigin(t *testing.T) {
	catcher := newTokenCatcher(t)
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, header := range []string{"X-Shopify-Access-Token", "Authorization"} {
			shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// Same host (127.0.0.1), another port: another origin.
				http.Redirect(w, r, catcher.srv.URL+"/steal", status)
			}))
			c, err := New(Options{BaseURL: shop.URL, MaxRetries: 2, Platform: "Shopify", Sleep: (&recordedSleep{}).sleep})
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("POST", shop.URL+"/admin/api/graphql.json", strings.NewReader("{}"))
			req.Header.Set(header, "shpat_secret")
			_, err = c.Do(context.Background(), req)
			shop.Close()

			var redirect *RedirectError
			if !errors.As(err, &redirect) {
				t.Fatalf("%d with %s: err = %v, want a refused redirect", status, header, err)
			}
			for _, want := range []string{"Shopify at " + Origin(redirect.From), "redirect to " + Origin(redirect.To), "does not follow it"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%d: message %q does not say %q", status, err, want)
				}
			}
			if c.Calls() != 1 {
				t.Errorf("%d: %d attempts, want 1: a refused redirect is not retried", status, c.Calls())
			}
		}
	}
	if n := catcher.hits.Load(); n != 0 {
		t.Fatalf("the other server got %d requests (%v), want none", n, catcher.received)
	}
}

func TestDoFollowsRedirectsWithinTheOriginAndUncredentialedOnes(t *testing.T) {
	catcher := newTokenCatcher(t)
	var sameOrigin atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/new":
			if r.Header.Get("Authorization") == "Bearer t" {
				sameOrigin.Add(1)
			}
		case "/public-feed":
			http.Redirect(w, r, catcher.srv.URL+"/cdn.csv", http.StatusFound)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, &recordedSleep{}, -1)

	req, _ := http.NewRequest("GET", srv.URL+"/old", nil)
	req.Header.Set("Authorization", "Bearer t")
	if _, err := c.Do(context.Background(), req); err != nil || sameOrigin.Load() != 1 {
		t.Fatalf("same-origin redirect: err = %v, credentialed arrivals %d, want it followed with the header", err, sameOrigin.Load())
	}
	req, _ = http.NewRequest("GET", srv.URL+"/public-feed", nil)
	if _, err := c.Do(context.Background(), req); err != nil || catcher.hits.Load() != 1 {
		t.Fatalf("uncredentialed redirect: err = %v, hits %d, want it followed", err, catcher.hits.Load())
	}
}

func TestOriginMakesTheDefaultPortExplicit(t *testing.T) {
	for raw, want := range map[string]string{
		"https://Shop.example.com/x":    "https://shop.example.com:443",
		"https://shop.example.com:443/": "https://shop.example.com:443",
		"https://shop.example.com:8443": "https://shop.example.com:8443",
		"http://127.0.0.1/a":            "http://127.0.0.1:80",
	} {
		u, _ := url.Parse(raw)
		if got := Origin(u); got != want {
			t.Errorf("Origin(%s) = %s, want %s", raw, got, want)
		}
	}
}
