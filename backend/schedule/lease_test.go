package schedule

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/types"
)

// fakeLeases is TakeLease as the database does it, on the schedulers'
// fake clock.
type fakeLeases struct {
	clock *clockwork.FakeClock
	asks  atomic.Int32

	mu    sync.Mutex
	until map[string]time.Time
}

func (l *fakeLeases) TakeLease(_ context.Context, name, _ string, hold time.Duration) (bool, error) {
	defer l.asks.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if now.Before(l.until[name]) {
		return false, nil
	}
	l.until[name] = now.Add(hold)
	return true, nil
}

// Two servers schedule the same connection on their own clocks' phases
// (one anchored ten minutes before the other); each interval one of them
// runs it. The one that ran last is killed; the other takes over within an
// interval and a lease.
func TestServersSharingLeasesRunAConnectionOncePerIntervalAndTakeOverFromOneKilled(t *testing.T) {
	clock := clockwork.NewFakeClockAt(start)
	leases := &fakeLeases{clock: clock, until: map[string]time.Time{}}
	type run struct {
		server string
		at     time.Time
	}
	runs := make(chan run, 10)
	servers := map[string]*Scheduler{}
	for _, name := range []string{"a", "b"} {
		s, err := New(clock, func(_ context.Context, _ uint, _ types.Trigger) {
			runs <- run{name, clock.Now()}
		}, Options{Leases: leases, Holder: name})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Shutdown() })
		servers[name] = s
		s.Start()
	}
	// a's timers fire at 50, 110, 170 … minutes, b's at 60, 120, 180 ….
	if err := servers["a"].Set(1, Settings{Enabled: true, LastRunAt: start.Add(-10 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if err := servers["b"].Set(1, Settings{Enabled: true, LastRunAt: start}); err != nil {
		t.Fatal(err)
	}

	armed := 2
	step := func(minutes int, wantRun string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), guard)
		defer cancel()
		if err := clock.BlockUntilContext(ctx, armed); err != nil {
			t.Fatalf("waiting for %d armed jobs: %v", armed, err)
		}
		asked := leases.asks.Load()
		clock.Advance(start.Add(time.Duration(minutes)*time.Minute + tick).Sub(clock.Now()))
		eventually(t, "the due server to ask for the lease", func() bool { return leases.asks.Load() == asked+1 })
		if wantRun == "" {
			select {
			case r := <-runs:
				t.Fatalf("%s ran at %d min while the lease was taken", r.server, minutes)
			default:
			}
			return
		}
		select {
		case r := <-runs:
			if r.server != wantRun {
				t.Fatalf("at %d min %s ran, want %s", minutes, r.server, wantRun)
			}
		case <-time.After(guard):
			t.Fatalf("nobody ran at %d min", minutes)
		}
		eventually(t, "the run to return", func() bool { return !servers[wantRun].busy(1) })
	}
	step(50, "a")
	step(60, "") // the same interval: a holds the lease
	step(110, "a")
	step(120, "")
	step(170, "a")
	// a is killed after its run: its timers stop, its lease stays.
	if err := servers["a"].Shutdown(); err != nil {
		t.Fatal(err)
	}
	armed = 1
	step(180, "")  // a's lease from 170 holds until 215
	step(240, "b") // 70 minutes after a's last run: within an interval and a lease (105)
	step(300, "b")
}
