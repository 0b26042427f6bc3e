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
