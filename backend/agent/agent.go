//go:build linux

// Package agent is ShelfSync's resident process on the desktop: the
// services, the scheduler, the tray and the notifications, and no web view.
// The window is the same program started in its window role (Window), for
// as long as the merchant keeps it open; it reaches the agent over a local
// socket in the data folder (Client), which carries the agent's events to
// the window and the window's sync and schedule requests to the agent, so
// every sync runs here and closing the window interrupts none.
// docs/DESKTOP.md describes the roles.
package agent

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"shelfsync/backend/desktop"
	"shelfsync/backend/notify"
	"shelfsync/backend/services"
	"shelfsync/backend/storage"
)

// Options start the agent.
type Options struct {
	DataDir string
	// Hidden: started at login, so no window until the merchant asks.
	Hidden       bool
	StartupDelay time.Duration
	// Exe is the window's program, started in its window role: this
	// program, or the one beside it when this is the static build
	// (desktop.WindowProgramBeside).
	Exe string
	// Launcher is this program, which start at login must start; the
	// window is told it (desktop.LauncherFlag).
	Launcher string
	// Version is the app's, for the diagnostics.
	Version string
}

const (
	supported = true
	lockName  = "agent.lock"
)

// Run is the agent: unless one already runs on the data folder (then that
// one opens its window and Run returns nil), it runs until Quit or SIGTERM.
func Run(o Options) error {
	if o.handOff() {
		return nil
	}
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return fmt.Errorf("create the data folder %s: %w", o.DataDir, err)
	}
	lock, held, err := storage.TryLockFile(filepath.Join(o.DataDir, lockName))
	if err != nil {
		return err
	}
	if held {
		// Another launch is becoming the agent: hand off once it listens.
		for i := 0; i < 100; i++ {
			time.Sleep(100 * time.Millisecond)
			if o.handOff() {
				return nil
			}
		}
		return errors.New("another ShelfSync holds this data folder but does not answer; end it (or restart your session) and start ShelfSync again")
	}
	defer lock.Release()

	a := &agent{opts: o, fan: &fanout{}, trim: newTrimmer()}
	a.fan.add(a.trim)
	if a.ln, err = listen(o.DataDir); err != nil {
		return err
	}
	// The window starts now: loading WebKit's libraries takes as long
	// as opening the database here, and both may open it at once (the
	// migration lock, storage.migrateAlone). Its calls to the agent wait
	// in the socket's queue until serve answers.
	if !o.Hidden {
		a.openWindow(0)
	}
	a.core, err = services.New(services.Options{DataDir: o.DataDir, Events: a.fan, SeedDemo: true, StartupDelay: o.StartupDelay, Version: o.Version})
	if err != nil {
		a.ln.Close() // the window's first call fails, and it ends
		return err
	}
	go a.serve()

	svc := a.core.Services()
	a.prefs = svc.Preferences
	notifier := notify.NewNotifier(nil, a.core.Settings(), a.fan)
	notifier.SetLogger(a.core.Log("notify"))
	if sender, err := notify.NewDesktopSender(a.openWindow); err != nil {
		log.Printf("notifications: %v", err)
	} else {
		a.sender = sender
		notifier.SetSender(sender)
	}
	a.core.SetNotifier(notifier)
	a.mu.Lock()
	a.notifier = notifier // reap reads it
	a.mu.Unlock()
	conns, err := svc.Connections.List()
	if err != nil {
		a.core.Log("tray").Warn("the tray starts without the connections", "error", err)
	}
	a.tray = notify.NewTray(notify.TrayActions{
		Open: func() { a.openWindow(0) }, Quit: a.quit,
		Connections: svc.Connections.List,
		SyncAll: func() {
			if _, err := svc.Sync.StartAll(); err != nil {
				log.Printf("sync all from the tray: %v", err)
			}
		},
		SetPaused: func(p bool) {
			if err := a.prefs.SetPaused(p); err != nil {
				log.Printf("pause from the tray: %v", err)
			}
		},
	}, conns, a.prefs.Paused())
	a.fan.add(a.tray)
	if err := a.core.Start(); err != nil {
		log.Printf("start the scheduler: %v", err)
	}
	desktop.OnQuitSignal(a.quit)
	a.tray.Run() // until quit
	return a.close()
}

// handOff leaves the launch to an agent already running on the data
// folder, which opens its window unless this launch is the hidden one at
// login; it reports whether one answered.
func (o Options) handOff() bool {
	if o.Hidden {
		return Running(o.DataDir)
	}
	return HandOff(o.DataDir, 0)
}

// agent is the resident process's state.
type agent struct {
	opts     Options
	core     *services.Core
	prefs    *services.PreferencesService
	fan      *fanout
	notifier *notify.Notifier
	sender   *notify.DBusSender
	tray     *notify.Tray
	ln       *socketListener
	trim     *trimmer

	mu       sync.Mutex
	window   *windowProcess // nil: no window open
	quitting bool
}

// quit ends the agent: the window closes, running syncs are cancelled and
// recorded as cancelled (Core.Close), the tray goes.
func (a *agent) quit() {
	a.mu.Lock()
	a.quitting = true
	a.mu.Unlock()
	a.tray.Stop()
}

func (a *agent) close() error {
	a.ln.Close()
	a.closeWindow()
	err := a.core.Close()
	a.notifier.Close()
	if a.sender != nil {
		a.sender.Close()
	}
	return err
}
