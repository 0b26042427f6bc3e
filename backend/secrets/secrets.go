// Package secrets keeps connection tokens out of the database and the logs:
// in the operating system's keyring where there is one, otherwise in a file
// only the user can read.
package secrets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name every secret is stored under.
const Service = "ShelfSync"

// fileName is the fallback file inside the data folder.
const fileName = "secrets.json"

// Store keeps secrets by ref, "<connectionID>/<side>/<key>". Errors name
// the ref, never the value.
type Store interface {
	Set(ref, value string) error
	// Get returns ErrSecretNotFound (wrapped) when nothing is stored.
	Get(ref string) (string, error)
	// Delete removes a secret; deleting one that is not there is no error.
	Delete(ref string) error
}

// Backend says where secrets are kept.
type Backend string

const (
	BackendKeyring Backend = "keyring"
	BackendFile    Backend = "file"
)

// Notice is what the window or CLI says once about the backend: nothing for
// the keyring, where the file is for the fallback.
func (b Backend) Notice(dataDir string) string {
	if b != BackendFile {
		return ""
	}
	return fmt.Sprintf("No system keyring was found; secrets are kept in %s, readable only by you.", filepath.Join(dataDir, fileName))
}

// probeRef is looked up to learn whether a keyring answers at all: "not
// found" is the answer of a working keyring.
const probeRef = "shelfsync-keyring-probe"

// Open returns the keyring store when the system has a keyring service, and
// otherwise (headless Linux without Secret Service, CI) the file store in
// dataDir.
//
// A data folder a server sealed its secrets in (see OpenSealed) stays
// sealed: every command on it uses that store.
func Open(dataDir string) (Store, Backend, error) {
	if envKey := os.Getenv(KeyEnv); HasSealed(dataDir, envKey) {
		s, err := OpenSealed(dataDir, envKey)
		return s, BackendSealed, err
	}
	file, err := newFileStore(filepath.Join(dataDir, fileName))
	if err != nil {
		return nil, "", err
	}
	if !keyringReachable() {
		return file, BackendFile, nil
	}
	if _, err := keyring.Get(Service, probeRef); err == nil || errors.Is(err, keyring.ErrNotFound) {
		return &keyringStore{earlier: file}, BackendKeyring, nil
	}
	return file, BackendFile, nil
}

// keyringStore keeps secrets in the OS keyring. Secrets a file store kept
// while no keyring answered are still read, and moved into the keyring
// the first time they are.
type keyringStore struct {
	earlier *fileStore
}

func (k *keyringStore) Set(ref, value string) error {
	err := keyring.Set(Service, ref, value)
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		return fmt.Errorf("save secret %s: it is too long for the system keyring; use a shorter token or key", ref)
	}
	if err != nil {
		return fmt.Errorf("save secret %s in the system keyring: %w; unlock the keyring and try again", ref, err)
	}
	_ = k.earlier.Delete(ref) // a stale copy must not outlive the new value
	return nil
}

func (k *keyringStore) Get(ref string) (string, error) {
	v, err := keyring.Get(Service, ref)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, keyring.ErrNotFound) {
		return "", fmt.Errorf("read secret %s from the system keyring: %w; unlock the keyring and try again", ref, err)
	}
	v, ferr := k.earlier.Get(ref)
	if ferr != nil {
		return "", fmt.Errorf("secret %s: %w; enter it again in the connection's settings", ref, ErrSecretNotFound)
	}
	if keyring.Set(Service, ref, v) == nil {
		_ = k.earlier.Delete(ref) // a stale copy must not outlive the new value; one that will not go is found by Get
	}
	return v, nil
}

func (k *keyringStore) Delete(ref string) error {
	err := keyring.Delete(Service, ref)
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("delete secret %s from the system keyring: %w", ref, err)
	}
	return k.earlier.Delete(ref)
}

// keyringReachable is false where asking the keyring cannot succeed and
// would have a side effect: on Linux and the BSDs the Secret Service lives on
// the session bus, and with no session bus the D-Bus library starts one with
// dbus-launch, which outlives every CLI command that asked (seen as hundreds
// of stray dbus-daemons on a headless server).
func keyringReachable() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
}
