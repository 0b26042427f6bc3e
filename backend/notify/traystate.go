package notify

import (
	"sort"
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
	// conns are what each connection's status line is made of.
	conns map[uint]trayConn
}

// trayConn is what the tray knows of a connection to tell its status.
type trayConn struct {
	name            string
	scheduleEnabled bool
	last            *types.Run
}

func newTrayState() *trayState {
	return &trayState{running: map[uint]bool{}, failed: map[uint]bool{}, last: "No sync yet", conns: map[uint]trayConn{}}
}

// seed starts from each connection's last run; called again when the
// connections change, it forgets the ones deleted.
func (s *trayState) seed(conns []types.Connection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns, s.failed = map[uint]trayConn{}, map[uint]bool{}
	var newest *types.Run
	for _, c := range conns {
		s.conns[c.ID] = trayConn{name: c.Name, scheduleEnabled: c.Schedule.Enabled, last: c.LastRun}
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
	c := s.conns[run.ConnectionID]
	c.name, c.last = run.Connection, &run
	s.conns[run.ConnectionID] = c
	return true
}

// statuses are the connections' status lines, by name: the one truthful
// status the window's cards show (types.ConnectionHealth), with its reason
// when something needs the merchant.
func (s *trayState) statuses() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns := make([]trayConn, 0, len(s.conns))
	for _, c := range s.conns {
		conns = append(conns, c)
	}
	sort.Slice(conns, func(i, j int) bool { return conns[i].name < conns[j].name })
	lines := make([]string, len(conns))
	for i, c := range conns {
		h := types.ConnectionHealth(c.last, c.scheduleEnabled, s.paused)
		lines[i] = c.name + ": " + h.Label
		switch h.Key {
		case types.HealthFailing, types.HealthAttention, types.HealthHeld:
			lines[i] += " · " + h.Sentence
		}
	}
	return lines
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
