package schedule

import (
	"context"
	"errors"
	"shelfsync/backend/testwait"
	"shelfsync/backend/types"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// guard bounds every wait on a job goroutine; it only turns a hang into a
// failure and is never what a test measures.
const guard = 5 * time.Second

var start = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

type ran struct {
	id      uint
	trigger types.Trigger
	at      time.Time
}

type harness struct {
	t     *testing.T
	clock *clockwork.FakeClock
	s     *Scheduler
	runs  chan ran
	// hold, when set, is called inside each run, so a test can keep a run
	// going while time moves on.
	hold func(ctx context.Context, id uint)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, clock: clockwork.NewFakeClockAt(start), runs: make(chan ran, 100)}
	s, err := New(h.clock, func(ctx context.Context, id uint, trigger types.Trigger) {
		h.runs <- ran{id: id, trigger: trigger, at: h.clock.Now()}
		if h.hold != nil {
			h.hold(ctx, id)
		}
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	t.Cleanup(func() {
		if err := s.Shutdown(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return h
}

func (h *harness) set(id uint, st Settings) {
	h.t.Helper()
	if err := h.s.Set(id, st); err != nil {
		h.t.Fatalf("set %d: %v", id, err)
	}
}

// tick is how far past a due time the tests move the clock, as a real
// clock always is by the time a timer fires; gocron computes the next run
// from "now", and landing exactly on an instant is a case no real clock hits.
const tick = time.Millisecond

// advanceTo moves the fake clock just past due once gocron has armed
// timers for n jobs.
func (h *harness) advanceTo(due time.Time, n int) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	if err := h.clock.BlockUntilContext(ctx, n); err != nil {
		h.t.Fatalf("waiting for %d armed jobs: %v", n, err)
	}
	h.clock.Advance(due.Add(tick).Sub(h.clock.Now()))
}

func (h *harness) nextRun() ran {
	h.t.Helper()
	select {
	case r := <-h.runs:
		// gocron has received the run's bookkeeping messages before the
		// run starts but may still be applying them; asking it anything
		// waits for that, so the next Advance cannot overtake it.
		h.s.NextRun(r.id)
		return r
	case <-time.After(guard):
		h.t.Fatal("no run happened")
		return ran{}
	}
}

// runAt waits for the next run and checks that it happened at due.
func (h *harness) runAt(due time.Time) ran {
	h.t.Helper()
	r := h.nextRun()
	if r.at.Before(due) || r.at.After(due.Add(tick)) {
		h.t.Fatalf("connection %d ran (%s) at %v, want at %v", r.id, r.trigger, r.at, due)
	}
	if h.hold == nil {
		h.waitDone(r.id)
	}
	return r
}

// waitDone waits until the connection's run has returned, so moving the
// clock on cannot make the next run meet it.
func (h *harness) waitDone(id uint) {
	h.t.Helper()
	eventually(h.t, "the run returns", func() bool { return !h.s.busy(id) })
}

func (h *harness) noPendingRuns() {
	h.t.Helper()
	select {
	case r := <-h.runs:
		h.t.Fatalf("unexpected run of %d (%s) at %v", r.id, r.trigger, r.at)
	default:
	}
}

func (h *harness) wantNext(id uint, want time.Time) {
	h.t.Helper()
	got, ok := h.s.NextRun(id)
	if !ok || !got.Equal(want) {
		h.t.Fatalf("NextRun(%d) = %v, %v; want %v", id, got, ok, want)
	}
}

// eventually waits for cond, which the scheduler's goroutines make true.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testwait.Within(t, guard, cond, "%s", what)
}

func TestConnectionRunsHourlyByDefault(t *testing.T) {
	h := newHarness(t)
	h.s.Start()
	h.set(1, Settings{Enabled: true, LastRunAt: start.Add(-10 * time.Minute)})
	h.wantNext(1, start.Add(50*time.Minute))

	for _, due := range []time.Duration{50 * time.Minute, 110 * time.Minute, 170 * time.Minute} {
		h.advanceTo(start.Add(due), 1)
		if r := h.runAt(start.Add(due)); r.id != 1 || r.trigger != types.TriggerScheduled {
			t.Fatalf("run = %+v", r)
		}
	}
	eventually(t, "next run an hour on", func() bool {
		next, ok := h.s.NextRun(1)
		return ok && next.Equal(start.Add(230*time.Minute))
	})
	h.noPendingRuns()
}

func TestRunThatComesDueWhileOneRunsIsSkippedNotStacked(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	var inFlight, maxInFlight atomic.Int32
	h.hold = func(ctx context.Context, id uint) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
	}
	h.s.Start()
	h.set(1, Settings{Enabled: true, Interval: time.Hour, LastRunAt: start.Add(-30 * time.Minute)})

	h.advanceTo(start.Add(30*time.Minute), 1)
	h.runAt(start.Add(30 * time.Minute)) // starts and blocks
	h.advanceTo(start.Add(90*time.Minute), 1)
	eventually(t, "the run due while the first still runs is skipped", func() bool {
		return h.s.SkippedRuns(1) == 1
	})
	close(release)
	h.waitDone(1)
	h.noPendingRuns()

	h.advanceTo(start.Add(150*time.Minute), 1)
	h.runAt(start.Add(150 * time.Minute))
	if got := maxInFlight.Load(); got != 1 {
		t.Fatalf("%d runs of one connection overlapped", got)
	}
	h.noPendingRuns()
}

func TestAppClosedFiveHoursRunsOnceAtStartupThenHourly(t *testing.T) {
	h := newHarness(t)
	h.set(1, Settings{Enabled: true, Interval: time.Hour, LastRunAt: start.Add(-5 * time.Hour)})
	h.s.Start()
	catchUp := start.Add(10 * time.Second)
	h.wantNext(1, catchUp)

	h.advanceTo(catchUp, 1)
	if r := h.runAt(catchUp); r.trigger != types.TriggerStartup {
		t.Fatalf("catch-up run has trigger %s", r.trigger)
	}
	eventually(t, "next run an hour after the catch-up", func() bool {
		next, ok := h.s.NextRun(1)
		return ok && next.Equal(catchUp.Add(time.Hour))
	})
	h.noPendingRuns()

	h.advanceTo(catchUp.Add(time.Hour), 1)
	if r := h.runAt(catchUp.Add(time.Hour)); r.trigger != types.TriggerScheduled {
		t.Fatalf("run after catch-up has trigger %s", r.trigger)
	}
	h.noPendingRuns()
}

func TestNeverSyncedConnectionRunsSoonAfterStart(t *testing.T) {
	h := newHarness(t)
	h.s.Start()
	h.set(7, Settings{Enabled: true})
	h.wantNext(7, start.Add(10*time.Second))
	h.advanceTo(start.Add(10*time.Second), 1)
	if r := h.runAt(start.Add(10 * time.Second)); r.id != 7 || r.trigger != types.TriggerStartup {
		t.Fatalf("run = %+v", r)
	}
}

func TestSetBeforeStartCountsTheStartupDelayFromStart(t *testing.T) {
	h := newHarness(t)
	h.set(1, Settings{Enabled: true, LastRunAt: start.Add(-2 * time.Hour)})
	h.clock.Advance(time.Minute) // the app spends a minute loading
	h.s.Start()
	due := start.Add(time.Minute + 10*time.Second)
	h.wantNext(1, due)
	h.advanceTo(due, 1)
	if r := h.runAt(due); r.trigger != types.TriggerStartup {
		t.Fatalf("run = %+v", r)
	}
}

func TestDisabledConnectionNeverRuns(t *testing.T) {
	h := newHarness(t)
	h.s.Start()
	h.set(1, Settings{Enabled: true, LastRunAt: start.Add(-10 * time.Minute)}) // a witness that does run
	h.set(2, Settings{Enabled: true, LastRunAt: start.Add(-10 * time.Minute)})
	h.set(2, Settings{Enabled: false})
	h.set(3, Settings{Enabled: false})
	for _, id := range []uint{2, 3} {
		if _, ok := h.s.NextRun(id); ok {
			t.Fatalf("disabled connection %d has a next run", id)
		}
	}
	for _, due := range []time.Duration{50 * time.Minute, 110 * time.Minute, 170 * time.Minute} {
		h.advanceTo(start.Add(due), 1)
		if r := h.runAt(start.Add(due)); r.id != 1 {
			t.Fatalf("connection %d ran while disabled", r.id)
		}
	}
	h.noPendingRuns()
}

func TestPauseStopsEveryRunAndResumeCatchesUpOnce(t *testing.T) {
	h := newHarness(t)
	h.s.Start()
	h.set(1, Settings{Enabled: true, LastRunAt: start.Add(-10 * time.Minute)})
	h.set(2, Settings{Enabled: true, LastRunAt: start.Add(-20 * time.Minute)})

	h.s.SetPaused(true)
	if !h.s.Paused() {
		t.Fatal("Paused() = false after SetPaused(true)")
	}
	for _, id := range []uint{1, 2} {
		if _, ok := h.s.NextRun(id); ok {
			t.Fatalf("connection %d reports a next run while paused", id)
		}
	}
	if n := len(h.s.cron.Jobs()); n != 0 {
		t.Fatalf("%d jobs still armed while paused", n)
	}
	h.clock.Advance(3 * time.Hour)
	h.noPendingRuns()

	h.s.SetPaused(false)
	catchUp := start.Add(3*time.Hour + 10*time.Second)
	h.wantNext(1, catchUp)
	h.advanceTo(catchUp, 2)
	got := map[uint]types.Trigger{}
	for i := 0; i < 2; i++ {
		r := h.runAt(catchUp)
		got[r.id] = r.trigger
	}
	if got[1] != types.TriggerScheduled || got[2] != types.TriggerScheduled {
		t.Fatalf("runs after resume = %v", got)
	}
	eventually(t, "both next runs an hour on", func() bool {
		a, okA := h.s.NextRun(1)
		b, okB := h.s.NextRun(2)
		want := catchUp.Add(time.Hour)
		return okA && okB && a.Equal(want) && b.Equal(want)
	})
	h.noPendingRuns()
}

func TestChangingTheIntervalMovesTheNextRunKeepingTheLastRunAnchor(t *testing.T) {
	h := newHarness(t)
	h.s.Start()
	last := start.Add(-10 * time.Minute)
	h.set(1, Settings{Enabled: true, Interval: time.Hour, LastRunAt: last})
	h.wantNext(1, start.Add(50*time.Minute))

	h.set(1, Settings{Enabled: true, Interval: 2 * time.Hour, LastRunAt: last})
	h.wantNext(1, start.Add(110*time.Minute))
	if n := len(h.s.cron.Jobs()); n != 1 {
		t.Fatalf("%d jobs for one connection", n)
	}
	// Moving straight to +1h50 would also fire a left-over +50m timer; the
	// first run seen must be the new one.
	h.advanceTo(start.Add(110*time.Minute), 1)
	h.runAt(start.Add(110 * time.Minute))
	h.noPendingRuns()
}

func TestRescheduleAfterARunAnchorsOnThatRun(t *testing.T) {
	h := newHarness(t)
	h.s.Start()
	h.set(1, Settings{Enabled: true, Interval: time.Hour, LastRunAt: start.Add(-10 * time.Minute)})
	h.advanceTo(start.Add(50*time.Minute), 1)
	h.runAt(start.Add(50 * time.Minute))
	eventually(t, "the run is recorded", func() bool {
		return h.s.lastRun(1).After(start)
	})
	// The caller passes the stale LastRunAt it had; the run seen here wins.
	h.set(1, Settings{Enabled: true, Interval: 30 * time.Minute, LastRunAt: start.Add(-10 * time.Minute)})
	h.wantNext(1, start.Add(80*time.Minute+tick))
}

func TestIntervalBelowTheMinimumIsRefused(t *testing.T) {
	h := newHarness(t)
	err := h.s.Set(1, Settings{Enabled: true, Interval: 4 * time.Minute})
	if !errors.Is(err, ErrIntervalTooShort) {
		t.Fatalf("err = %v, want ErrIntervalTooShort", err)
	}
	if _, ok := h.s.NextRun(1); ok {
		t.Fatal("refused schedule has a next run")
	}
	if err := h.s.Set(1, Settings{Enabled: true, Interval: 5 * time.Minute}); err != nil {
		t.Fatalf("5 minutes refused: %v", err)
	}
}

func TestOnChangeIsCalledWhenScheduledAndAfterEachRun(t *testing.T) {
	h := newHarness(t)
	changes := make(chan uint, 10)
	h.s.OnChange(func(id uint) { changes <- id })
	h.s.Start()
	h.set(4, Settings{Enabled: true, LastRunAt: start.Add(-10 * time.Minute)})
	if id := <-changes; id != 4 {
		t.Fatalf("OnChange(%d) after Set", id)
	}
	h.advanceTo(start.Add(50*time.Minute), 1)
	h.runAt(start.Add(50 * time.Minute))
	select {
	case id := <-changes:
		if id != 4 {
			t.Fatalf("OnChange(%d) after the run", id)
		}
	case <-time.After(guard):
		t.Fatal("OnChange not called after the run")
	}
	h.wantNext(4, start.Add(110*time.Minute))
}

func TestShutdownCancelsARunInProgress(t *testing.T) {
	h := newHarness(t)
	cancelled := make(chan struct{})
	h.hold = func(ctx context.Context, id uint) {
		<-ctx.Done()
		close(cancelled)
	}
	h.s.Start()
	h.set(1, Settings{Enabled: true})
	h.advanceTo(start.Add(10*time.Second), 1)
	h.nextRun()
	if err := h.s.Shutdown(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-cancelled:
	default:
		t.Fatal("Shutdown returned before the run saw its context end")
	}
	if err := h.s.Set(2, Settings{Enabled: true}); !errors.Is(err, ErrSchedulerShutDown) {
		t.Fatalf("Set after Shutdown: %v", err)
	}
}

func TestRunStillGoingAfterRemoveAndSetIsNotOverlapped(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	h.hold = func(ctx context.Context, id uint) {
		select {
		case <-release:
		case <-ctx.Done():
		}
	}
	h.s.Start()
	h.set(1, Settings{Enabled: true})
	h.advanceTo(start.Add(10*time.Second), 1)
	h.runAt(start.Add(10 * time.Second))

	h.s.Remove(1)
	h.set(1, Settings{Enabled: true}) // never synced as far as the caller knows: catch up
	h.advanceTo(start.Add(20*time.Second), 1)
	eventually(t, "the catch-up meeting the running sync is skipped", func() bool {
		return h.s.SkippedRuns(1) == 1
	})
	close(release)
	h.waitDone(1)
	h.noPendingRuns()
}
