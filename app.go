//go:build !headless

package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"shelfsync/backend/agent"
	"shelfsync/backend/cli"
	"shelfsync/backend/desktop"
	"shelfsync/backend/events"
	"shelfsync/backend/notify"
	"shelfsync/backend/services"
	"shelfsync/backend/storage"
)

// App is the Wails-bound shell: lifecycle hooks and a few window methods.
// The use cases live in backend/services, bound beside it.
type App struct {
	core      *services.Core
	emitter   *wailsEmitter
	notifier  *notify.Notifier
	tray      *notify.Tray
	autostart *desktop.Autostart
	hidden    bool // started at login: stay in the tray
	ctx       context.Context
	sender    *notify.WailsSender
	quitting  atomic.Bool
	// agent, in the window role, runs the syncs and the schedule; the
	// window ends when it closes (backend/agent).
	agent          *agent.Client
	showRunAtStart uint
}

// Version is the app's version, for the About line.
func (a *App) Version() string { return cli.Version }

// DataDir is where the database lives, shown in Settings.
func (a *App) DataDir() string { return a.core.DataDir() }

// Paused reports whether automatic sync is paused (the tray's toggle).
func (a *App) Paused() bool { return a.core.SchedulePaused() }

// SetPaused pauses or resumes automatic sync; the tray follows, and every
// connection's schedule:changed event carries the new state.
func (a *App) SetPaused(paused bool) error {
	if a.tray != nil {
		a.tray.SetPaused(paused)
	}
	return a.core.SetSchedulePaused(paused)
}

// NotifyPolicy is when a finished sync shows a notification: always,
// failures or never.
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

// Notices are sentences the window shows once when it opens: a damaged
// database set aside and replaced, secrets kept in a file for want of a
// keyring.
func (a *App) Notices() []string {
	notices := []string{}
	if a.core.DB.Recovered != "" {
		notices = append(notices, a.core.DB.Recovered)
	}
	if n := a.core.SecretBackend.Notice(a.core.DataDir()); n != "" {
		notices = append(notices, n)
	}
	return notices
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.emitter.setContext(ctx)
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
	a.quitOnSignal()
	if err := a.core.Start(); err != nil {
		runtime.LogErrorf(ctx, "start the scheduler: %v", err)
	}
	a.tray.SetPaused(a.core.SchedulePaused())
}

// domReady shows the window at its saved size and place once the page has
// painted, so there is no white flash; started at login, it stays hidden.
func (a *App) domReady(ctx context.Context) {
	if w, h := a.savedInt("window.width"), a.savedInt("window.height"); w >= 800 && h >= 560 {
		runtime.WindowSetSize(ctx, w, h)
	}
	if x, y := a.savedInt("window.x"), a.savedInt("window.y"); x > 0 || y > 0 {
		runtime.WindowSetPosition(ctx, x, y)
	}
	if !a.hidden {
		runtime.WindowShow(ctx)
	}
	if a.showRunAtStart != 0 {
		a.emitter.Emit(events.ShowRun, a.showRunAtStart)
	}
}

// beforeClose hides the window to the tray, where syncs go on; only Quit
// ends the app. The first time, a notification says where it went.
func (a *App) beforeClose(ctx context.Context) bool {
	w, h := runtime.WindowGetSize(ctx)
	x, y := runtime.WindowGetPosition(ctx)
	for key, v := range map[string]int{"window.width": w, "window.height": h, "window.x": x, "window.y": y} {
		_ = a.core.DB.SetSetting(key, strconv.Itoa(v))
	}
	if a.quitting.Load() || a.agent != nil {
		return false // the window role ends with its window; the agent syncs on
	}
	runtime.WindowHide(ctx)
	a.notifier.StillRunningHintOnce()
	return true
}

// shutdown cancels running syncs first (Core.Close records them as
// cancelled, and the tray still hears of it), then removes the tray.
func (a *App) shutdown(context.Context) {
	if err := a.core.Close(); err != nil {
		log.Printf("close: %v", err)
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

// quitOnSignal quits cleanly on SIGTERM or Ctrl+C (a session ending), so
// a running sync is recorded as cancelled rather than found interrupted.
// It replaces Wails' own handler, which would ask OnBeforeClose and so only
// hide the window to the tray.
func (a *App) quitOnSignal() {
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		a.quit()
	}()
}

func (a *App) showWindow() {
	runtime.WindowUnminimise(a.ctx)
	runtime.WindowShow(a.ctx)
}

// showRun opens the window on one run (a notification's View details).
func (a *App) showRun(runID uint) {
	a.showWindow()
	a.emitter.Emit(events.ShowRun, runID)
}

// syncAll starts a manual sync of every connection in its automatic mode;
// one already syncing is left to finish.
func (a *App) syncAll() { services.SyncAll(a.core) }

func (a *App) savedInt(key string) int {
	n, _ := strconv.Atoi(a.core.DB.GetSetting(key, ""))
	return n
}

// wailsEmitter sends backend events to the window once it exists, and to
// the tray, which follows syncs through them.
type wailsEmitter struct {
	mu    sync.RWMutex
	ctx   context.Context
	extra []events.Emitter
}

func (e *wailsEmitter) setContext(ctx context.Context) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ctx = ctx
}

func (e *wailsEmitter) also(other events.Emitter) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.extra = append(e.extra, other)
}

func (e *wailsEmitter) Emit(name string, payload any) {
	e.mu.RLock()
	ctx, extra := e.ctx, e.extra
	e.mu.RUnlock()
	if ctx != nil {
		runtime.EventsEmit(ctx, name, payload)
	}
	for _, x := range extra {
		x.Emit(name, payload)
	}
}

// runWindow starts ShelfSync on the desktop. On Linux the launch becomes
// the resident agent (services, scheduler, tray, notifications; no web
// view), which starts this program again in the window role to show the
// window (backend/agent, docs/DESKTOP.md); unless an agent already runs on
// this data dir: that one opens its window instead and this launch ends.
// Elsewhere one process holds both, the window hidden to the tray when
// closed.
func runWindow(dataDir string, hidden bool, role desktop.WindowRole) error {
	if dataDir == "" {
		dir, err := services.DefaultDataDir()
		if err != nil {
			return err
		}
		dataDir = dir
	}
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	if role.Window {
		return runWindowRole(dataDir, role.ShowRun)
	}
	if agent.Supported {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("find the ShelfSync program to open its window: %w", err)
		}
		delay, err := desktop.StartupDelay()
		if err != nil {
			return err
		}
		return agent.Run(agent.Options{DataDir: dataDir, Hidden: hidden, StartupDelay: delay, Exe: exe})
	}
	instanceID := desktop.InstanceID(dataDir)
	delay, err := desktop.StartupDelay()
	if err != nil {
		return err
	}
	emitter := &wailsEmitter{}
	core, err := services.New(services.Options{DataDir: dataDir, Emitter: emitter, SeedDemo: true, StartupDelay: delay})
	if err != nil {
		return err
	}
	app := &App{core: core, emitter: emitter, hidden: hidden}
	app.notifier = notify.NewNotifier(nil, core.DB, emitter)
	core.SetNotifier(app.notifier)
	conns, _ := services.NewConnectionService(core).List()
	app.tray = notify.NewTray(notify.TrayActions{
		Open: app.showWindow, SyncAll: app.syncAll, Quit: app.quit,
		SetPaused: func(p bool) { _ = app.SetPaused(p) },
	}, conns, false)
	emitter.also(app.tray)
	if app.autostart, err = desktop.NewAutostart(); err != nil {
		log.Printf("start at login: %v", err)
	}
	return runWails(app, &options.SingleInstanceLock{
		UniqueId:               instanceID,
		OnSecondInstanceLaunch: func(options.SecondInstanceData) { app.showWindow() },
	})
}

// runWails runs the window; lock is nil for the window role, whose agent
// keeps it single.
func runWails(app *App, lock *options.SingleInstanceLock) error {
	core := app.core
	err := wails.Run(&options.App{
		Title:              "ShelfSync",
		Width:              1280,
		Height:             800,
		MinWidth:           900,
		MinHeight:          600,
		StartHidden:        true,
		BackgroundColour:   &options.RGBA{R: 16, G: 16, B: 20, A: 255},
		AssetServer:        &assetserver.Options{Assets: assets},
		OnStartup:          app.startup,
		OnDomReady:         app.domReady,
		OnBeforeClose:      app.beforeClose,
		OnShutdown:         app.shutdown,
		SingleInstanceLock: lock,
		// A database the user may not write is named with its fix, as in the CLI.
		ErrorFormatter: func(err error) any { return storage.Explain(err, core.DB.Path).Error() },
		// `shelfsync serve` exposes the same services over HTTP.
		Bind: append([]any{app}, services.Bound(core, cli.Version)...),
	})
	if err != nil {
		return fmt.Errorf("open the window: %w", err)
	}
	return nil
}
