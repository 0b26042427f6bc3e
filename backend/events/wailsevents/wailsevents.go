// Package wailsevents sends the app's events to the Wails window, and to
// the other listeners of the desktop app (the tray) on the same list. Only
// the desktop build imports it: it is the one place events meet the Wails
// runtime.
package wailsevents

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"shelfsync/backend/events"
	"shelfsync/backend/types"
)

// Window is the list of listeners: the window (by event name, once it
// exists) and whoever Also adds.
type Window struct {
	mu     sync.RWMutex
	ctx    context.Context
	others []events.Listener
}

// SetContext is called at the window's start-up, with Wails' context.
func (w *Window) SetContext(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ctx = ctx
}

// Also adds a listener that hears every event the window hears.
func (w *Window) Also(l events.Listener) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.others = append(w.others, l)
}

// list is the window and the others, as the events reach them.
func (w *Window) list() events.List {
	w.mu.RLock()
	defer w.mu.RUnlock()
	ctx := w.ctx
	out := events.List{events.ByName{Emit: func(name string, payload any) {
		if ctx != nil {
			runtime.EventsEmit(ctx, name, payload)
		}
	}}}
	return append(out, w.others...)
}

func (w *Window) SyncStarted(p types.RunStarted)          { w.list().SyncStarted(p) }
func (w *Window) SyncProgress(p types.Progress)           { w.list().SyncProgress(p) }
func (w *Window) SyncFinished(r types.Run)                { w.list().SyncFinished(r) }
func (w *Window) ScheduleChanged(p types.ScheduleChanged) { w.list().ScheduleChanged(p) }
func (w *Window) ConnectionsChanged()                     { w.list().ConnectionsChanged() }
func (w *Window) ShowRun(runID uint)                      { w.list().ShowRun(runID) }
func (w *Window) NotifyUnavailable(sentence string)       { w.list().NotifyUnavailable(sentence) }

var _ events.Listener = (*Window)(nil)
