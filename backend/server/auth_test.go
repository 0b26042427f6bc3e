package server

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/cli"
)

func TestNoCallRunsWithoutASessionAndItsCSRFToken(t *testing.T) {
	w := newWorld(t, testPassword)
	stranger := w.browser(t)
	owner := w.browser(t)
	if res := w.login(t, owner, testPassword); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	csrf := w.csrf(t, owner)
	id := w.demoID(t, owner, csrf)
	start := "/api/services/SyncService/Start"

	if status, _ := w.call(t, stranger, "", start, id, "full"); status != http.StatusUnauthorized {
		t.Errorf("no session: %d, want 401", status)
	}
	if status, _ := w.call(t, stranger, csrf, start, id, "full"); status != http.StatusUnauthorized {
		t.Errorf("another session's token without its cookie: %d, want 401", status)
	}
	if status, _ := w.call(t, owner, "", start, id, "full"); status != http.StatusForbidden {
		t.Errorf("session without CSRF token: %d, want 403", status)
	}
	if status, _ := w.call(t, owner, csrf+"x", start, id, "full"); status != http.StatusForbidden {
		t.Errorf("session with a wrong CSRF token: %d, want 403", status)
	}
	if n := w.runs(t); n != 0 {
		t.Fatalf("%d syncs ran from refused requests", n)
	}
	if res, err := stranger.Get(w.http.URL + "/api/events"); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Errorf("events without a session: %v %v, want 401", res.StatusCode, err)
	}
	if res, err := stranger.Get(w.http.URL + "/"); err != nil || res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("the page without a session: %v %v, want a redirect to /login", res.StatusCode, err)
	}
	if status, body := w.call(t, owner, csrf, start, id, "full"); status != http.StatusOK {
		t.Fatalf("with session and token: %d %s", status, body)
	}
}

func TestWrongPasswordsAreRateLimitedPerAddress(t *testing.T) {
	w := newWorld(t, testPassword)
	c := w.browser(t)
	for i := 0; i < loginBurst; i++ {
		if res := w.login(t, c, "guess"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d, want 401", i+1, res.StatusCode)
		}
	}
	res := w.login(t, c, testPassword)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after %d wrong passwords, even the right one: %d (Retry-After %q), want 429", loginBurst, res.StatusCode, res.Header.Get("Retry-After"))
	}
	w.clock.Advance(loginRefill)
	if res := w.login(t, c, "guess"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a minute later, a guess is checked: %d", res.StatusCode)
	}
	if res := w.login(t, c, testPassword); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the refilled try was spent, yet another was checked: %d", res.StatusCode)
	}
	w.clock.Advance(loginRefill)
	if res := w.login(t, c, testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the owner after waiting: %d, want 303", res.StatusCode)
	}
}

func TestServeRefusesAnAddressOthersReachWithoutAPassword(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8484", ":8484", "192.168.1.20:8484", "[::]:8484", "shelfsync.example:8484"} {
		if _, err := (Options{Listen: addr}).check(""); err == nil || !strings.Contains(err.Error(), "will not start without a password") {
			t.Errorf("--listen %s without a password: %v", addr, err)
		}
		if p, err := (Options{Listen: addr}).check(testPassword); err != nil || p.password == nil || p.loopbackOnly {
			t.Errorf("--listen %s with a password: %+v, %v", addr, p, err)
		}
	}
	if _, err := (Options{Listen: DefaultListen, PublicURL: "https://sync.example.com"}).check(""); err == nil {
		t.Error("a loopback server behind a public proxy started without a password")
	}
	for _, addr := range []string{DefaultListen, "localhost:9000", "[::1]:8484"} {
		if p, err := (Options{Listen: addr}).check(""); err != nil || !p.loopbackOnly || p.password != nil {
			t.Errorf("--listen %s without a password: %+v, %v; want loopback, no password", addr, p, err)
		}
	}
	if _, err := (Options{Listen: DefaultListen, TLSCert: "cert.pem"}).check(""); err == nil {
		t.Error("--tls-cert without --tls-key was accepted")
	}

	var stdout, stderr bytes.Buffer
	t.Setenv("SHELFSYNC_PASSWORD", "")
	code := Main(nil, &stdout, &stderr, cli.Where{DataDir: t.TempDir()}, []string{"--listen", "0.0.0.0:0"})
	if code != exitRefused || !strings.Contains(stderr.String(), "--password-file") {
		t.Fatalf("serve --listen 0.0.0.0:0: exit %d, %q", code, stderr.String())
	}
}

func TestTheServerRefusesOtherSitesAndRebindingHosts(t *testing.T) {
	w := newWorld(t, "")
	c := w.browser(t)
	csrf := w.csrf(t, c)
	list := "/api/services/ConnectionService/List"

	do := func(method, path, host, origin, fetchSite string) int {
		req, err := http.NewRequest(method, w.http.URL+path, strings.NewReader("[]"))
		if err != nil {
			t.Fatal(err)
		}
		if host != "" {
			req.Host = host
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if fetchSite != "" {
			req.Header.Set("Sec-Fetch-Site", fetchSite)
		}
		req.Header.Set(csrfHeader, csrf)
		// The session's cookie goes with every request, whatever its Host,
		// as a rebinding page's would if the browser had one.
		for _, cookie := range c.Jar.Cookies(req.URL) {
			req.AddCookie(cookie)
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	own := w.http.URL
	port := strings.TrimPrefix(own, "http://127.0.0.1")
	cases := []struct {
		name                                  string
		method, path, host, origin, fetchSite string
		want                                  int
	}{
		{"the page itself", "POST", list, "", own, "same-origin", http.StatusOK},
		{"localhost is this computer", "POST", list, "localhost" + port, "http://localhost" + port, "same-origin", http.StatusOK},
		{"a rebound name reading the session", "GET", "/api/session", "evil.example" + port, "", "", http.StatusMisdirectedRequest},
		{"a rebound name loading the page", "GET", "/", "evil.example" + port, "", "", http.StatusMisdirectedRequest},
		{"a rebound name calling", "POST", list, "evil.example" + port, "http://evil.example" + port, "same-origin", http.StatusMisdirectedRequest},
		{"another site's form or fetch", "POST", list, "", "http://evil.example", "cross-site", http.StatusForbidden},
		{"another site's origin", "POST", list, "", "http://evil.example", "", http.StatusForbidden},
		{"an opaque origin", "POST", list, "", "null", "", http.StatusForbidden},
		{"another site reading the session", "GET", "/api/session", "", "", "cross-site", http.StatusForbidden},
		{"a sibling site reading events", "GET", "/api/events", "", "", "same-site", http.StatusForbidden},
		{"another site's login form", "POST", "/login", "", "http://evil.example", "cross-site", http.StatusForbidden},
	}
	for _, tc := range cases {
		if got := do(tc.method, tc.path, tc.host, tc.origin, tc.fetchSite); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestSessionsExpire(t *testing.T) {
	w := newWorld(t, testPassword)
	c := w.browser(t)
	w.login(t, c, testPassword)
	csrf := w.csrf(t, c)
	w.clock.Advance(sessionLifetime + time.Minute)
	if status, _ := w.call(t, c, csrf, "/api/services/ConnectionService/List"); status != http.StatusUnauthorized {
		t.Fatalf("a call after the session expired: %d, want 401", status)
	}
}

func TestAPasswordFileOthersCanReadIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(path, []byte(testPassword+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (Options{Listen: "0.0.0.0:8484", PasswordFile: path}).check(""); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable password file: %v", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := (Options{Listen: "0.0.0.0:8484", PasswordFile: path}).check("")
	if err != nil || !p.password.Matches(testPassword) {
		t.Fatalf("a private password file: %v", err)
	}
}
