package services

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/schedule"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// Runs is where syncs run: this process's engine (localRuns), or the
// resident agent's for the desktop window (Remote). Errors are sentences.
type Runs interface {
	// StartSync begins req (its connection, mode and trigger filled in
	// from the arguments) in the background and returns the run's id.
	StartSync(connectionID uint, mode string, req engine.Request) (runID uint, err error)
	CancelSync(connectionID uint) error
	Running() ([]types.Progress, error)
	IsRunning(connectionID uint) bool
}

// Schedules keeps the automatic syncs: this process's scheduler
// (localSchedules), or the resident agent's (Remote).
type Schedules interface {
	NextRun(connectionID uint) *time.Time
	// Reschedule re-reads a connection's schedule from the database after
	// it changed, or forgets a deleted connection (stopping its sync).
	// anchor is Create's: a new connection waits one interval.
	Reschedule(connectionID uint, anchor time.Time) error
	Paused() bool
	SetPaused(paused bool) error
}

// Remote runs the syncs and keeps the schedules of a core that does
// neither itself: the desktop window's, whose syncs and schedules live in
// the resident agent (backend/agent), so that closing the window
// interrupts no sync and opening it starts no second scheduler.
type Remote interface {
	Runs
	Schedules
}

// Local is what this core's engine and scheduler do, for the agent to
// answer a window's Remote with.
func (c *Core) Local() Remote { return c.local }

// local is the core's own Runs and Schedules.
type local struct {
	*localRuns
	*localSchedules
}

// localRuns runs syncs on this process's engine, in goroutines the core
// waits for when it closes.
type localRuns struct {
	engine *engine.Engine
	db     *storage.DB
	ctx    context.Context // the core's: Close cancels it
	wg     *sync.WaitGroup
	log    *slog.Logger // what a refusal's sentence leaves out
}

// StartSync begins a sync in the background and returns once the engine
// has written its run row, or refused it with a sentence.
func (r *localRuns) StartSync(id uint, mode string, req engine.Request) (uint, error) {
	m, err := inventory.ParseMode(mode)
	if err != nil {
		return 0, err
	}
	conn, err := r.db.Connection(id)
	if err != nil {
		return 0, fmt.Errorf("that connection no longer exists")
	}
	if r.engine.IsRunning(id) {
		return 0, fmt.Errorf("a sync of %s is already running; wait for it to finish or cancel it", conn.Name)
	}
	begun := make(chan uint, 1)
	refused := make(chan error, 1)
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		req.ConnectionID, req.Mode, req.Trigger = id, m, types.TriggerManual
		if req.UndoRun != 0 {
			req.Mode, req.Trigger = inventory.ModeUndo, types.TriggerUndo
		}
		req.OnBegin = func(runID uint) { begun <- runID }
		if _, err := r.engine.Run(r.ctx, req); err != nil {
			refused <- err
		}
	}()
	select {
	case runID := <-begun:
		return runID, nil
	case err := <-refused:
		return 0, errors.New(userSentence(r.log, err))
	}
}

func (r *localRuns) CancelSync(id uint) error {
	if !r.engine.Cancel(id) {
		return fmt.Errorf("no sync of this connection is running")
	}
	return nil
}

func (r *localRuns) Running() ([]types.Progress, error) {
	out := []types.Progress{}
	for _, p := range r.engine.Running() {
		out = append(out, types.Progress{ConnectionID: p.ConnectionID, RunID: p.RunID, Phase: p.Phase, Done: p.Done, Total: p.Total})
	}
	return out, nil
}

func (r *localRuns) IsRunning(id uint) bool { return r.engine.IsRunning(id) }

// stopSync cancels a connection's running sync and waits (up to 5 s) for
// it to record itself as cancelled.
func stopSync(runs Runs, id uint) {
	if runs.CancelSync(id) != nil {
		return // none was running
	}
	for i := 0; i < 100 && runs.IsRunning(id); i++ {
		time.Sleep(50 * time.Millisecond)
	}
}

// localSchedules keeps the automatic syncs on this process's scheduler;
// the headless CLI has none, and only reads and writes the saved pause.
type localSchedules struct {
	scheduler *schedule.Scheduler // nil when headless
	db        *storage.DB
	runs      Runs // a deleted connection's sync is stopped
	log       *slog.Logger
	// minute is how long a minute of the schedules lasts
	// (Options.ScheduleMinute).
	minute time.Duration

	mu sync.Mutex
	// scheduled is each connection's schedule as last handed to the
	// scheduler, for following the changes other servers of a shared
	// database make (shared.go).
	scheduled map[uint]scheduledAs
}

func (s *localSchedules) NextRun(id uint) *time.Time {
	if s.scheduler == nil {
		return nil
	}
	if t, ok := s.scheduler.NextRun(id); ok {
		return &t
	}
	return nil
}

func (s *localSchedules) Reschedule(id uint, anchor time.Time) error {
	conn, err := s.db.Connection(id)
	if errors.Is(err, storage.ErrNotFound) {
		// Gone: its sync stops, its schedule goes.
		stopSync(s.runs, id)
		s.forget(id)
		return nil
	}
	if err != nil {
		return err
	}
	return s.set(conn, anchor)
}

// set (re)schedules a connection. A connection that never ran is due at
// once (a catch-up soon after start) unless anchor is set: a connection
// created just now waits one interval, so its first sync is the Full Sync
// the user runs from the wizard.
func (s *localSchedules) set(conn storage.Connection, anchor time.Time) error {
	if s.scheduler == nil {
		return nil
	}
	last, err := s.db.LastFinishedAt(conn.ID)
	if err != nil {
		return err
	}
	if last.IsZero() {
		last = anchor
	}
	err = s.scheduler.Set(conn.ID, schedule.Settings{
		Enabled:   conn.ScheduleEnabled,
		Interval:  time.Duration(conn.IntervalMinutes) * s.minute,
		LastRunAt: last,
	})
	if err == nil {
		s.mu.Lock()
		s.scheduled[conn.ID] = scheduledAs{conn.ScheduleEnabled, conn.IntervalMinutes}
		s.mu.Unlock()
	}
	return err
}

// forget drops a deleted connection's schedule.
func (s *localSchedules) forget(id uint) {
	if s.scheduler == nil {
		return
	}
	s.scheduler.Remove(id)
	s.mu.Lock()
	delete(s.scheduled, id)
	s.mu.Unlock()
}

// Paused is the scheduler's pause; without a scheduler (the CLI), the one
// saved for the app.
func (s *localSchedules) Paused() bool {
	if s.scheduler == nil {
		return s.savedPause()
	}
	return s.scheduler.Paused()
}

func (s *localSchedules) savedPause() bool {
	paused, err := strconv.ParseBool(s.db.GetSetting(settingPaused, "false"))
	return err == nil && paused // a damaged setting: not paused, the default
}

// SetPaused pauses or resumes automatic sync and remembers it; every
// connection's schedule:changed event, which the tray follows, carries the
// new state.
func (s *localSchedules) SetPaused(paused bool) error {
	if s.scheduler == nil {
		return fmt.Errorf("automatic sync runs only while the ShelfSync window or tray is open")
	}
	s.scheduler.SetPaused(paused)
	s.log.Info("automatic sync paused by the merchant", "paused", paused)
	if err := s.db.SetSetting(settingPaused, strconv.FormatBool(paused)); err != nil {
		s.log.Error("the pause was not saved", "error", err)
		return fmt.Errorf("automatic sync is %s, but ShelfSync could not remember it after a restart; check that the data folder is writable", map[bool]string{true: "paused", false: "on"}[paused])
	}
	return nil
}

// restorePaused applies the pause saved by an earlier session.
func (s *localSchedules) restorePaused() {
	if s.scheduler != nil && s.savedPause() {
		s.scheduler.SetPaused(true)
	}
}
