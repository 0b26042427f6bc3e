package secrets

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"
)

// The keyring tests swap go-keyring's provider, a package global, so no
// test here runs in parallel.

const ref = "3/store/token"

// exercise checks what every Store must do.
func exercise(t *testing.T, s Store) {
	t.Helper()
	if _, err := s.Get(ref); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get before Set: %v", err)
	}
	if err := s.Set(ref, "shpat_first"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ref, "shpat_second"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get(ref); err != nil || v != "shpat_second" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if err := s.Delete(ref); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ref); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := s.Delete(ref); err != nil {
		t.Fatalf("deleting a missing secret: %v", err)
	}
}

func TestMemoryStoreSetsGetsAndDeletes(t *testing.T) {
	exercise(t, NewMemory())
}

func TestOpenUsesTheKeyringWhenOneAnswers(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/mock-bus") // the mock needs no bus
	keyring.MockInit()
	dir := t.TempDir()
	s, backend, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if backend != BackendKeyring || backend.Notice(dir) != "" {
		t.Fatalf("backend = %q, notice %q", backend, backend.Notice(dir))
	}
	exercise(t, s)
	if err := s.Set(ref, "ck_live"); err != nil {
		t.Fatal(err)
	}
	if v, err := keyring.Get(Service, ref); err != nil || v != "ck_live" {
		t.Fatalf("keyring holds %q, %v", v, err)
	}
	if _, err := os.Stat(filepath.Join(dir, fileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a secrets file was written beside a working keyring: %v", err)
	}
}

func TestOpenFallsBackToAFileWithoutAKeyring(t *testing.T) {
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	dir := t.TempDir()
	s, backend, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if backend != BackendFile {
		t.Fatalf("backend = %q", backend)
	}
	want := "No system keyring was found; secrets are kept in " + filepath.Join(dir, "secrets.json") + ", readable only by you."
	if got := backend.Notice(dir); got != want {
		t.Fatalf("notice = %q", got)
	}
	exercise(t, s)
}

func TestFileStoreIsReadableOnlyByTheUser(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits; the file lives in the user's profile")
	}
	path := filepath.Join(t.TempDir(), fileName)
	s, err := newFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ref, "secret"); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path)

	// A file someone loosened is tightened when opened.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := newFileStore(path); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path)
}

func assertMode(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("%s has mode %o, want 600", path, perm)
	}
}

func TestFileStoreWritesAtomicallyAndKeepsOtherSecrets(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, fileName)
	s, err := newFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, side := range []string{"warehouse", "store"} {
		for _, key := range []string{"token", "secret", "password"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.Set("1/"+side+"/"+key, side+"-"+key); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	if err := s.Delete("1/store/secret"); err != nil {
		t.Fatal(err)
	}

	reopened, err := newFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"1/warehouse/token", "1/warehouse/secret", "1/warehouse/password", "1/store/token", "1/store/password"} {
		if _, err := reopened.Get(r); err != nil {
			t.Fatalf("%s lost: %v", r, err)
		}
	}
	if _, err := reopened.Get("1/store/secret"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("deleted secret still there: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("folder holds %v; temporary files were left behind", names)
	}
}

func TestDamagedSecretsFileIsReportedWithoutQuotingIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), fileName)
	if err := os.WriteFile(path, []byte(`{"1/store/token": "shpat_abc`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := newFileStore(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Get(ref)
	if err == nil || strings.Contains(err.Error(), "shpat") || !strings.Contains(err.Error(), "move it aside") {
		t.Fatalf("err = %v", err)
	}
}

func TestSecretsKeptInTheFileMoveToTheKeyringWhenOneAppears(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/mock-bus") // the mock needs no bus
	dir := t.TempDir()
	keyring.MockInitWithError(errors.New("no keyring"))
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ref, "kept-in-file"); err != nil {
		t.Fatal(err)
	}

	keyring.MockInit()
	s, backend, err := Open(dir)
	if err != nil || backend != BackendKeyring {
		t.Fatalf("Open = %q, %v", backend, err)
	}
	if v, err := s.Get(ref); err != nil || v != "kept-in-file" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if v, err := keyring.Get(Service, ref); err != nil || v != "kept-in-file" {
		t.Fatalf("not moved into the keyring: %q, %v", v, err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, fileName))
	if strings.Contains(string(b), "kept-in-file") {
		t.Fatal("the moved secret is still in the file")
	}
}

// A secrets.json that is a link must not make ShelfSync chmod the file it
// points at: as root, that could be /etc/passwd.
func TestFileStoreNeverChangesTheModeOfAFileItsLinkPointsAt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are Unix's")
	}
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(target, []byte("root:x:0:0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, fileName)); err != nil {
		t.Fatal(err)
	}
	_, err := newFileStore(filepath.Join(dir, fileName))
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o644 {
		t.Errorf("the link's target is now %o, want it left 0644", info.Mode().Perm())
	}
	if err == nil || !strings.Contains(err.Error(), "link") {
		t.Errorf("newFileStore over a link: %v, want a refusal that says it is a link", err)
	}
}
