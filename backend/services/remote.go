package services

import (
	"fmt"
	"strconv"
	"time"

	"shelfsync/backend/types"
)

// Remote runs the syncs and keeps the schedules of a core that does
// neither itself: the desktop window's, whose syncs and schedules live in
// the resident agent (backend/agent), so that closing the window
// interrupts no sync and opening it starts no second scheduler. Errors are
// sentences, as the local methods' are.
type Remote interface {
	StartSync(connectionID uint, mode string, confirmed, turnOnTracking bool) (runID uint, err error)
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
	conn, err := c.DB.Connection(connectionID)
	if err != nil {
		// Gone: its sync stops, its schedule goes.
		if c.Engine.Cancel(connectionID) {
			for i := 0; i < 100 && c.Engine.IsRunning(connectionID); i++ {
				time.Sleep(50 * time.Millisecond)
			}
		}
		if c.Scheduler != nil {
			c.Scheduler.Remove(connectionID)
		}
		return nil
	}
	return c.applyScheduleFrom(conn, anchor)
}

// StartSync is Remote.StartSync done here: the agent starting a sync the
// window asked for. A function, not a method, so Wails binds no such call.
func StartSync(c *Core, connectionID uint, mode string, confirmed, turnOnTracking bool) (uint, error) {
	return NewSyncService(c).start(connectionID, mode, confirmed, turnOnTracking)
}

// NextRun is when a connection's next automatic sync is due; nil when none is.
func (c *Core) NextRun(connectionID uint) *time.Time { return c.nextRun(connectionID) }

// SchedulePaused reports whether automatic sync is paused.
func (c *Core) SchedulePaused() bool {
	if c.opts.Remote != nil {
		return c.opts.Remote.Paused()
	}
	if c.Scheduler == nil {
		p, _ := strconv.ParseBool(c.DB.GetSetting(SettingSchedulePaused, "false"))
		return p
	}
	return c.Scheduler.Paused()
}

// SetSchedulePaused pauses or resumes automatic sync and remembers it;
// every connection's schedule:changed event carries the new state.
func (c *Core) SetSchedulePaused(paused bool) error {
	if c.opts.Remote != nil {
		return c.opts.Remote.SetPaused(paused)
	}
	if c.Scheduler != nil {
		c.Scheduler.SetPaused(paused)
	}
	if err := c.DB.SetSetting(SettingSchedulePaused, strconv.FormatBool(paused)); err != nil {
		return fmt.Errorf("automatic sync is %s, but ShelfSync could not remember it after a restart; check that the data folder is writable", map[bool]string{true: "paused", false: "on"}[paused])
	}
	return nil
}

// restorePaused applies the remembered pause before the scheduler starts.
func (c *Core) restorePaused() {
	if p, _ := strconv.ParseBool(c.DB.GetSetting(SettingSchedulePaused, "false")); p && c.Scheduler != nil {
		c.Scheduler.SetPaused(true)
	}
}
