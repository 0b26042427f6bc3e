package storage

import (
	"database/sql"

	"gorm.io/gorm"
)

// dialect is what differs between the two databases ShelfSync keeps its
// state in: SQLite in the data folder (the default, sqlite.go) and a
// PostgreSQL several servers share (postgres.go). Every query that is not
// plain SQL both accept goes through it, so callers of the package see one
// DB whichever it is.
type dialect interface {
	// migrate makes, after AutoMigrate, what GORM's models do not
	// describe (the search index) and moves data of earlier versions.
	migrate(g *gorm.DB) error
	// upsertItemsSet is added to the items upsert's SET list, or "".
	upsertItemsSet() string
	// oneOfJSON is a condition that column holds one of the strings of a
	// JSON array given as its one parameter: a query binds one parameter
	// however many values it tests.
	oneOfJSON(column string) string
	// runItemsQuery reads the results of the run given as its one
	// parameter out of their blocks, by SKU and store location
	// (history.go).
	runItemsQuery() string
	// like is the operator of a substring search: case-insensitive.
	like() string
	// timeText is a timestamp column as text that sorts as the time does.
	timeText(column string) string
	// searchIndexedAfterRuns: the trigram search index is brought up to
	// date after each run (SQLite's FTS5, search.go), rather than by the
	// database itself on every write (PostgreSQL's pg_trgm).
	searchIndexedAfterRuns() bool
	// lockRuns takes a connection's run lock without waiting (runlock.go).
	lockRuns(connectionID uint) (*RunLock, error)
	// locksSpanComputers: a run lock held anywhere, on any computer,
	// holds every other process off, so a run marked running whose lock
	// is free is dead wherever it ran.
	locksSpanComputers() bool
	// isUniqueViolation tells a write refused by a unique key.
	isUniqueViolation(err error) bool
	// snapshot is the options of a read-only transaction whose
	// statements all see the same data.
	snapshot() *sql.TxOptions
	// close frees what the dialect holds beside the pool.
	close() error
}
