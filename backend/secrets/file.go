package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"shelfsync/backend/atomicfile"
	"sync"
)

// fileStore keeps secrets in one JSON file with mode 0600, rewritten whole
// and atomically on every change.
type fileStore struct {
	path string
	mu   sync.Mutex
}

// newFileStore checks the folder, and tightens the file's mode should
// something have loosened it.
func newFileStore(path string) (*fileStore, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder %s: %w", filepath.Dir(path), err)
	}
	if err := tightenFile(path); err != nil {
		return nil, err
	}
	return &fileStore{path: path}, nil
}

func (f *fileStore) Set(ref, value string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	all, err := f.load()
	if err != nil {
		return err
	}
	all[ref] = value
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
	v, ok := all[ref]
	if !ok {
		return "", fmt.Errorf("secret %s: %w; enter it again in the connection's settings", ref, ErrSecretNotFound)
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

func (f *fileStore) load() (map[string]string, error) {
	all := map[string]string{}
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return all, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.path, err)
	}
	if err := json.Unmarshal(b, &all); err != nil {
		// The error text could quote the file; it holds secrets, so say
		// only where the damage is.
		return nil, fmt.Errorf("%s is damaged and cannot be read; move it aside and enter the connections' secrets again", f.path)
	}
	return all, nil
}

// save writes a temporary file (created 0600) beside the real one, syncs
// it, and renames it over: a crash leaves the old secrets or the new ones.
func (f *fileStore) save(all map[string]string) error {
	b, err := json.MarshalIndent(all, "", " ")
	if err != nil {
		return fmt.Errorf("encode secrets: %w", err)
	}
	return atomicfile.Write(f.path, b, 0o600)
}
