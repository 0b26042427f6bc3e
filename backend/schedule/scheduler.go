// Package schedule runs each connection's automatic sync on its interval:
// one gocron job per connection, never two runs of a connection at once,
// and a missed run made up once, soon after start, rather than once per
// missed interval. It knows nothing about syncing; it calls a RunFunc.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"shelfsync/backend/types"
	"slices"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"
)

// DefaultInterval is the interval of a new connection's schedule.
const DefaultInterval = 60 * time.Minute

const (
	defaultStartupDelay = 10 * time.Second
	defaultMinInterval  = 5 * time.Minute
)

// RunFunc runs one automatic sync. ctx ends when the scheduler shuts down.
type RunFunc func(ctx context.Context, connectionID uint, trigger types.Trigger)

// Settings are one connection's automatic sync settings.
type Settings struct {
	Enabled bool
	// Interval between runs; zero means DefaultInterval.
	Interval time.Duration
	// LastRunAt is when the connection last synced; zero: never synced.
	LastRunAt time.Time
}

// Options tune the scheduler; zero values take the defaults.
type Options struct {
	// StartupDelay is how long after start a catch-up run waits, so the
	// window is up before work begins (default 10s).
	StartupDelay time.Duration
	// Log hears of runs skipped or not scheduled, and why; nil logs nothing.
	Log *slog.Logger
	// MinInterval is the shortest interval Set accepts (default 5m).
	MinInterval time.Duration
	// Leases, when set, share the runs with the other schedulers of a
	// shared database (lease.go); Holder names this one in them.
	Leases Leases
	Holder string
}

// Scheduler holds one job per enabled connection.
type Scheduler struct {
	clock clockwork.Clock
	run   RunFunc
	opts  Options
	log   *slog.Logger
	cron  gocron.Scheduler

	// runCtx is handed to every run and cancelled by Shutdown, so a sync in
	// flight stops promptly when the app quits.
	runCtx    context.Context
	cancelRun context.CancelFunc

	// opMu serialises the calls that change gocron jobs (Set, Remove,
	// SetPaused, Start, Shutdown). It is never taken by a running job, so
	// a job that runs long cannot block a settings change.
	opMu sync.Mutex

	// mu guards the fields below; it is never held while calling gocron.
	mu        sync.Mutex
	entries   map[uint]*entry
	jobIDs    map[uint]uuid.UUID // one gocron job id per connection, kept for its life
	running   map[uint]bool      // kept apart from entries: a run outlives Remove and Set
	paused    bool
	started   bool
	shutDown  bool
	listeners []func(connectionID uint)
	skipped   map[uint]int // runs not started because the previous one still ran
	// catchUps counts the catch-ups under way, which Shutdown waits for.
	catchUps sync.WaitGroup
}

type entry struct {
	settings Settings
	// lastRun is the later of settings.LastRunAt and the last run started
	// here, so a settings change keeps the schedule anchored on it.
	lastRun time.Time
	// nextTrigger is the trigger of the next time the job fires: the
	// catch-up trigger once, then types.TriggerScheduled.
	nextTrigger types.Trigger
	// planned is the first run computed by FirstRun, reported by NextRun
	// until gocron has the job running.
	planned time.Time
	job     gocron.Job
	// catchUp is the look at the connection when a lease another
	// scheduler took for catchUpDue runs out (catchup.go).
	catchUp    clockwork.Timer
	catchUpDue time.Time
}

// New builds a scheduler that calls run for each due connection. Call Start
// to begin and Shutdown to end.
func New(clock clockwork.Clock, run RunFunc, opts Options) (*Scheduler, error) {
	if opts.StartupDelay <= 0 {
		opts.StartupDelay = defaultStartupDelay
	}
	if opts.MinInterval <= 0 {
		opts.MinInterval = defaultMinInterval
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{
		clock:     clock,
		run:       run,
		opts:      opts,
		log:       opts.Log,
		runCtx:    ctx,
		cancelRun: cancel,
		entries:   map[uint]*entry{},
		jobIDs:    map[uint]uuid.UUID{},
		running:   map[uint]bool{},
		skipped:   map[uint]int{},
	}
	cron, err := gocron.NewScheduler(gocron.WithClock(clock))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("create scheduler: %w", err)
	}
	s.cron = cron
	return s, nil
}

// Start schedules every connection Set so far, computing catch-up runs from
// the time of Start, and lets jobs run.
func (s *Scheduler) Start() {
	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.mu.Lock()
	if s.started || s.shutDown {
		s.mu.Unlock()
		return
	}
	s.started = true
	paused := s.paused
	ids := s.sortedIDs()
	s.mu.Unlock()

	s.cron.Start()
	if paused {
		return
	}
	for _, id := range ids {
		// A failure here leaves that connection unscheduled; NextRun then
		// reports none, which the window shows. It cannot happen for an
		// interval Set already accepted.
		if err := s.schedule(id, types.TriggerStartup); err != nil {
			s.log.Error("connection not scheduled at start", "connection", id, "error", err)
		}
	}
	s.notify(ids...)
}

// Set creates, reschedules or (when st.Enabled is false) removes the job of
// one connection.
func (s *Scheduler) Set(connectionID uint, st Settings) error {
	if st.Interval == 0 {
		st.Interval = DefaultInterval
	}
	if st.Enabled && st.Interval < s.opts.MinInterval {
		return fmt.Errorf("%w: every %s is more often than the minimum of %s; choose %s or longer",
			ErrIntervalTooShort, st.Interval, s.opts.MinInterval, s.opts.MinInterval)
	}
	if !st.Enabled {
		s.Remove(connectionID)
		return nil
	}

	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.mu.Lock()
	if s.shutDown {
		s.mu.Unlock()
		return ErrSchedulerShutDown
	}
	e, ok := s.entries[connectionID]
	if !ok {
		e = &entry{}
		s.entries[connectionID] = e
	}
	e.settings = st
	if st.LastRunAt.After(e.lastRun) {
		e.lastRun = st.LastRunAt
	}
	active := s.started && !s.paused
	s.mu.Unlock()

	if active {
		if err := s.schedule(connectionID, types.TriggerStartup); err != nil {
			return err
		}
	}
	s.notify(connectionID)
	return nil
}

// Remove drops a connection's job. A run in progress finishes.
func (s *Scheduler) Remove(connectionID uint) {
	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.mu.Lock()
	e, ok := s.entries[connectionID]
	delete(s.entries, connectionID)
	s.mu.Unlock()
	if !ok {
		return
	}
	if e.job != nil {
		_ = s.cron.RemoveJob(e.job.ID()) // ErrJobNotFound: already gone
	}
	if e.catchUp != nil {
		e.catchUp.Stop()
	}
	s.notify(connectionID)
}

// NextRun reports when the connection's next automatic run is due; false
// when it has none (disabled, unknown, or paused).
func (s *Scheduler) NextRun(connectionID uint) (time.Time, bool) {
	s.mu.Lock()
	e, ok := s.entries[connectionID]
	if !ok || s.paused || s.shutDown {
		s.mu.Unlock()
		return time.Time{}, false
	}
	job, planned := e.job, e.planned
	started := s.started
	var plan Plan
	if !started {
		plan = FirstRun(s.clock.Now(), e.lastRun, e.settings.Interval, s.opts.StartupDelay, types.TriggerStartup)
	}
	s.mu.Unlock()

	if !started {
		return plan.At, true
	}
	if job == nil {
		return time.Time{}, false
	}
	// gocron's list can briefly still hold the time of the run that just
	// fired; take the first time still ahead.
	nexts, err := job.NextRuns(3)
	if err != nil {
		return time.Time{}, false
	}
	now := s.clock.Now()
	for _, t := range nexts {
		if t.After(now) {
			return t, true
		}
	}
	if len(nexts) > 0 {
		return nexts[len(nexts)-1], true
	}
	return planned, !planned.IsZero()
}

// SetPaused pauses ("Pause automatic sync") or resumes every connection's
// schedule. On resume, a connection whose run came due while paused runs
// once, StartupDelay later, as a scheduled run.
func (s *Scheduler) SetPaused(paused bool) {
	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.mu.Lock()
	if s.paused == paused || s.shutDown {
		s.mu.Unlock()
		return
	}
	s.paused = paused
	started := s.started
	ids := s.sortedIDs()
	var jobs []gocron.Job
	if paused {
		for _, e := range s.entries {
			if e.job != nil {
				jobs = append(jobs, e.job)
				e.job = nil
			}
		}
	}
	s.mu.Unlock()

	for _, j := range jobs {
		if err := s.cron.RemoveJob(j.ID()); err != nil {
			// fire checks paused under the lock, so a job left behind runs
			// nothing; said here in case one does.
			s.log.Warn("a paused connection's job could not be removed", "error", err)
		}
	}
	if !paused && started {
		for _, id := range ids {
			if err := s.schedule(id, types.TriggerScheduled); err != nil {
				s.log.Error("connection not scheduled on resume", "connection", id, "error", err)
			}
		}
	}
	s.log.Info("automatic sync paused or resumed", "paused", paused)
	s.notify(ids...)
}

// Paused reports whether automatic sync is paused.
func (s *Scheduler) Paused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused
}

// OnChange registers f to be called with a connection's id after its job is
// scheduled, rescheduled, removed or has run, so the window can show the new
// next-run time. f runs on the scheduler's goroutines and must not block.
func (s *Scheduler) OnChange(f func(connectionID uint)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, f)
}

// Shutdown cancels runs in progress, waits for them to return, and stops
// every job.
func (s *Scheduler) Shutdown() error {
	s.opMu.Lock()
	defer s.opMu.Unlock()
	s.mu.Lock()
	if s.shutDown {
		s.mu.Unlock()
		return nil
	}
	s.shutDown = true
	for _, e := range s.entries {
		if e.catchUp != nil {
			e.catchUp.Stop()
		}
	}
	s.mu.Unlock()
	s.cancelRun()
	err := s.cron.Shutdown()
	s.catchUps.Wait()
	if err != nil {
		return fmt.Errorf("stop scheduler: %w", err)
	}
	return nil
}

// schedule (re)creates the connection's gocron job from its settings and
// last run. Callers hold opMu.
func (s *Scheduler) schedule(connectionID uint, catchUp types.Trigger) error {
	s.mu.Lock()
	e, ok := s.entries[connectionID]
	if !ok {
		s.mu.Unlock()
		return nil
	}
	now := s.clock.Now()
	plan := FirstRun(now, e.lastRun, e.settings.Interval, s.opts.StartupDelay, catchUp)
	if s.opts.Leases != nil {
		plan.At = onGrid(plan.At, e.settings.Interval, connectionID)
	}
	e.nextTrigger = plan.Trigger
	e.planned = plan.At
	id, known := s.jobIDs[connectionID]
	if !known {
		id = uuid.New()
		s.jobIDs[connectionID] = id
	}
	interval := e.settings.Interval
	s.mu.Unlock()

	task := gocron.NewTask(func() { s.fire(connectionID) })
	job, err := s.putJob(connectionID, id, interval, task, plan.At, now)
	if err != nil {
		return fmt.Errorf("schedule connection %d: %w", connectionID, err)
	}
	s.mu.Lock()
	if cur, ok := s.entries[connectionID]; ok && cur == e {
		e.job = job
	}
	s.mu.Unlock()
	return nil
}

// putJob creates the job with the connection's id, or replaces it when it
// exists, so a connection never has two jobs.
func (s *Scheduler) putJob(connectionID uint, id uuid.UUID, interval time.Duration, task gocron.Task, at, now time.Time) (gocron.Job, error) {
	var shared []gocron.JobOption
	if s.opts.Leases != nil {
		shared = []gocron.JobOption{
			gocron.WithName(leaseName(connectionID)),
			gocron.WithDistributedJobLocker(leaseLocker{s: s, interval: interval, connectionID: connectionID}),
		}
	}
	start := gocron.WithStartImmediately()
	if at.After(now) {
		start = gocron.WithStartDateTime(at)
	}
	job, err := s.cron.Update(id, gocron.DurationJob(interval), task, append(shared, gocron.WithStartAt(start))...)
	if errors.Is(err, gocron.ErrWithStartDateTimePast) {
		// The clock passed at between our reading and gocron's: run now.
		job, err = s.cron.Update(id, gocron.DurationJob(interval), task, append(shared, gocron.WithStartAt(gocron.WithStartImmediately()))...)
	}
	return job, err
}

// SkippedRuns reports how many of the connection's runs came due while its
// previous run was still going and were therefore skipped.
func (s *Scheduler) SkippedRuns(connectionID uint) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.skipped[connectionID]
}

// busy reports whether a run of the connection is in progress.
func (s *Scheduler) busy(connectionID uint) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running[connectionID]
}

// lastRun is the anchor the next reschedule of the connection uses.
func (s *Scheduler) lastRun(connectionID uint) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[connectionID]; ok {
		return e.lastRun
	}
	return time.Time{}
}

// fire is the body of every job. It keeps runs of one connection from
// overlapping: a run that comes due while the previous one still runs is
// skipped (counted in SkippedRuns), and the job stays on its interval.
//
// This is gocron's singleton mode with LimitModeReschedule done by hand.
// gocron v2.21's own version frees its slot only after the run's
// bookkeeping, so a run due just as the previous one returns is dropped,
// and it can re-arm a job for the instant it just ran (a double run); both
// showed up under a fake clock. A flag under our own lock has neither race,
// and it also guards a job re-created by a settings change, a resume, or a
// Remove and Set while the run goes on.
func (s *Scheduler) fire(connectionID uint) {
	s.mu.Lock()
	e, ok := s.entries[connectionID]
	if !ok || s.paused || s.shutDown {
		paused := s.paused
		s.mu.Unlock()
		s.log.Info("scheduled sync skipped", "connection", connectionID, "why", skipReason(ok, paused))
		return
	}
	if s.running[connectionID] {
		s.skipped[connectionID]++
		s.mu.Unlock()
		s.log.Warn("scheduled sync skipped", "connection", connectionID, "why", "the previous sync of this connection is still running")
		return
	}
	trigger := e.nextTrigger
	e.nextTrigger = types.TriggerScheduled
	s.running[connectionID] = true
	s.mu.Unlock()
	s.runAndEnd(connectionID, trigger)
}

// beginRun marks the connection running here, unless it already is.
func (s *Scheduler) beginRun(connectionID uint) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running[connectionID] {
		return false
	}
	s.running[connectionID] = true
	return true
}

// runAndEnd runs a connection marked running.
func (s *Scheduler) runAndEnd(connectionID uint, trigger types.Trigger) {
	started := s.clock.Now()
	s.run(s.runCtx, connectionID, trigger)
	s.endRun(connectionID, started)
}

// endRun marks the connection no longer running here; started is when the
// run that ended started, zero when none did.
func (s *Scheduler) endRun(connectionID uint, started time.Time) {
	s.mu.Lock()
	delete(s.running, connectionID)
	if cur, ok := s.entries[connectionID]; ok && started.After(cur.lastRun) {
		cur.lastRun = started
	}
	s.mu.Unlock()
	if !started.IsZero() {
		s.notify(connectionID)
	}
}

func (s *Scheduler) notify(ids ...uint) {
	s.mu.Lock()
	listeners := slices.Clone(s.listeners)
	s.mu.Unlock()
	for _, id := range ids {
		for _, f := range listeners {
			f(id)
		}
	}
}

// sortedIDs lists the connections with settings; callers hold mu.
func (s *Scheduler) sortedIDs() []uint {
	ids := make([]uint, 0, len(s.entries))
	for id := range s.entries {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func skipReason(scheduled, paused bool) string {
	switch {
	case !scheduled:
		return "the connection's automatic sync was turned off or removed"
	case paused:
		return "automatic sync is paused"
	}
	return "ShelfSync is shutting down"
}
