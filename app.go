//go:build !headless

package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"shelfsync/backend/agent"
	"shelfsync/backend/cli"
	"shelfsync/backend/desktop"
	"shelfsync/backend/events"
	"shelfsync/backend/events/wailsevents"
	"shelfsync/backend/notify"
	"shelfsync/backend/services"
	"shelfsync/backend/types"
)

// App is the Wails-bound shell: lifecycle hooks and a few window methods.
// The use cases live in backend/services, bound beside it.
type App struct {
	core      *services.Core
	svc       services.Services
	log       *slog.Logger
	events    *wailsevents.Window
	notifier  *notify.Notifier
	tray      *notify.Tray
	autostart *desktop.Autostart
	hidden    bool // started at login: stay in the tray
	ctx       context.Context
	sender    *notify.WailsSender
	quitting  atomic.Bool
	// agent, in the window role, runs the syncs and the schedule; the
	// window's process ends when it closes (window_role.go).
	agent          *agent.Client
	showRunAtStart uint
}

// Version is the app's version, for the About line.
func (a *App) Version() string { return cli.Version }

// DataDir is where the database lives, shown in Settings.
func (a *App) DataDir() string { return a.core.DataDir() }

// NotifyPolicy is when a finished sync shows a notification: always,
// changes (and failures; the default), failures or never.
func (a *App) NotifyPolicy() string { return string(a.notifier.Policy()) }

// SetNotifyPolicy changes when a finished sync shows a notification.
func (a *App) SetNotifyPolicy(policy string) error { return a.notifier.SetPolicy(policy) }

// StartAtLogin reports whether ShelfSync starts (in the tray) at login.
func (a *App) StartAtLogin() bool { return a.autostart != nil && a.autostart.Enabled() }

// SetStartAtLogin turns starting at login on or off.
func (a *App) SetStartAtLogin(on bool) error {
	if a.autostart == nil {
		return fmt.Errorf("ShelfSync cannot find its own program file, so it cannot start at login; reinstall it")
	}
	return a.autostart.Set(on)
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.events.SetContext(ctx)
	if path := desktop.StartupProbePath(); path != "" {
		runtime.EventsOnce(ctx, events.FirstPaint, func(...any) {
			if err := desktop.RecordFirstPaint(path, time.Now()); err != nil {
				runtime.LogWarning(ctx, err.Error())
			}
		})
	}
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
	p := a.svc.Preferences.WindowPlace()
	if p.Width >= 800 && p.Height >= 560 {
		runtime.WindowSetSize(ctx, p.Width, p.Height)
	}
	if p.X > 0 || p.Y > 0 {
		runtime.WindowSetPosition(ctx, p.X, p.Y)
	}
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
	w, h := runtime.WindowGetSize(ctx)
	x, y := runtime.WindowGetPosition(ctx)
	a.svc.Preferences.SaveWindowPlace(types.WindowPlace{X: x, Y: y, Width: w, Height: h})
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

// Quit ends ShelfSync from the window (Preferences), for desktops without
// a tray menu to choose Quit from; running syncs are recorded as cancelled.
func (a *App) Quit() {
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
