package storage

import (
	"errors"
	"fmt"
	"os"
)

// The data folder is trusted: its database names the store ShelfSync
// sends the merchant's token to. So ShelfSync refuses a folder or database
// another user of the computer owns or could change (they could swap the
// database for one pointing the shop at their server), and keeps the
// database and SQLite's -wal and -shm files readable by the user alone.
// How "another user could change it" is judged is the system's own:
// private_unix.go (owner and mode bits), private_windows.go (owner and ACL).

// ErrNotPrivate is returned when the data folder or the database could be
// changed by another user of the computer.
var ErrNotPrivate = errors.New("the data folder is not private to you")

// notPrivateError is ErrNotPrivate with the sentence that names the file
// and the fix.
type notPrivateError struct{ sentence string }

func (e *notPrivateError) Error() string        { return e.sentence }
func (e *notPrivateError) Is(target error) bool { return target == ErrNotPrivate }

func notPrivate(format string, args ...any) error {
	return &notPrivateError{sentence: fmt.Sprintf(format, args...)}
}

// secureDataFiles checks the data folder and whichever of the database,
// its -wal and its -shm exist, and creates the database, readable by the
// user alone, when it does not exist yet: SQLite gives the -wal and -shm
// files the database's own mode, whatever the folder's.
func secureDataFiles(dataDir, dbPath string) error {
	if err := checkPrivateFolder(dataDir); err != nil {
		return err
	}
	for _, path := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
		if err := checkPrivateFile(path); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(dbPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create the database %s: %w", dbPath, err)
	}
	return f.Close()
}
