// Package wailsevents sends backend events to the Wails window, and to the
// other listeners of the desktop app (the tray) on the same list. Only the
// desktop build imports it: it is the one place events meet the Wails
// runtime.
package wailsevents

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"shelfsync/backend/events"
)

// Emitter is an events.Emitter that reaches the window once it exists.
type Emitter struct {
	mu        sync.RWMutex
	ctx       context.Context
	listeners []events.Emitter
}

// SetContext is called at the window's start-up, with Wails' context.
func (e *Emitter) SetContext(ctx context.Context) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ctx = ctx
}

// Also adds a listener that hears every event the window hears.
func (e *Emitter) Also(l events.Emitter) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.listeners = append(e.listeners, l)
}

// Emit sends one event to the window and the listeners.
func (e *Emitter) Emit(name string, payload any) {
	e.mu.RLock()
	ctx, listeners := e.ctx, e.listeners
	e.mu.RUnlock()
	if ctx != nil {
		runtime.EventsEmit(ctx, name, payload)
	}
	for _, l := range listeners {
		l.Emit(name, payload)
	}
}
