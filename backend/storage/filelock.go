package storage

import (
	"errors"
	"fmt"
	"os"
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
