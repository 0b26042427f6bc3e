//go:build !headless

package main

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"shelfsync/backend/agent"
	"shelfsync/backend/desktop"
	"shelfsync/backend/events/wailsevents"
	"shelfsync/backend/notify"
	"shelfsync/backend/services"
)

// App is the Wails shell: the window's lifecycle hooks. What the window
// calls is bound beside it: the use cases (backend/services) and what it
// asks of the desktop (desktop.WindowService).
type App struct {
	core     *services.Core
	svc      services.Services
	log      *slog.Logger
	events   *wailsevents.Window
	notifier *notify.Notifier
	tray     *notify.Tray
	hidden   bool // started at login: stay in the tray
	ctx      context.Context
	sender   *notify.WailsSender
	quitting atomic.Bool
	// agent, in the window role, runs the syncs and the schedule; the
	// window's process ends when it closes (window_role.go).
	agent          *agent.Client
	showRunAtStart uint
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.events.SetContext(ctx)
	desktop.ProbeFirstPaint(ctx)
	if a.agent != nil {
		go a.followAgent()
		return
	}
	if sender, err := notify.NewWailsSender(ctx, a.showRun); err != nil {
		runtime.LogWarningf(ctx, "notifications: %v", err)
	} else {
		a.sender = sender
		a.notifier.SetSender(sender)
	}
	a.tray.Start()
	desktop.OnQuitSignal(a.quit)
	if err := a.core.Start(); err != nil {
		runtime.LogErrorf(ctx, "start the scheduler: %v", err)
	}
}

// domReady shows the window at its saved size and place once the page has
// painted, so there is no white flash; started at login, it stays hidden.
func (a *App) domReady(ctx context.Context) {
	desktop.PlaceWindow(ctx, a.svc.Preferences.WindowPlace())
	if !a.hidden {
		runtime.WindowShow(ctx)
	}
	if a.showRunAtStart != 0 {
		a.events.ShowRun(a.showRunAtStart)
	}
}

// beforeClose hides the window to the tray, where syncs go on; only Quit
// ends the app. Without a tray host (stock GNOME) it minimises instead, or
// the window could not be found again. The first time, a notification says
// where it went.
func (a *App) beforeClose(ctx context.Context) bool {
	a.svc.Preferences.SaveWindowPlace(desktop.WindowPlace(ctx))
	if a.quitting.Load() {
		return false
	}
	trayHost := notify.TrayHostPresent()
	if a.agent != nil && trayHost {
		return false // the window's process ends; the agent syncs on and says the hint (backend/agent)
	}
	// The hint is said once: the first close, and never again.
	action, title, body := notify.OnClose(trayHost, !a.svc.Preferences.FirstHide())
	if action == notify.CloseMinimises {
		runtime.WindowMinimise(ctx)
	} else {
		runtime.WindowHide(ctx)
	}
	if title != "" {
		a.hint(title, body)
	}
	return true
}

// hint shows a one-line notification: the agent's, in the window role.
func (a *App) hint(title, body string) {
	if a.agent == nil {
		a.notifier.Hint(title, body)
		return
	}
	if err := a.agent.Hint(title, body); err != nil {
		a.log.Warn("the hint was not shown", "error", err)
	}
}

// quitFromWindow ends ShelfSync from the window (Preferences' Quit, through
// desktop.WindowService).
func (a *App) quitFromWindow() {
	if a.agent != nil {
		// The agent quits, and tells the window to close.
		if err := a.agent.QuitAgent(); err == nil {
			return
		}
	}
	a.quit()
}

// shutdown cancels running syncs first (Core.Close records them as
// cancelled, and the tray still hears of it), then removes the tray.
func (a *App) shutdown(context.Context) {
	if err := a.core.Close(); err != nil {
		a.log.Error("closing the data folder failed", "error", err)
	}
	if a.tray != nil {
		a.tray.Stop()
	}
	a.notifier.Close()
	if a.sender != nil {
		a.sender.Close()
	}
}

// quit ends the app from the tray: syncs still running are cancelled and
// recorded as cancelled (Core.Close).
func (a *App) quit() {
	a.quitting.Store(true)
	runtime.Quit(a.ctx)
}

func (a *App) showWindow() {
	runtime.WindowUnminimise(a.ctx)
	runtime.WindowShow(a.ctx)
}

// showRun opens the window on one run (a notification's View details).
func (a *App) showRun(runID uint) {
	a.showWindow()
	a.events.ShowRun(runID)
}
