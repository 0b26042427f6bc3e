package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Several `shelfsync serve` on one PostgreSQL each schedule every
// connection. Each job asks for the connection's lease before it runs
// (gocron's distributed job locker), and only the scheduler that gets it
// runs the connection; the others skip that time. The lease is kept until
// three quarters of the interval after the time the run came due, not
// released when the run ends: the other schedulers' timers for the same
// time fire a moment later and must find it taken, while the next
// interval's timers find it free. A
// scheduler killed mid-interval leaves its lease to run out, and the first
// scheduler whose timer fires after that takes the connection on.
// Running the connection once at a time, wherever, is the engine's run
// lock's job, not the lease's.
//
// A scheduler killed after it took a lease but before it ran (or recorded)
// that time's run would lose the time: the others' timers fire only on the
// grid. So each scheduler that found the lease taken looks again when the
// lease runs out (the catch-up): if no run of the connection was recorded
// for that due time, it runs the connection then. The catch-up has a lease
// of its own, so one scheduler does it, and it goes through the engine
// like any run, whose run lock keeps it from overlapping a run still
// going. The longest gap between two runs of a connection is then an
// interval and a lease, across a kill too.

// The servers' timers for a connection fire at the same times: on a grid
// of its interval, offset by the connection (onGrid), rather than from
// each server's own start. Whichever server's timer comes first takes the
// lease, so the connections spread over the servers instead of all going
// to the one started first, and spread over the interval instead of all
// falling due at once.

// Leases hands out the connections' leases (storage.DB.TakeLease).
// A catch-up asks LeaseLeft when the lease it found taken runs out, and
// RunStartedSince whether its holder ran.
type Leases interface {
	TakeLease(ctx context.Context, name, holder string, hold time.Duration) (bool, error)
	LeaseLeft(ctx context.Context, name string) (time.Duration, error)
	RunStartedSince(ctx context.Context, connectionID uint, since time.Time) (bool, error)
}

// leaseHold is how long a run's lease is kept, asked at now: until three
// quarters of the way from the grid time the run came due at to the next.
// Counted from the due time, not from now: on a loaded server a run asks
// seconds late, and a lease counted from then could still hold at the
// next time, whose run would then go nowhere.
func leaseHold(now time.Time, interval time.Duration, connectionID uint) time.Duration {
	return max(dueAt(now, interval, connectionID).Add(interval*3/4).Sub(now), 0)
}

// dueAt is the grid time a run asked at now came due at: the last one at
// or before now.
func dueAt(now time.Time, interval time.Duration, connectionID uint) time.Time {
	due := onGrid(now, interval, connectionID)
	if due.After(now) {
		due = due.Add(-interval)
	}
	return due
}

// leaseName is the name of a connection's lease and of its gocron job.
func leaseName(connectionID uint) string { return fmt.Sprintf("connection-%d", connectionID) }

// errLeaseTaken is the locker's answer when another scheduler runs the
// connection this time; gocron then skips the run here.
var errLeaseTaken = errors.New("another server runs this connection this time")

type leaseLocker struct {
	s            *Scheduler
	interval     time.Duration
	connectionID uint
}

func (l leaseLocker) Lock(ctx context.Context, name string) (gocron.Lock, error) {
	now := l.s.clock.Now()
	took, err := l.s.opts.Leases.TakeLease(ctx, name, l.s.opts.Holder, leaseHold(now, l.interval, l.connectionID))
	if err != nil {
		// Another server may still run it; this one cannot know.
		l.s.log.Warn("scheduled sync skipped: the shared database did not say which server runs it", "job", name, "error", err)
		return nil, err
	}
	if !took {
		l.s.armCatchUp(ctx, l.connectionID, dueAt(now, l.interval, l.connectionID), l.interval)
		return nil, errLeaseTaken
	}
	return keptLease{}, nil
}

// keptLease is a lease gocron "unlocks" after the run: it is kept until it
// runs out (see above).
type keptLease struct{}

func (keptLease) Unlock(context.Context) error { return nil }

// onGrid is the first time at or after at on the connection's grid: every
// interval since the Unix epoch, offset by a spread of the connection's id.
func onGrid(at time.Time, interval time.Duration, connectionID uint) time.Time {
	step := interval.Nanoseconds()
	// Fibonacci hashing spreads consecutive ids over the interval.
	offset := int64((uint64(connectionID) * 0x9E3779B97F4A7C15) % uint64(step))
	into := (at.UnixNano() - offset) % step
	if into < 0 {
		into += step
	}
	if into == 0 {
		return at
	}
	return at.Add(time.Duration(step - into))
}
