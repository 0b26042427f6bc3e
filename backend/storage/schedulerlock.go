package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrSchedulingActive says another process runs this data folder's
// schedules.
var ErrSchedulingActive = errors.New("another ShelfSync runs the schedules of this data folder")

// LockScheduling takes the data folder's scheduling lock without waiting:
// `shelfsync serve` holds it while it runs, so a second server on the same
// folder (a service and a manual start) does not sync every connection
// twice. Like the run locks, the operating system drops it when the
// holder ends, however it ends.
func (db *DB) LockScheduling() (*RunLock, error) {
	dir := filepath.Join(filepath.Dir(db.Path), lockDirName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the folder of locks %s: %w", dir, err)
	}
	path := filepath.Join(dir, "scheduling.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the scheduling lock %s: %w", path, err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errLockHeld) {
			return nil, ErrSchedulingActive
		}
		return nil, fmt.Errorf("take the scheduling lock %s: %w", path, err)
	}
	return &RunLock{f: f}, nil
}
