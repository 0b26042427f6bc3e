package notify

import (
	"sync"

	"shelfsync/backend/types"
)

// Icon is the tray icon's state.
type Icon int

// The tray icon's states.
const (
	IconIdle    Icon = iota
	IconSyncing      // a sync is running
	IconErrors       // some connection's last sync had errors
)

// trayState follows the sync events and decides what the tray shows. It
// is apart from the systray calls so that tests can drive it.
type trayState struct {
	mu      sync.Mutex
	running map[uint]bool // connection id -> a sync runs
	failed  map[uint]bool // connection id -> its last finished sync had errors
	last    string        // the last finished sync, as the menu shows it
	paused  bool
}

func newTrayState() *trayState {
	return &trayState{running: map[uint]bool{}, failed: map[uint]bool{}, last: "No sync yet"}
}

// seed starts from each connection's last run.
func (s *trayState) seed(conns []types.Connection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var newest *types.Run
	for _, c := range conns {
		if c.LastRun == nil {
			continue
		}
		s.failed[c.ID] = hadErrors(*c.LastRun)
		if newest == nil || c.LastRun.StartedAt.After(newest.StartedAt) {
			newest = c.LastRun
		}
	}
	if newest != nil {
		s.last = lastLine(*newest)
	}
}

// The observers update the state from one event; each reports whether
// anything the tray shows changed.

func (s *trayState) started(p types.RunStarted) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running[p.ConnectionID] = true
	return true
}

func (s *trayState) finished(run types.Run) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.running, run.ConnectionID)
	if run.Status != types.RunCancelled {
		s.failed[run.ConnectionID] = hadErrors(run)
	}
	s.last = lastLine(run)
	return true
}

func (s *trayState) scheduleChanged(p types.ScheduleChanged) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.Paused == s.paused {
		return false
	}
	s.paused = p.Paused
	return true
}

func (s *trayState) setPaused(p bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = p
}

// view is what the tray shows now.
func (s *trayState) view() (icon Icon, last string, paused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	icon = IconIdle
	for _, bad := range s.failed {
		if bad {
			icon = IconErrors
		}
	}
	if len(s.running) > 0 {
		icon = IconSyncing
	}
	return icon, s.last, s.paused
}

func hadErrors(run types.Run) bool {
	switch run.Status {
	case types.RunFailed, types.RunPartial, types.RunInterrupted, types.RunHeld:
		return true
	}
	return run.Counts.Failed > 0
}

func lastLine(run types.Run) string {
	return "Last: " + run.Connection + " · " + Summary(run)
}
