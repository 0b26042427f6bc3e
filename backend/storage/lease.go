package storage

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Schedule leases share the automatic runs out among the servers of one
// PostgreSQL. Every server schedules every connection; when a run comes
// due, each asks for the connection's lease, and the one that gets it
// runs. A lease is held for most of an interval (the scheduler says how
// long), not just for the run, so the servers whose clocks fire a moment
// later find it taken instead of running the connection again. A server
// killed in the middle holds nothing afterwards: its lease runs out, and
// the next server whose schedule fires takes the connection on. Times are
// the database's, so the servers' clocks need not agree.

// scheduleLease is one lease: which server holds the job's runs, until when.
type scheduleLease struct {
	Name   string `gorm:"primaryKey"`
	Holder string `gorm:"not null"`
	Until  time.Time
}

func (scheduleLease) TableName() string { return "schedule_leases" }

// ErrLeasesNeedSharedDatabase: SQLite's single data folder has one
// scheduler, which needs no lease.
var ErrLeasesNeedSharedDatabase = errors.New("schedule leases are for servers that share a PostgreSQL")

// TakeLease takes the lease called name for holder, for hold from now,
// unless another holder's lease has not run out; took says whether it did.
func (db *DB) TakeLease(ctx context.Context, name, holder string, hold time.Duration) (took bool, err error) {
	if !db.dialect.locksSpanComputers() {
		return false, ErrLeasesNeedSharedDatabase
	}
	res := db.gorm.WithContext(ctx).Exec(`INSERT INTO schedule_leases(name, holder, until) VALUES (?, ?, now() + ? * interval '1 microsecond')
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE schedule_leases.until <= now()`, name, holder, hold.Microseconds())
	if res.Error != nil {
		return false, fmt.Errorf("ask the database for the lease of %s: %w", name, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// LeaseLeft is how long the lease called name still runs, in the
// database's time; zero when it has run out or was never taken. A server
// that found a lease taken asks it to know when to look whether the
// holder ran (schedule's catch-up).
func (db *DB) LeaseLeft(ctx context.Context, name string) (time.Duration, error) {
	if !db.dialect.locksSpanComputers() {
		return 0, ErrLeasesNeedSharedDatabase
	}
	var micros []int64
	if err := db.gorm.WithContext(ctx).Raw(`SELECT (extract(epoch FROM until - now()) * 1000000)::bigint FROM schedule_leases WHERE name = ?`, name).Scan(&micros).Error; err != nil {
		return 0, fmt.Errorf("ask the database how long the lease of %s runs: %w", name, err)
	}
	if len(micros) == 0 || micros[0] <= 0 {
		return 0, nil
	}
	return time.Duration(micros[0]) * time.Microsecond, nil
}

// RunStartedSince says whether a run of the connection, of any outcome
// or still running, started at or after since.
func (db *DB) RunStartedSince(ctx context.Context, connectionID uint, since time.Time) (bool, error) {
	var found bool
	if err := db.gorm.WithContext(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM sync_runs WHERE connection_id = ? AND started_at >= ?)`, connectionID, since.UTC()).Scan(&found).Error; err != nil {
		return false, fmt.Errorf("look for a run of connection %d since %s: %w", connectionID, since.Format(time.RFC3339), err)
	}
	return found, nil
}
