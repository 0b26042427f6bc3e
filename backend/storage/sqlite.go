package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gorm.io/gorm"
)

// sqliteDialect is one SQLite file in the data folder, written by the
// processes of this computer.
type sqliteDialect struct {
	// dataDir holds the database and the folder of run locks.
	dataDir string
}

func (sqliteDialect) migrate(g *gorm.DB) error {
	if err := migrateHistory(g); err != nil {
		return err
	}
	return migrateSearch(g)
}

func (sqliteDialect) upsertItemsSet() string { return searchStaleOnUpsert }

func (sqliteDialect) oneOfJSON(column string) string {
	return column + " IN (SELECT value FROM json_each(?))"
}

func (sqliteDialect) runItemsQuery() string {
	return `SELECT r.value->>0 AS sku, r.value->>1 AS from_qty, r.value->>2 AS to_qty, r.value->>3 AS status, r.value->>4 AS error, r.value->>5 AS expected, COALESCE(r.value->>6, '') AS location
		FROM sync_run_item_blocks b, json_each(b.items) r WHERE b.run_id = ? ORDER BY sku, location`
}

// like: SQLite's LIKE ignores the case of ASCII letters.
func (sqliteDialect) like() string { return "LIKE" }

// timeText: SQLite keeps times as text already.
func (sqliteDialect) timeText(column string) string { return column }

func (sqliteDialect) searchIndexedAfterRuns() bool { return true }

// lockRuns locks a file per connection: the operating system drops the
// lock the moment its process ends, however it ends.
func (d sqliteDialect) lockRuns(connectionID uint) (*RunLock, error) {
	dir := filepath.Join(d.dataDir, lockDirName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the folder of run locks %s: %w", dir, err)
	}
	path := filepath.Join(dir, fmt.Sprintf("connection-%d.lock", connectionID))
	lock, held, err := TryLockFile(path)
	if err != nil {
		return nil, fmt.Errorf("take the run lock: %w", err)
	}
	if held {
		return nil, ErrRunActive
	}
	return lock, nil
}

// locksSpanComputers: a file lock holds off the processes of this
// computer only.
func (sqliteDialect) locksSpanComputers() bool { return false }

func (sqliteDialect) isUniqueViolation(err error) bool {
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// snapshot: a SQLite read transaction sees one snapshot from its first read.
func (sqliteDialect) snapshot() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

func (sqliteDialect) close() error { return nil }

var _ dialect = sqliteDialect{}

// errNotSQLite is what SQLite-only maintenance says on PostgreSQL.
var errNotSQLite = errors.New("this database is not SQLite")
