package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"shelfsync/backend/secrets"
)

const servePassword = "e2e serve password"

// served is one `shelfsync serve` process and a logged-in browser.
type served struct {
	t      *testing.T
	base   string
	cmd    *exec.Cmd
	out    *outputBuffer
	client *http.Client
	csrf   string
}

func startServe(t *testing.T, dataDir string) *served {
	t.Helper()
	return startServeWith(t, dataDir, nil)
}

// startServeWith starts serve with more environment and options.
func startServeWith(t *testing.T, dataDir string, env []string, args ...string) *served {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &served{t: t, base: "http://" + addr, out: &outputBuffer{}}
	s.cmd = exec.Command(binary, append([]string{"--data-dir", dataDir, "serve", "--listen", addr}, args...)...)
	s.cmd.Env = append(append(os.Environ(), "SHELFSYNC_PASSWORD="+servePassword, "DBUS_SESSION_BUS_ADDRESS=disabled:", "SHELFSYNC_STARTUP_DELAY=1h"), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill() // the test failed before stopping it
			_ = s.cmd.Wait()
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(s.base + "/login")
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not answer: %v\n%s", err, s.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	s.client = &http.Client{Jar: jar, Timeout: 30 * time.Second}
	req, _ := http.NewRequest(http.MethodPost, s.base+"/login", strings.NewReader(url.Values{"password": {servePassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.base)
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var session struct{ CSRFToken string }
	s.get("/api/session", &session)
	if session.CSRFToken == "" {
		t.Fatalf("no session after logging in\n%s", s.out)
	}
	s.csrf = session.CSRFToken
	return s
}

func (s *served) get(path string, into any) {
	s.t.Helper()
	res, err := s.client.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(into); err != nil || res.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
}

// call posts a bound call as the page's bridge does and decodes its answer.
func (s *served) call(into any, method string, args ...any) {
	s.t.Helper()
	body, err := json.Marshal(args)
	if err != nil {
		s.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, s.base+"/api/services/"+method, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.base)
	req.Header.Set("X-ShelfSync-CSRF", s.csrf)
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		s.t.Fatalf("%s: %d %s", method, res.StatusCode, b)
	}
	if into != nil {
		if err := json.Unmarshal(b, into); err != nil {
			s.t.Fatalf("%s answered %s: %v", method, b, err)
		}
	}
}

// connectionNamed is the id of the connection called name.
func (s *served) connectionNamed(name string) uint {
	s.t.Helper()
	var conns []struct {
		ID   uint
		Name string
	}
	s.call(&conns, "ConnectionService/List")
	for _, c := range conns {
		if c.Name == name {
			return c.ID
		}
	}
	s.t.Fatalf("no connection called %s among %v", name, conns)
	return 0
}

// events opens the browser's event stream; once it answers, every event
// the server sends from then on is on it.
func (s *served) events() *http.Response {
	s.t.Helper()
	res, err := s.client.Get(s.base + "/api/events")
	if err != nil || res.StatusCode != http.StatusOK {
		s.t.Fatalf("GET /api/events: %v %v", res, err)
	}
	return res
}

// stop sends SIGTERM, as systemd does, and returns the exit code.
func (s *served) stop() int {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.t.Fatalf("serve did not stop within 15 s of SIGTERM\n%s", s.out)
	}
	return s.cmd.ProcessState.ExitCode()
}

// The server as systemd runs it: a browser logs in, adds a store whose
// token must never rest in plain text, follows a sync through the event
// stream, and the service stops on SIGTERM and starts again with its
// secrets.
func TestServeSyncsForABrowserAndKeepsNoSecretInPlainText(t *testing.T) {
	dataDir := t.TempDir()
	s := startServe(t, dataDir)

	const token = "shpat_e2e_0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	var created struct {
		ID    uint
		Store struct{ SecretsSet []string }
	}
	s.call(&created, "ConnectionService/Create", map[string]any{
		"name": "Sealed shop", "warehouseKind": "demo", "warehouseSettings": map[string]string{},
		"storeKind": "shopify", "storeSettings": map[string]string{"shop": "sealed-e2e.myshopify.com"},
		"storeSecrets": map[string]string{"token": token},
	})
	if len(created.Store.SecretsSet) != 1 {
		t.Fatalf("the new connection's secrets: %v", created.Store.SecretsSet)
	}

	demo := s.connectionNamed("Demo")
	res := s.events()
	defer res.Body.Close()
	var runID uint
	s.call(&runID, "SyncService/Start", demo, "full")
	stream := bufio.NewScanner(res.Body)
	finished := false
	for !finished && stream.Scan() {
		finished = stream.Text() == "event: sync:finished"
	}
	if !finished {
		t.Fatalf("the event stream ended before sync:finished: %v", stream.Err())
	}

	// Nothing in the data folder holds the token as it was typed.
	err := filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(token)) {
			t.Errorf("%s holds the store token in plain text", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := secrets.OpenSealed(dataDir, "")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := sealed.Get(fmt.Sprintf("%d/store/token", created.ID)); err != nil || v != token {
		t.Fatalf("the sealed store under the data folder's key holds %q, %v", v, err)
	}

	if code := s.stop(); code != 0 || !strings.Contains(s.out.String(), "stopping") {
		t.Fatalf("serve after SIGTERM: exit %d\n%s", code, s.out)
	}

	// Started again on the same folder, its key still opens the secrets.
	again := startServe(t, dataDir)
	var got struct{ Store struct{ SecretsSet []string } }
	again.call(&got, "ConnectionService/Get", created.ID)
	if len(got.Store.SecretsSet) != 1 {
		t.Fatalf("after a restart the connection's secrets: %v", got.Store.SecretsSet)
	}
	again.stop()
}

func TestASecondServeOnTheSameDataFolderRefusesToStart(t *testing.T) {
	dataDir := t.TempDir()
	first := startServe(t, dataDir)
	// Were it to start, it would serve until killed here.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	second := exec.CommandContext(ctx, binary, "--data-dir", dataDir, "serve", "--listen", "127.0.0.1:0")
	second.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS=disabled:")
	out, err := second.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || !strings.Contains(string(out), "already runs the schedules") {
		t.Fatalf("a second serve: %v\n%s", err, out)
	}
	first.stop()
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their paths and a pool that trusts it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// On every interface, serve needs its password, says that without TLS a
// proxy must terminate it, and with --tls-cert serves https whose session
// cookie is Secure.
func TestServeOnTheNetworkWithAndWithoutTLS(t *testing.T) {
	start := func(args ...string) (*exec.Cmd, *outputBuffer, string) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		out := &outputBuffer{}
		cmd := exec.Command(binary, append([]string{"--data-dir", t.TempDir(), "serve", "--listen", fmt.Sprintf("0.0.0.0:%d", port)}, args...)...)
		cmd.Env = append(os.Environ(), "SHELFSYNC_PASSWORD="+servePassword, "DBUS_SESSION_BUS_ADDRESS=disabled:")
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }) // already stopped is fine
		return cmd, out, fmt.Sprintf("127.0.0.1:%d", port)
	}
	waitFor := func(client *http.Client, url string, out *outputBuffer) *http.Response {
		deadline := time.Now().Add(20 * time.Second)
		for {
			res, err := client.Get(url)
			if err == nil {
				return res
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %v\n%s", url, err, out)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	_, out, addr := start()
	res := waitFor(http.DefaultClient, "http://"+addr+"/login", out)
	res.Body.Close()
	if !strings.Contains(out.String(), "reverse proxy in front terminates TLS") {
		t.Errorf("plain http on every interface did not mention TLS:\n%s", out)
	}

	certFile, keyFile, pool := selfSigned(t)
	_, out, addr = start("--tls-cert", certFile, "--tls-key", keyFile)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res = waitFor(client, "https://"+addr+"/login", out)
	res.Body.Close()
	req, _ := http.NewRequest(http.MethodPost, "https://"+addr+"/login", strings.NewReader(url.Values{"password": {servePassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://"+addr)
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cookie := res.Header.Get("Set-Cookie")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(cookie, "Secure") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Fatalf("login over https: %d, cookie %q\n%s", res.StatusCode, cookie, out)
	}
	if strings.Contains(out.String(), "reverse proxy") {
		t.Errorf("with TLS it still asked for a proxy:\n%s", out)
	}
}

// outputBuffer collects a process's output while the test reads it: the
// process's copying goroutine writes as the test looks.
type outputBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *outputBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *outputBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
