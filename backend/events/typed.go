package events

import "shelfsync/backend/types"

// Listener hears the app's events, one method per event, so each event's
// payload type is written once, here. The window (through wailsevents),
// the tray and the tests are listeners; List sends to all of them.
type Listener interface {
	SyncStarted(types.RunStarted)
	// SyncProgress comes at most ~10 times a second per run.
	SyncProgress(types.Progress)
	SyncFinished(types.Run)
	ScheduleChanged(types.ScheduleChanged)
	ConnectionsChanged()
	// ShowRun asks the window to open a run's details (a notification's
	// View details action).
	ShowRun(runID uint)
	// NotifyUnavailable says, once, that this desktop shows no
	// notifications, as the sentence to show.
	NotifyUnavailable(sentence string)
}

// Ignore hears nothing; embed it to implement only some events.
type Ignore struct{}

func (Ignore) SyncStarted(types.RunStarted)          {}
func (Ignore) SyncProgress(types.Progress)           {}
func (Ignore) SyncFinished(types.Run)                {}
func (Ignore) ScheduleChanged(types.ScheduleChanged) {}
func (Ignore) ConnectionsChanged()                   {}
func (Ignore) ShowRun(uint)                          {}
func (Ignore) NotifyUnavailable(string)              {}

// List sends every event to each of its listeners, in order.
type List []Listener

func (l List) SyncStarted(p types.RunStarted) {
	for _, x := range l {
		x.SyncStarted(p)
	}
}

func (l List) SyncProgress(p types.Progress) {
	for _, x := range l {
		x.SyncProgress(p)
	}
}

func (l List) SyncFinished(r types.Run) {
	for _, x := range l {
		x.SyncFinished(r)
	}
}

func (l List) ScheduleChanged(p types.ScheduleChanged) {
	for _, x := range l {
		x.ScheduleChanged(p)
	}
}

func (l List) ConnectionsChanged() {
	for _, x := range l {
		x.ConnectionsChanged()
	}
}

func (l List) ShowRun(runID uint) {
	for _, x := range l {
		x.ShowRun(runID)
	}
}

func (l List) NotifyUnavailable(sentence string) {
	for _, x := range l {
		x.NotifyUnavailable(sentence)
	}
}

// ByName turns typed events into the names and payloads the window listens
// to (frontend/src/bridge/events.ts): the one place they are paired.
type ByName struct {
	Emit func(name string, payload any)
}

func (n ByName) SyncStarted(p types.RunStarted)          { n.Emit(SyncStarted, p) }
func (n ByName) SyncProgress(p types.Progress)           { n.Emit(SyncProgress, p) }
func (n ByName) SyncFinished(r types.Run)                { n.Emit(SyncFinished, r) }
func (n ByName) ScheduleChanged(p types.ScheduleChanged) { n.Emit(ScheduleChanged, p) }
func (n ByName) ConnectionsChanged()                     { n.Emit(ConnectionsChanged, nil) }
func (n ByName) ShowRun(runID uint)                      { n.Emit(ShowRun, runID) }
func (n ByName) NotifyUnavailable(sentence string)       { n.Emit(NotifyUnavailable, sentence) }
