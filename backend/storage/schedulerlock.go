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
// holder ends, however it ends. On a shared PostgreSQL every server
// schedules every connection, and the schedule's leases give each run to
// one of them (lease.go), so there is nothing to hold.
func (db *DB) LockScheduling() (*RunLock, error) {
	if db.dialect.locksSpanComputers() {
		return &RunLock{}, nil
	}
	dir := filepath.Join(filepath.Dir(db.Path), lockDirName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the folder of locks %s: %w", dir, err)
	}
	lock, held, err := TryLockFile(filepath.Join(dir, "scheduling.lock"))
	if err != nil {
		return nil, fmt.Errorf("take the scheduling lock: %w", err)
	}
	if held {
		return nil, ErrSchedulingActive
	}
	return lock, nil
}
