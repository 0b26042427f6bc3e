package secrets

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealedStoreSetsGetsAndDeletes(t *testing.T) {
	s, err := OpenSealed(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	exercise(t, s)
}

func TestSealedStoreKeepsNoSecretInPlainTextAndMakesAPrivateKeyFile(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenSealed(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ref, "shpat_0123456789abcdef"); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, keyFileName))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v; want 0600", err, info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "shpat_0123456789abcdef") {
			t.Fatalf("%s holds the secret in plain text", e.Name())
		}
	}
	// Reopened under the same key file, the secret is there.
	again, err := OpenSealed(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := again.Get(ref); err != nil || v != "shpat_0123456789abcdef" {
		t.Fatalf("Get after reopening = %q, %v", v, err)
	}
}

func TestSealedStoreUnderAnotherKeySaysTheKeyIsWrong(t *testing.T) {
	dir := t.TempDir()
	key := base64.StdEncoding.EncodeToString(make([]byte, 32))
	s, err := OpenSealed(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ref, "ck_live"); err != nil {
		t.Fatal(err)
	}
	other := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	_, err = OpenSealed(dir, other)
	if err == nil || !strings.Contains(err.Error(), "not the key these secrets were sealed with") {
		t.Fatalf("opening under another key: %v", err)
	}
	if _, err := OpenSealed(dir, "too-short"); err == nil || !strings.Contains(err.Error(), "openssl rand -base64 32") {
		t.Fatalf("a malformed key: %v", err)
	}
}

func TestSealedStoreSealsAnEarlierPlainFileAndRemovesIt(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "") // no keyring: the plain file fallback
	t.Setenv(KeyEnv, "")
	dir := t.TempDir()
	plain, err := newFileStore(filepath.Join(dir, fileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := plain.Set(ref, "ck_plain"); err != nil {
		t.Fatal(err)
	}
	if _, backend, err := Open(dir); err != nil || backend != BackendFile {
		t.Fatalf("before the server: %v, %v", backend, err)
	}
	sealed, err := OpenSealed(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := sealed.Get(ref); err != nil || v != "ck_plain" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if _, err := os.Stat(filepath.Join(dir, fileName)); !os.IsNotExist(err) {
		t.Fatalf("the plain file is still there: %v", err)
	}
	// Every later command on this folder uses the sealed store.
	cliStore, backend, err := Open(dir)
	if err != nil || backend != BackendSealed {
		t.Fatalf("Open after the server: %v, %v", backend, err)
	}
	if v, err := cliStore.Get(ref); err != nil || v != "ck_plain" {
		t.Fatalf("the CLI reads %q, %v", v, err)
	}
}

func TestACommandWithoutTheEnvironmentKeyIsToldToSetIt(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv(KeyEnv, "")
	dir := t.TempDir()
	key := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	s, err := OpenSealed(dir, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ref, "ck_env"); err != nil {
		t.Fatal(err)
	}
	// A CLI command run without SHELFSYNC_SECRET_KEY: neither a plain
	// secrets file nor a new key, but a sentence.
	_, backend, err := Open(dir)
	if err == nil || backend != BackendSealed || !strings.Contains(err.Error(), KeyEnv) {
		t.Fatalf("Open without the key: %v, %v", backend, err)
	}
	for _, name := range []string{fileName, keyFileName} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s was created: %v", name, err)
		}
	}
}
