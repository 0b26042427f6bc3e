package schedule

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/types"
)

// fakeLeases is the leases and the runs as the database keeps them, on
// the schedulers' fake clock. asks counts the asks for a run's lease, not
// a catch-up's.
type fakeLeases struct {
	clock *clockwork.FakeClock
	asks  atomic.Int32

	mu     sync.Mutex
	until  map[string]time.Time
	ranAts []time.Time
}

func (l *fakeLeases) TakeLease(_ context.Context, name, _ string, hold time.Duration) (bool, error) {
	if !strings.HasSuffix(name, catchUpSuffix) {
		defer l.asks.Add(1)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if now.Before(l.until[name]) {
		return false, nil
	}
	l.until[name] = now.Add(hold)
	return true, nil
}

func (l *fakeLeases) LeaseLeft(_ context.Context, name string) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return max(l.until[name].Sub(l.clock.Now()), 0), nil
}

func (l *fakeLeases) ran(at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ranAts = append(l.ranAts, at)
}

func (l *fakeLeases) RunStartedSince(_ context.Context, _ uint, since time.Time) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.ranAts, func(at time.Time) bool { return !at.Before(since) }), nil
}

// Two servers schedule the same connection; their timers fire at the
// same times (the connection's grid), and each time exactly one of them
// runs it. The one that ran last is killed; the other runs the connection
// at the next time, an interval later.
func TestServersSharingLeasesRunAConnectionOncePerIntervalAndTakeOverFromOneKilled(t *testing.T) {
	clock := clockwork.NewFakeClockAt(start)
	leases := &fakeLeases{clock: clock, until: map[string]time.Time{}}
	runs := make(chan string, 10)
	servers := map[string]*Scheduler{}
	for _, name := range []string{"a", "b"} {
		servers[name] = startSharing(t, clock, leases, name, 1, Settings{Enabled: true, LastRunAt: start.Add(-10 * time.Minute)}, func() {
			leases.ran(clock.Now())
			runs <- name
		})
	}
	first, _ := servers["a"].NextRun(1)
	if other, _ := servers["b"].NextRun(1); !other.Equal(first) || first.Before(start.Add(50*time.Minute)) {
		t.Fatalf("next runs %v and %v: want one time, on the grid, no sooner than the interval after the last run", first, other)
	}

	// armed is how many servers' jobs are due; catchUps how many looks
	// at the last time are armed (the server that did not run it sets
	// one; it finds the run and leaves it).
	armed, catchUps := 2, 0
	// at waits for the due servers to ask for the lease at time due, and
	// returns who ran.
	at := func(due time.Time) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), guard)
		defer cancel()
		if err := clock.BlockUntilContext(ctx, armed+catchUps); err != nil {
			t.Fatalf("waiting for %d armed jobs and %d catch-ups: %v", armed, catchUps, err)
		}
		catchUps = 1
		asked := leases.asks.Load()
		clock.Advance(due.Add(tick).Sub(clock.Now()))
		eventually(t, "every due server to ask for the lease", func() bool { return leases.asks.Load() == asked+int32(armed) })
		var ran string
		select {
		case ran = <-runs:
		case <-time.After(guard):
			t.Fatalf("nobody ran at %v", due)
		}
		eventually(t, "the run to return", func() bool { return !servers[ran].busy(1) })
		select {
		case again := <-runs:
			t.Fatalf("%s ran too at %v", again, due)
		default:
		}
		return ran
	}
	var last string
	for i := range 3 {
		last = at(first.Add(time.Duration(i) * time.Hour))
	}
	// The last runner is killed after its run: its timers stop, its lease
	// stays until it runs out.
	if err := servers[last].Shutdown(); err != nil {
		t.Fatal(err)
	}
	armed = 1
	survivor := map[string]string{"a": "b", "b": "a"}[last]
	if ran := at(first.Add(3 * time.Hour)); ran != survivor {
		t.Fatalf("after %s was killed, %s ran", last, ran)
	}
}

// startSharing starts a scheduler of a shared database, named name, with
// one connection; each of its runs calls run.
func startSharing(t *testing.T, clock clockwork.Clock, leases Leases, name string, connectionID uint, st Settings, run func()) *Scheduler {
	t.Helper()
	s, err := New(clock, func(context.Context, uint, types.Trigger) { run() }, Options{Leases: leases, Holder: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown() })
	s.Start()
	if err := s.Set(connectionID, st); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEveryTimeOnAConnectionsGridIsAnIntervalApartAndNoSoonerThanAsked(t *testing.T) {
	for _, id := range []uint{1, 2, 3, 1000} {
		at := start.Add(7 * time.Second)
		got := onGrid(at, time.Hour, id)
		if got.Before(at) || got.Sub(at) >= time.Hour {
			t.Errorf("connection %d: %v on the grid for %v", id, got, at)
		}
		if again := onGrid(got.Add(time.Hour-time.Nanosecond), time.Hour, id); !again.Equal(got.Add(time.Hour)) {
			t.Errorf("connection %d: the grid time after %v is %v, want an hour on", id, got, again)
		}
	}
	if onGrid(start, time.Hour, 1).Equal(onGrid(start, time.Hour, 2)) {
		t.Errorf("two connections fall due at the same time of the hour")
	}
}

// A run that asks for its lease late (a loaded server) holds it no longer
// than a punctual one: until three quarters of the way to the next time.
func TestALateRunsLeaseRunsOutBeforeTheNextTimeAsAPunctualOnesDoes(t *testing.T) {
	due := onGrid(start, time.Hour, 7)
	for _, late := range []time.Duration{0, time.Second, 10 * time.Minute, 44 * time.Minute} {
		hold := leaseHold(due.Add(late), time.Hour, 7)
		if until := due.Add(late + hold); !until.Equal(due.Add(45 * time.Minute)) {
			t.Errorf("asked %s late: held until %s after the due time, want 45m", late, until.Sub(due))
		}
	}
	if hold := leaseHold(due.Add(50*time.Minute), time.Hour, 7); hold != 0 {
		t.Errorf("asked 50 minutes late: held %s, want nothing past three quarters of the interval", hold)
	}
}
