// Package elect chooses which of several `shelfsync serve` instances
// sharing one PostgreSQL runs the schedules. It is gocron v2's Elector
// (gocron.WithDistributedElector): before each job the scheduler asks
// IsLeader, and only the leader runs it.
//
// The leader is whoever holds a PostgreSQL session advisory lock. The
// database drops such a lock the moment the holding session ends, so a
// killed instance (its socket closed by the kernel) leaves the lead at
// once, and the next instance to ask takes it: within one interval of the
// shortest schedule. A machine that vanishes without closing its socket is
// noticed through TCP keepalives the session asks for (about 25 seconds).
package elect

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
)

// ErrNotLeader is IsLeader's answer on every instance but the leader.
var ErrNotLeader = errors.New("another ShelfSync instance runs the schedules")

// DefaultKey is the advisory lock every ShelfSync instance contends for
// (an arbitrary constant: "ShelfSy" in ASCII).
const DefaultKey int64 = 0x5368656c66537900

// Elector holds, or tries to take, the lead.
type Elector struct {
	dsn string
	key int64

	mu   sync.Mutex
	conn *pgx.Conn // the session holding the lock; nil when not leader
}

// New returns an elector for the database at dsn; it connects on the first
// IsLeader.
func New(dsn string, key int64) *Elector {
	return &Elector{dsn: dsn, key: key}
}

// IsLeader returns nil when this instance leads: it already held the lock
// on a session that still answers, or it took the lock now. Otherwise it
// returns ErrNotLeader, or the error that kept it from asking.
func (e *Elector) IsLeader(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conn != nil {
		if err := e.conn.Ping(ctx); err == nil {
			return nil
		}
		// The session is gone, and its lock with it; ask again below.
		e.dropLocked()
	}
	conn, err := pgx.Connect(ctx, e.dsn)
	if err != nil {
		return fmt.Errorf("reach the shared database to learn which instance runs the schedules: %w", err)
	}
	// The server should notice a vanished leader in seconds, not after
	// the operating system's two-hour keepalive default.
	for _, set := range []string{"SET tcp_keepalives_idle = 10", "SET tcp_keepalives_interval = 5", "SET tcp_keepalives_count = 3"} {
		if _, err := conn.Exec(ctx, set); err != nil {
			_ = conn.Close(ctx) // the error above is the one to report
			return fmt.Errorf("set up the leader session: %w", err)
		}
	}
	var took bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", e.key).Scan(&took); err != nil {
		_ = conn.Close(ctx) // the error above is the one to report
		return fmt.Errorf("ask for the lead: %w", err)
	}
	if !took {
		_ = conn.Close(ctx) // held no lock; nothing is lost with it
		return ErrNotLeader
	}
	e.conn = conn
	return nil
}

// Close gives the lead up (ending the session releases the lock).
func (e *Elector) Close(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conn == nil {
		return nil
	}
	// Unlock before closing: the server frees a closed session's locks
	// only once its backend process has exited, a moment after the close
	// returns, and a standby asking in that moment would be refused.
	_, unlockErr := e.conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", e.key)
	err := e.conn.Close(ctx)
	e.conn = nil
	return errors.Join(unlockErr, err)
}

func (e *Elector) dropLocked() {
	// The session is already broken; closing it only frees our side.
	_ = e.conn.Close(context.Background())
	e.conn = nil
}
