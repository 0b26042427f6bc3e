//go:build unix

package schedule

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/pgtest"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// countedLeases is the shared database, counting the schedulers' asks
// for a connection's lease and for its catch-up.
type countedLeases struct {
	*storage.DB
	asks, catchUpAsks atomic.Int32
}

func (l *countedLeases) TakeLease(ctx context.Context, name, holder string, hold time.Duration) (bool, error) {
	took, err := l.DB.TakeLease(ctx, name, holder, hold)
	if strings.HasSuffix(name, catchUpSuffix) {
		l.catchUpAsks.Add(1)
	} else {
		l.asks.Add(1)
	}
	return took, err
}

type runOf struct {
	server string
	at     time.Time
}

// Server "a" of a shared PostgreSQL takes a connection's lease for its
// due time and is killed, either before it ran the connection or after it
// recorded the run. Servers "b" and "c" (real schedulers on one fake
// clock) found the lease taken at that time. When the lease runs out,
// exactly one of them runs the connection when "a" never did, and neither
// does when "a" did; the next time on the grid runs as usual.
func TestALeaseWhoseHolderDiedBeforeItsRunIsCaughtUpOnceWhenItRunsOut(t *testing.T) {
	pg := pgtest.ForTest(t, "the catch-up test")
	db, err := storage.OpenPostgres(pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	for _, tc := range []struct {
		name        string
		aRecordsRun bool
		caughtUp    bool
	}{
		{name: "killed before it ran", aRecordsRun: false, caughtUp: true},
		{name: "killed after it recorded its run", aRecordsRun: true, caughtUp: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := storage.Connection{Name: tc.name, WarehouseKind: "demo", StoreKind: "demo", ScheduleEnabled: true, IntervalMinutes: 60}
			if err := db.CreateConnection(&conn); err != nil {
				t.Fatal(err)
			}
			clock := clockwork.NewFakeClockAt(start)
			leases := &countedLeases{DB: db}
			runs := make(chan runOf, 10)
			record := func(at time.Time) {
				t.Helper()
				if err := db.Gorm().Create(&storage.SyncRun{ConnectionID: conn.ID, Trigger: types.TriggerScheduled, Status: types.RunSucceeded, StartedAt: at.UTC()}).Error; err != nil {
					t.Error(err)
				}
			}
			servers := map[string]*Scheduler{}
			for _, name := range []string{"b", "c"} {
				servers[name] = startSharing(t, clock, leases, name, conn.ID, Settings{Enabled: true, Interval: time.Hour, LastRunAt: start.Add(-10 * time.Minute)}, func() {
					record(clock.Now())
					runs <- runOf{server: name, at: clock.Now()}
				})
			}
			due, _ := servers["b"].NextRun(conn.ID)
			next := due.Add(time.Hour)
			waitArmed := func(n int, what string) {
				t.Helper()
				ctx, cancel := context.WithTimeout(context.Background(), guard)
				defer cancel()
				if err := clock.BlockUntilContext(ctx, n); err != nil {
					t.Fatalf("waiting for %s (%d timers): %v", what, n, err)
				}
			}
			noRun := func(when string) {
				t.Helper()
				eventually(t, "both schedulers to be idle", func() bool { return !servers["b"].busy(conn.ID) && !servers["c"].busy(conn.ID) })
				select {
				case r := <-runs:
					t.Fatalf("%s ran the connection %s", r.server, when)
				default:
				}
			}

			// "a" takes the lease at the due time, as its scheduler would,
			// and records the run or not; then it is killed.
			waitArmed(2, "both schedulers' timers")
			took, err := db.TakeLease(context.Background(), leaseName(conn.ID), "a", leaseHold(due, time.Hour, conn.ID))
			if err != nil || !took {
				t.Fatalf("server a taking the lease: took=%v, %v", took, err)
			}
			if tc.aRecordsRun {
				record(due)
			}
			clock.Advance(due.Add(tick).Sub(clock.Now()))
			eventually(t, "b and c to ask for the lease", func() bool { return leases.asks.Load() == 2 })
			noRun("while a held its lease")

			// Their timers for the next time, and a look when a's lease
			// runs out.
			waitArmed(4, "the next time's timers and a catch-up on each server that found the lease taken")
			// a's lease runs out (in the database's time, which a fake
			// clock cannot move).
			if err := db.Gorm().Exec(`UPDATE schedule_leases SET until = now() WHERE name = ?`, leaseName(conn.ID)).Error; err != nil {
				t.Fatal(err)
			}
			clock.Advance(due.Add(46 * time.Minute).Sub(clock.Now()))
			eventually(t, "b and c to ask for the catch-up's lease", func() bool { return leases.catchUpAsks.Load() == 2 })
			if tc.caughtUp {
				select {
				case r := <-runs:
					if !r.at.After(due.Add(45*time.Minute)) || !r.at.Before(next) {
						t.Errorf("%s caught up at %s after the due time; want after the lease ran out (45m) and before the next time (1h)", r.server, r.at.Sub(due))
					}
				case <-time.After(guard):
					t.Fatal("nobody ran the connection when a's lease ran out")
				}
			}
			noRun("a second time for one due time")

			// The next time on the grid runs as usual, once.
			waitArmed(2, "the next time's timers")
			clock.Advance(next.Add(tick).Sub(clock.Now()))
			select {
			case r := <-runs:
				if !r.at.After(next) {
					t.Errorf("%s ran at %s, before the next time %s", r.server, r.at, next)
				}
			case <-time.After(guard):
				t.Fatal("nobody ran the connection at the next time")
			}
			noRun("twice at the next time")
		})
	}
}
