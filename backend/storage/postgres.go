package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// PostgreSQL is the database several `shelfsync serve` share, on one or
// several computers: the same tables as SQLite's, with the few things
// SQLite does its own way done PostgreSQL's way (postgresDialect).

// IsDatabaseURL tells a PostgreSQL address (postgres://… or
// postgresql://…) from anything else.
func IsDatabaseURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// OpenAt opens the database at databaseURL (a PostgreSQL address), or when
// that is empty the SQLite database in dataDir.
func OpenAt(dataDir, databaseURL string) (*DB, error) {
	if databaseURL == "" {
		return Open(dataDir)
	}
	if !IsDatabaseURL(databaseURL) {
		return nil, fmt.Errorf("the database %q is not a PostgreSQL address; give one such as postgres://shelfsync@db.example.com/shelfsync, or none to keep the database in the data folder", redactURL(databaseURL))
	}
	return OpenPostgres(databaseURL)
}

// maxPostgresConns bounds one process's connections to the server: every
// `serve` sharing it adds as many (plus one for its locks), and
// PostgreSQL's default allows 100 in all.
const maxPostgresConns = 10

// OpenPostgres opens (and migrates) the PostgreSQL database at dsn.
func OpenPostgres(dsn string) (*DB, error) {
	where := redactURL(dsn)
	if _, err := pgx.ParseConfig(dsn); err != nil {
		return nil, fmt.Errorf("the database address %s cannot be read: %w", where, err)
	}
	g, err := gorm.Open(postgres.Open(dsn), &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		CreateBatchSize:        500,
	})
	if err != nil {
		return nil, fmt.Errorf("reach the database %s: %w", where, err)
	}
	pool, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("reach the database %s: %w", where, err)
	}
	pool.SetMaxOpenConns(maxPostgresConns)
	pool.SetMaxIdleConns(maxPostgresConns)
	locks := &sessionLocks{dsn: dsn, held: map[lockKey]bool{}}
	db := &DB{gorm: g, dialect: postgresDialect{locks: locks}, Path: where}
	// Servers started together would each create the tables; one at a
	// time, the others find them made.
	if err := locks.whileHolding(context.Background(), lockKey{lockClassMigrate, 0}, db.migrate); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// redactURL is a database address without its password, for messages.
func redactURL(dsn string) string {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return "(an unreadable address)"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// postgresDialect is a PostgreSQL database several servers share.
type postgresDialect struct{ locks *sessionLocks }

func (postgresDialect) migrate(g *gorm.DB) error {
	for _, stmt := range []string{
		// Substring search through trigram indexes PostgreSQL keeps on
		// every write (SQLite's FTS5 index is caught up after runs
		// instead). pg_trgm is a trusted extension: a database's owner
		// may create it.
		`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
		`CREATE INDEX IF NOT EXISTS idx_items_sku_trgm ON items USING gin (sku gin_trgm_ops)`,
		`CREATE INDEX IF NOT EXISTS idx_items_name_trgm ON items USING gin (name gin_trgm_ops)`,
	} {
		if err := g.Exec(stmt).Error; err != nil {
			return fmt.Errorf("create the search index: %w", err)
		}
	}
	return nil
}

func (postgresDialect) upsertItemsSet() string { return "" }

func (postgresDialect) oneOfJSON(column string) string {
	return column + " IN (SELECT jsonb_array_elements_text(?::jsonb))"
}

func (postgresDialect) runItemsQuery() string {
	return `SELECT r.value->>0 AS sku, (r.value->>1)::bigint AS from_qty, (r.value->>2)::bigint AS to_qty, r.value->>3 AS status, r.value->>4 AS error, (r.value->>5)::bigint AS expected, COALESCE(r.value->>6, '') AS location
		FROM sync_run_item_blocks b, jsonb_array_elements(b.items) r(value) WHERE b.run_id = ? ORDER BY sku, location`
}

func (postgresDialect) like() string { return "ILIKE" }

func (postgresDialect) timeText(column string) string {
	return `to_char(` + column + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`
}

func (postgresDialect) searchIndexedAfterRuns() bool { return false }

func (d postgresDialect) lockRuns(connectionID uint) (*RunLock, error) {
	key := lockKey{lockClassRuns, int32(connectionID)}
	took, err := d.locks.tryLock(context.Background(), key)
	if err != nil {
		return nil, fmt.Errorf("take the run lock of connection %d: %w", connectionID, err)
	}
	if !took {
		return nil, ErrRunActive
	}
	return &RunLock{release: func() error { return d.locks.unlock(context.Background(), key) }}, nil
}

func (postgresDialect) locksSpanComputers() bool { return true }

func (postgresDialect) isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

// snapshot: PostgreSQL's default (read committed) gives each statement
// its own snapshot.
func (postgresDialect) snapshot() *sql.TxOptions {
	return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
}

func (d postgresDialect) close() error { return d.locks.close() }

var _ dialect = postgresDialect{}

// Advisory lock classes: the first of PostgreSQL's two 32-bit keys, so
// ShelfSync's locks keep to themselves ("SS" and a number).
const (
	lockClassRuns    int32 = 0x53530001
	lockClassMigrate int32 = 0x53530002
)

type lockKey struct{ class, id int32 }

// sessionLocks are advisory locks held by one database session of their
// own. PostgreSQL drops a session's locks when its connection ends, so a
// process killed (its socket closed by the kernel) frees its run locks at
// once; a computer that vanishes is noticed through the keepalives the
// session asks for. The pool's connections cannot hold them: a lock
// belongs to the session that took it, and the pool hands sessions out to
// any query.
type sessionLocks struct {
	dsn string

	mu   sync.Mutex
	conn *pgx.Conn
	// held are the locks this process holds: PostgreSQL's locks are
	// re-entrant within a session, ShelfSync's run locks are not.
	held map[lockKey]bool
}

// session returns the lock session, connecting it when needed. Callers
// hold mu.
func (s *sessionLocks) session(ctx context.Context) (*pgx.Conn, error) {
	if s.conn != nil && !s.conn.IsClosed() {
		return s.conn, nil
	}
	// A session that ended took its locks with it.
	clear(s.held)
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		return nil, fmt.Errorf("reach the database %s: %w", redactURL(s.dsn), err)
	}
	// The server should free the locks of a vanished computer in
	// seconds, not after the operating system's two-hour default.
	for _, set := range []string{"SET tcp_keepalives_idle = 10", "SET tcp_keepalives_interval = 5", "SET tcp_keepalives_count = 3"} {
		if _, err := conn.Exec(ctx, set); err != nil {
			_ = conn.Close(ctx) // the error below is the one to report
			return nil, fmt.Errorf("set up the database session of locks: %w", err)
		}
	}
	s.conn = conn
	return conn, nil
}

// tryLock takes key without waiting; false when another session (or this
// process) holds it.
func (s *sessionLocks) tryLock(ctx context.Context, key lockKey) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held[key] {
		return false, nil
	}
	conn, err := s.session(ctx)
	if err != nil {
		return false, err
	}
	var took bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", key.class, key.id).Scan(&took); err != nil {
		return false, err
	}
	if took {
		s.held[key] = true
	}
	return took, nil
}

func (s *sessionLocks) unlock(ctx context.Context, key lockKey) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.held[key] {
		return nil
	}
	delete(s.held, key)
	if s.conn == nil || s.conn.IsClosed() {
		return nil // the session ended, and the lock with it
	}
	_, err := s.conn.Exec(ctx, "SELECT pg_advisory_unlock($1, $2)", key.class, key.id)
	return err
}

// whileHolding runs f holding key, waiting for it as long as another
// session holds it.
func (s *sessionLocks) whileHolding(ctx context.Context, key lockKey, f func() error) error {
	s.mu.Lock()
	conn, err := s.session(ctx)
	if err == nil {
		_, err = conn.Exec(ctx, "SELECT pg_advisory_lock($1, $2)", key.class, key.id)
	}
	if err != nil {
		s.mu.Unlock()
		return err
	}
	s.held[key] = true
	s.mu.Unlock()
	ferr := f()
	return errors.Join(ferr, s.unlock(ctx, key))
}

func (s *sessionLocks) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.held)
	if s.conn == nil {
		return nil
	}
	err := s.conn.Close(context.Background())
	s.conn = nil
	return err
}
