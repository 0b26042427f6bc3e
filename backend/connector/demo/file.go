package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"shelfsync/backend/atomicfile"
	"sync"
)

// fileLocks holds one mutex per demo file. It is package-wide on purpose:
// the services open a fresh Warehouse or Store for every run and every Test
// connection, and those instances must still take turns on the same file.
var fileLocks sync.Map // path -> *sync.Mutex

func lockFile(path string) func() {
	m, _ := fileLocks.LoadOrStore(path, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// readJSON loads path into v; found is false when the file does not exist.
func readJSON(path string, v any) (found bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return true, fmt.Errorf("read %s: %w; delete the file to start the demo afresh", path, err)
	}
	return true, nil
}

// writeJSON replaces path atomically: a reader, or a crash, sees the old
// file or the new one, never half of one.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return atomicfile.Write(path, b, 0o644)
}
