// Package events names the events Go sends to the window, in one place, and
// gives the typed Listener interface (typed.go) that the window's adapter,
// the tray and the tests implement.
package events

import "sync"

// Event names the frontend listens to.
const (
	SyncStarted        = "sync:started"  // types.RunStarted
	SyncProgress       = "sync:progress" // types.Progress, at most ~10 a second
	SyncFinished       = "sync:finished" // types.Run
	ScheduleChanged    = "schedule:changed"
	ConnectionsChanged = "connections:changed"
	// ShowRun asks the window to open a run's details (a notification's
	// View details action).
	ShowRun = "ui:show-run"
	// NotifyUnavailable tells the window, once, that this desktop shows no
	// notifications; the payload is the sentence to show.
	NotifyUnavailable = "notify:unavailable"
)

// FirstPaint is sent by the window, once, when the Connections page has
// painted with its data (the startup bench's mark, desktop.StartupProbeEnv).
const FirstPaint = "ui:first-paint"

// Recorded is one event a Recorder saw.
type Recorded struct {
	Name    string
	Payload any
}

// Recorder keeps every event, by name, for tests. It is a Listener.
type Recorder struct {
	ByName
	mu     sync.Mutex
	events []Recorded
}

// NewRecorder makes an empty Recorder.
func NewRecorder() *Recorder {
	r := &Recorder{}
	r.ByName = ByName{Emit: r.record}
	return r
}

func (r *Recorder) record(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, Recorded{name, payload})
}

// Named returns the recorded events with that name.
func (r *Recorder) Named(name string) []Recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Recorded
	for _, e := range r.events {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}
