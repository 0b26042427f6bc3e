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
	return &RunLock{f: f}, false, nil
}

// migrateLockWait bounds the wait for another process's migration.
const migrateLockWait = time.Minute

// migrateAlone migrates while holding a lock on a file beside the
// database. Two processes opening a brand-new database at once (the
// desktop agent and its window, the app and a CLI command) would both
// create its tables, and the second would fail with "table already
// exists"; the second now waits, then finds them made.
func (db *DB) migrateAlone() error {
	path := db.Path + ".migrate-lock"
	deadline := time.Now().Add(migrateLockWait)
	for {
		lock, held, err := TryLockFile(path)
		if err != nil {
			return err
		}
		if !held {
			defer lock.Release()
			return db.migrate()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("another ShelfSync has been preparing the database %s for a minute; wait for it to finish, or end it, and try again", db.Path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
