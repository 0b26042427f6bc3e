package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// isCorrupt tells an unreadable database file (SQLite's NOTADB or CORRUPT)
// from every other failure to open it (a locked file, a read-only folder),
// which must never cost the user their data.
func isCorrupt(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "file is not a database") || strings.Contains(msg, "database disk image is malformed") ||
		strings.Contains(msg, "SQLITE_NOTADB") || strings.Contains(msg, "SQLITE_CORRUPT")
}

// reopenFresh keeps a damaged database as shelfsync.db.corrupt-<time> (with
// its WAL and shared-memory files), starts an empty one, and says so.
func reopenFresh(path string, cause error) (*DB, error) {
	kept := fmt.Sprintf("%s.corrupt-%s", path, time.Now().UTC().Format("20060102-150405"))
	if err := os.Rename(path, kept); err != nil {
		return nil, fmt.Errorf("the database %s is damaged (%v) and could not be moved aside: %w; move it away yourself and start ShelfSync again", path, cause, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(path+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("move the damaged database's %s file aside: %w", suffix, err)
		}
	}
	// The new file is created readable by the user alone, as in Open.
	err := secureDataFiles(filepath.Dir(path), path)
	var db *DB
	if err == nil {
		db, err = openFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("the database was damaged and kept as %s, but a new one could not be started: %w", kept, err)
	}
	db.Recovered = fmt.Sprintf("The database was damaged and could not be read, so ShelfSync kept it as %s and started with an empty one. Add your connections again; the store's quantities are untouched.", kept)
	return db, nil
}
