package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"shelfsync/backend/atomicfile"
)

// fileStore keeps secrets in one JSON file with mode 0600, read whole and
// rewritten whole and atomically on every change, one change at a time.
// How the file is laid out and each value kept is its format's: plain
// where no keyring runs, sealed on a server (sealed.go).
type fileStore struct {
	path   string
	format fileFormat
	mu     sync.Mutex
}

// fileFormat is how a secrets file holds its values.
type fileFormat interface {
	// decode reads the file's text into the values it keeps, by ref
	// (errDamaged when it is not such a file).
	decode(path string, b []byte) (map[string]string, error)
	encode(kept map[string]string) ([]byte, error)
	// keep turns a secret into what the file keeps of it; reveal undoes
	// it (an error: that value cannot be read back).
	keep(ref, value string) string
	reveal(ref, kept string) (string, error)
}

// errDamaged marks a secrets file that cannot be decoded. Its text never
// quotes the file, which holds secrets.
var errDamaged = errors.New("damaged")

// newFileStore opens the plain secrets file at path: it checks the
// folder, and tightens the file's mode should something have loosened it.
func newFileStore(path string) (*fileStore, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder %s: %w", filepath.Dir(path), err)
	}
	if err := tightenFile(path); err != nil {
		return nil, err
	}
	return &fileStore{path: path, format: plainFormat{}}, nil
}

func (f *fileStore) Set(ref, value string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	all, err := f.load()
	if err != nil {
		return err
	}
	all[ref] = f.format.keep(ref, value)
	if err := f.save(all); err != nil {
		return fmt.Errorf("save secret %s: %w", ref, err)
	}
	return nil
}

func (f *fileStore) Get(ref string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	all, err := f.load()
	if err != nil {
		return "", err
	}
	kept, ok := all[ref]
	if !ok {
		return "", fmt.Errorf("secret %s: %w; enter it again in the connection's settings", ref, ErrSecretNotFound)
	}
	v, err := f.format.reveal(ref, kept)
	if err != nil {
		return "", fmt.Errorf("secret %s cannot be opened (damaged, or sealed under another key); enter it again in the connection's settings", ref)
	}
	return v, nil
}

func (f *fileStore) Delete(ref string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	all, err := f.load()
	if err != nil {
		return err
	}
	if _, ok := all[ref]; !ok {
		return nil
	}
	delete(all, ref)
	if err := f.save(all); err != nil {
		return fmt.Errorf("delete secret %s: %w", ref, err)
	}
	return nil
}

// load reads the values the file keeps; none when it does not exist yet.
func (f *fileStore) load() (map[string]string, error) {
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.path, err)
	}
	all, err := f.format.decode(f.path, b)
	if errors.Is(err, errDamaged) {
		return nil, fmt.Errorf("%s is damaged and cannot be read; move it aside and enter the connections' secrets again", f.path)
	}
	return all, err
}

// save writes a temporary file (created 0600) beside the real one, syncs
// it, and renames it over: a crash leaves the old secrets or the new ones.
func (f *fileStore) save(all map[string]string) error {
	b, err := f.format.encode(all)
	if err != nil {
		return fmt.Errorf("encode secrets: %w", err)
	}
	return atomicfile.Write(f.path, b, 0o600)
}

// plainFormat keeps each secret as it is, in a JSON object by ref: for a
// desktop where no keyring answers, protected by the file's mode alone.
type plainFormat struct{}

func (plainFormat) decode(_ string, b []byte) (map[string]string, error) {
	all := map[string]string{}
	if err := json.Unmarshal(b, &all); err != nil || all == nil {
		return nil, errDamaged
	}
	return all, nil
}

func (plainFormat) encode(all map[string]string) ([]byte, error) {
	return json.MarshalIndent(all, "", " ")
}

func (plainFormat) keep(_, value string) string { return value }

func (plainFormat) reveal(_, kept string) (string, error) { return kept, nil }
