package storage

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// TryLockFile takes an exclusive lock on the file at path (creating it)
// without waiting, the way run locks are taken; held reports that another
// process (or handle) has it. The desktop agent holds one for its data
// folder: one resident ShelfSync per data folder.
func TryLockFile(path string) (lock *RunLock, held bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("open the lock %s: %w", path, err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errLockHeld) {
			return nil, true, nil
		}
		return nil, false, fmt.Errorf("take the lock %s: %w", path, err)
	}
	return &RunLock{release: f.Close}, false, nil
}

// openLockWait bounds the wait for another process to open the database.
const openLockWait = time.Minute

// openAlone runs open (opening and migrating the database at path) while
// holding a lock on a file beside it. Two processes opening a brand-new
// database at once (the desktop agent and its window, the app and a CLI
// command) would both switch it to WAL and create its tables: the second
// failed with "database is locked" or "table connections already exists".
// The second now waits, then finds it made. The lock is held only while
// opening: a few milliseconds once the database exists.
func openAlone(path string, open func() error) error {
	deadline := time.Now().Add(openLockWait)
	for {
		lock, held, err := TryLockFile(path + ".open-lock")
		if err != nil {
			// A folder this user may not write: opening says so better
			// (storage.Explain), and no one can be creating the database.
			return open()
		}
		if !held {
			defer lock.Release()
			return open()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("another ShelfSync has been opening the database %s for a minute; wait for it to finish, or end it, and try again", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
