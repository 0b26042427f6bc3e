package csvfeed

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/crypto/ssh"

	"shelfsync/backend/connector"
)

// sftpFeed builds a feed for sftp://merchant@<server>/<folder> with a
// password unless secrets say otherwise.
func sftpFeed(t *testing.T, srv *testSFTPServer, folder, pattern, dataDir string, secrets map[string]string) *Feed {
	t.Helper()
	if secrets == nil {
		secrets = map[string]string{SecretPassword: testPassword}
	}
	f, err := New(connector.Config{
		Kind:     Kind,
		Settings: map[string]string{SettingSource: "sftp://" + testUser + "@" + srv.addr + folder, SettingPattern: pattern},
		Secrets:  secrets, DataDir: dataDir, ConnectionID: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// trust records the server's key as if the user had accepted it.
func trust(t *testing.T, dataDir string, srv *testSFTPServer, key ssh.Signer) {
	t.Helper()
	if err := AcceptHostKey(dataDir, srv.addr, key.PublicKey()); err != nil {
		t.Fatal(err)
	}
}

func TestSFTPUnknownHostIsAskedAboutThenReadOnceAccepted(t *testing.T) {
	hostKey := newHostKey(t)
	srv := startSFTPServer(t, nil, hostKey)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "inv.csv"), "sku,qty\nA,4\nB,x\n", fileTime)
	dataDir := t.TempDir()
	f := sftpFeed(t, srv, dir+"/inv.csv", "", dataDir, nil)

	_, err := f.Test(context.Background())
	var unknown *UnknownHostKeyError
	if !errors.As(err, &unknown) {
		t.Fatalf("first connection: err %v, want *UnknownHostKeyError", err)
	}
	if want := ssh.FingerprintSHA256(hostKey.PublicKey()); unknown.Fingerprint != want || !strings.HasPrefix(want, "SHA256:") {
		t.Errorf("fingerprint %q, want %q", unknown.Fingerprint, want)
	}
	if !strings.Contains(err.Error(), unknown.Fingerprint) || !strings.Contains(err.Error(), "accept it and connect again") {
		t.Errorf("message %q", err)
	}

	if err := AcceptHostKey(dataDir, unknown.Host, unknown.Key); err != nil {
		t.Fatal(err)
	}
	res, err := f.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary != "Read 1 SKU from inv.csv (1 row skipped)" || res.Sample[0] != "A: 4" {
		t.Errorf("test result %+v", res)
	}
}

func TestSFTPChangedHostKeyIsRefusedWithAWarning(t *testing.T) {
	srv := startSFTPServer(t, nil, newHostKey(t))
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "inv.csv"), "sku,qty\nA,4\n", fileTime)
	dataDir := t.TempDir()
	trust(t, dataDir, srv, newHostKey(t)) // the key the server had "before"

	_, err := sftpFeed(t, srv, dir+"/inv.csv", "", dataDir, nil).ReadItems(context.Background(), time.Time{})
	var changed *HostKeyChangedError
	if !errors.As(err, &changed) {
		t.Fatalf("err %v, want *HostKeyChangedError", err)
	}
	for _, want := range []string{"WARNING", "different host key", "nothing was read", filepath.Join(dataDir, KnownHostsFile)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestSFTPReadsNewestFileMatchingPatternWithItsModTime(t *testing.T) {
	hostKey := newHostKey(t)
	srv := startSFTPServer(t, nil, hostKey)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "feeds", "inv_2026-11-25.csv"), "sku,qty\nA,1\n", fileTime)
	writeFile(t, filepath.Join(dir, "feeds", "inv_2026-11-26.csv"), "sku,qty\nA,2\n", fileTime.Add(time.Hour))
	writeFile(t, filepath.Join(dir, "feeds", "returns.csv"), "sku,qty\nA,99\n", fileTime.Add(2*time.Hour))
	dataDir := t.TempDir()
	trust(t, dataDir, srv, hostKey)

	read, err := sftpFeed(t, srv, dir+"/feeds", "inv_*.csv", dataDir, nil).ReadItems(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Items) != 1 || read.Items[0].Qty != 2 || !read.Complete {
		t.Fatalf("read %+v", read)
	}
	if !read.Items[0].UpdatedAt.Equal(fileTime.Add(time.Hour)) {
		t.Errorf("UpdatedAt %v, want the file's mtime %v", read.Items[0].UpdatedAt, fileTime.Add(time.Hour))
	}
}

func TestSFTPFolderWithoutMatchSaysWhatItHolds(t *testing.T) {
	hostKey := newHostKey(t)
	srv := startSFTPServer(t, nil, hostKey)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "returns.csv"), "sku,qty\nA,99\n", fileTime)
	dataDir := t.TempDir()
	trust(t, dataDir, srv, hostKey)
	_, err := sftpFeed(t, srv, dir, "inv_*.csv", dataDir, nil).ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "matches inv_*.csv") || !strings.Contains(err.Error(), "returns.csv") {
		t.Errorf("err %v", err)
	}
}

func TestSFTPWrongPasswordIsUnauthorized(t *testing.T) {
	hostKey := newHostKey(t)
	srv := startSFTPServer(t, nil, hostKey)
	dataDir := t.TempDir()
	trust(t, dataDir, srv, hostKey)
	_, err := sftpFeed(t, srv, "/tmp", "", dataDir, map[string]string{SecretPassword: "wrong"}).ReadItems(context.Background(), time.Time{})
	if !errors.Is(err, connector.ErrUnauthorized) || !strings.Contains(err.Error(), "refused the login for user \"merchant\"") {
		t.Errorf("err %v", err)
	}
}

func TestSFTPLogsInWithPrivateKey(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "shelfsync test")
	if err != nil {
		t.Fatal(err)
	}
	clientKey, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	hostKey := newHostKey(t)
	srv := startSFTPServer(t, clientKey, hostKey)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "inv.csv"), "sku,qty\nA,4\n", fileTime)
	dataDir := t.TempDir()
	trust(t, dataDir, srv, hostKey)
	f := sftpFeed(t, srv, dir+"/inv.csv", "", dataDir, map[string]string{SecretPrivateKey: string(pem.EncodeToMemory(block))})
	if _, err := f.ReadItems(context.Background(), time.Time{}); err != nil {
		t.Fatal(err)
	}
}

func TestSFTPAsksForTheKeyTypeAlreadyTrusted(t *testing.T) {
	// The server has an RSA and an Ed25519 key and the user accepted one of
	// them. A client that let the handshake pick would be shown the other
	// key for one of the two (Go prefers RSA) and cry "changed".
	for _, trusted := range []string{"ed25519", "rsa"} {
		edKey, rsaKey := newHostKey(t), newRSAHostKey(t)
		srv := startSFTPServer(t, nil, rsaKey, edKey)
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "inv.csv"), "sku,qty\nA,4\n", fileTime)
		dataDir := t.TempDir()
		if trusted == "rsa" {
			trust(t, dataDir, srv, rsaKey)
		} else {
			trust(t, dataDir, srv, edKey)
		}
		if _, err := sftpFeed(t, srv, dir+"/inv.csv", "", dataDir, nil).ReadItems(context.Background(), time.Time{}); err != nil {
			t.Errorf("trusting the %s key: %v", trusted, err)
		}
	}
}

func TestAcceptHostKeyWritesOpenSSHLineForNonStandardPort(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "new")
	key := newHostKey(t).PublicKey()
	if err := AcceptHostKey(dataDir, "sftp.example.com:2222", key); err != nil {
		t.Fatal(err)
	}
	if err := AcceptHostKey(dataDir, "files.example.com:22", key); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dataDir, KnownHostsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "[sftp.example.com]:2222 ssh-ed25519 ") || !strings.HasPrefix(lines[1], "files.example.com ssh-ed25519 ") {
		t.Errorf("known_hosts:\n%s", data)
	}
}

func TestSFTPReadLeavesNoGoroutinesBehind(t *testing.T) {
	before := goleak.IgnoreCurrent()
	// Registered first, so it runs after the server's own cleanup.
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
	hostKey := newHostKey(t)
	srv := startSFTPServer(t, nil, hostKey)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "inv.csv"), "sku,qty\nA,4\n", fileTime)
	dataDir := t.TempDir()
	trust(t, dataDir, srv, hostKey)
	if _, err := sftpFeed(t, srv, dir+"/inv.csv", "", dataDir, nil).ReadItems(context.Background(), time.Time{}); err != nil {
		t.Fatal(err)
	}
}

func TestSFTPCancelledSyncDoesNotConnect(t *testing.T) {
	hostKey := newHostKey(t)
	srv := startSFTPServer(t, nil, hostKey)
	dataDir := t.TempDir()
	trust(t, dataDir, srv, hostKey)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := sftpFeed(t, srv, "/tmp", "", dataDir, nil).ReadItems(ctx, time.Time{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

func TestSFTPDamagedKnownHostsIsExplained(t *testing.T) {
	srv := startSFTPServer(t, nil, newHostKey(t))
	dataDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dataDir, KnownHostsFile), []byte("127.0.0.1 ssh-ed25519 not-base64!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := sftpFeed(t, srv, "/tmp", "", dataDir, nil).ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "The list of trusted SFTP servers") || !strings.Contains(err.Error(), "fix or remove the damaged line") {
		t.Errorf("err %v", err)
	}
}

func TestSFTPAddressFormsAreUnderstood(t *testing.T) {
	cases := map[string]struct{ addr, path string }{
		"sftp://u@files.example.com/exports/inv.csv": {"files.example.com:22", "/exports/inv.csv"},
		"sftp://u@files.example.com:2222/exports":    {"files.example.com:2222", "/exports"},
		"sftp://u@files.example.com/~/inbox":         {"files.example.com:22", "inbox"},
		"sftp://u@files.example.com":                 {"files.example.com:22", "."},
		"sftp://u@[::1]:2022/x":                      {"[::1]:2022", "/x"},
	}
	for raw, want := range cases {
		s, err := newSFTPSource(raw, connector.Config{Secrets: map[string]string{SecretPassword: "pw"}}, options{})
		if err != nil {
			t.Errorf("%s: %v", raw, err)
			continue
		}
		if s.addr != want.addr || s.path != want.path || s.user != "u" {
			t.Errorf("%s: addr %q path %q user %q, want %q %q", raw, s.addr, s.path, s.user, want.addr, want.path)
		}
	}
}
