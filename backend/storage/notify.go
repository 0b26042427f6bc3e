package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The servers of a shared PostgreSQL tell each other of their runs
// through PostgreSQL's LISTEN/NOTIFY, so every server's window follows a
// run live wherever it runs (services/shared_runs.go). A notice is sent
// to every session listening on its channel when the sender's statement
// commits; one not listening then never sees it.

// ErrNoticesNeedSharedDatabase: a SQLite data folder has one process
// whose window hears its runs directly.
var ErrNoticesNeedSharedDatabase = errors.New("notices between servers are for servers that share a PostgreSQL")

// Notify sends payload (at most 8000 bytes) to every session listening
// on channel.
func (db *DB) Notify(ctx context.Context, channel, payload string) error {
	if !db.dialect.locksSpanComputers() {
		return ErrNoticesNeedSharedDatabase
	}
	if err := db.gorm.WithContext(ctx).Exec(`SELECT pg_notify(?, ?)`, channel, payload).Error; err != nil {
		return fmt.Errorf("tell the other servers on %s: %w", channel, err)
	}
	return nil
}

// Notices is a session of its own listening on one channel.
type Notices struct{ conn *pgx.Conn }

// Listen opens a session listening on channel; notices sent from then on
// reach its Next. Close it when done.
func (db *DB) Listen(ctx context.Context, channel string) (*Notices, error) {
	pg, ok := db.dialect.(postgresDialect)
	if !ok {
		return nil, ErrNoticesNeedSharedDatabase
	}
	conn, err := pgx.Connect(ctx, pg.locks.dsn)
	if err != nil {
		return nil, fmt.Errorf("reach the database %s to hear the other servers: %w", db.Path, err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		_ = conn.Close(ctx) // the error below is the one to report
		return nil, fmt.Errorf("listen to the other servers on %s: %w", channel, err)
	}
	return &Notices{conn: conn}, nil
}

// Next waits for the next notice's payload, until ctx ends or the session
// breaks.
func (n *Notices) Next(ctx context.Context) (string, error) {
	notice, err := n.conn.WaitForNotification(ctx)
	if err != nil {
		return "", fmt.Errorf("hear the other servers: %w", err)
	}
	return notice.Payload, nil
}

// Close ends the session.
func (n *Notices) Close() error { return n.conn.Close(context.Background()) }
