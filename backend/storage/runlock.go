package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Run locks. A run marked running in the database may belong to a
// ShelfSync that died: a PID alone cannot tell, since after a restart the
// PID may belong to any other program. So the process running a sync also
// holds an exclusive lock on a small file per connection, which the
// operating system drops the moment that process ends, however it ends. A
// running row whose lock nobody holds belongs to a dead process.
//
// The lock files stay in place between runs: removing one while another
// process opens it would let two processes lock two different files.

// lockDirName is the folder of run locks inside the data folder.
const lockDirName = "locks"

// RunLock is a held lock on one connection's runs.
type RunLock struct{ f *os.File }

// errLockHeld is what tryLock returns when another open file holds the lock.
var errLockHeld = errors.New("the lock is held")

// LockRuns takes the run lock of a connection without waiting. It returns
// ErrRunActive when another process (or another handle in this one) holds it.
func (db *DB) LockRuns(connectionID uint) (*RunLock, error) {
	dir := filepath.Join(filepath.Dir(db.Path), lockDirName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the folder of run locks %s: %w", dir, err)
	}
	path := filepath.Join(dir, fmt.Sprintf("connection-%d.lock", connectionID))
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the run lock %s: %w", path, err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errLockHeld) {
			return nil, ErrRunActive
		}
		return nil, fmt.Errorf("take the run lock %s: %w", path, err)
	}
	return &RunLock{f: f}, nil
}

// Release drops the lock. Closing the file drops it on every system.
func (l *RunLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// RunsLocked reports whether some process holds the run lock of a
// connection now, that is, whether one of its runs is really going on.
func (db *DB) RunsLocked(connectionID uint) (bool, error) {
	l, err := db.LockRuns(connectionID)
	if errors.Is(err, ErrRunActive) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return false, l.Release()
}
