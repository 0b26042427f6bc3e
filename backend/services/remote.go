package services

import (
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/types"
)

// Remote runs the syncs and keeps the schedules of a core that does
// neither itself: the desktop window's, whose syncs and schedules live in
// the resident agent (backend/agent), so that closing the window
// interrupts no sync and opening it starts no second scheduler. Errors are
// sentences, as the local methods' are.
type Remote interface {
	StartSync(connectionID uint, mode string, req engine.Request) (runID uint, err error)
	CancelSync(connectionID uint) error
	Running() ([]types.Progress, error)
	IsRunning(connectionID uint) bool
	NextRun(connectionID uint) *time.Time
	// Reschedule re-reads a connection's schedule from the database after
	// the window changed it, or forgets a deleted connection (cancelling
	// its sync). anchor is Create's: a new connection waits one interval.
	Reschedule(connectionID uint, anchor time.Time) error
	Paused() bool
	SetPaused(paused bool) error
}

// RescheduleFrom is Remote.Reschedule done here: the agent's answer to a
// window that changed or deleted a connection.
func (c *Core) RescheduleFrom(connectionID uint, anchor time.Time) error {
	conn, err := c.db.Connection(connectionID)
	if err != nil {
		// Gone: its sync stops, its schedule goes.
		if c.engine.Cancel(connectionID) {
			for i := 0; i < 100 && c.engine.IsRunning(connectionID); i++ {
				time.Sleep(50 * time.Millisecond)
			}
		}
		if c.scheduler != nil {
			c.scheduler.Remove(connectionID)
		}
		return nil
	}
	return c.applyScheduleFrom(conn, anchor)
}

// StartSync is Remote.StartSync done here: the agent starting a sync the
// window asked for. A function, not a method, so Wails binds no such call.
func StartSync(c *Core, connectionID uint, mode string, req engine.Request) (uint, error) {
	return NewSyncService(c).start(connectionID, mode, req)
}

// NextRun is when a connection's next automatic sync is due; nil when none is.
func (c *Core) NextRun(connectionID uint) *time.Time { return c.nextRun(connectionID) }

// SyncRunning reports whether a sync of the connection runs in this core.
func (c *Core) SyncRunning(connectionID uint) bool { return c.engine.IsRunning(connectionID) }
