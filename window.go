//go:build !headless

package main

import (
	"fmt"
	"shelfsync/backend/cli"
	"shelfsync/backend/desktop"
	"shelfsync/backend/events/wailsevents"
	"shelfsync/backend/notify"
	"shelfsync/backend/services"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
)

// runWindow opens the window, unless a ShelfSync already runs on this data
// dir: that one comes forward instead and this launch ends.
func runWindow(dataDir string, hidden bool) error {
	if dataDir == "" {
		dir, err := services.DefaultDataDir()
		if err != nil {
			return err
		}
		dataDir = dir
	}
	instanceID := desktop.InstanceID(dataDir)
	if desktop.HandOff(instanceID, nil) {
		return nil
	}
	delay, err := desktop.StartupDelay()
	if err != nil {
		return err
	}
	window := &wailsevents.Window{}
	core, err := services.New(services.Options{DataDir: dataDir, Events: window, SeedDemo: true, StartupDelay: delay})
	if err != nil {
		return err
	}
	app := &App{core: core, prefs: services.NewPreferencesService(core), log: core.Log("shell"), events: window, hidden: hidden}
	app.notifier = notify.NewNotifier(nil, core.Settings(), window)
	app.notifier.SetLogger(core.Log("notify"))
	core.SetNotifier(app.notifier)
	conns, err := services.NewConnectionService(core).List()
	if err != nil {
		app.log.Warn("the tray starts without the connections", "error", err)
	}
	syncs := services.NewSyncService(core)
	app.tray = notify.NewTray(notify.TrayActions{
		Open: app.showWindow, Quit: app.quit,
		SyncAll: func() {
			if _, err := syncs.StartAll(); err != nil {
				app.log.Warn("sync all from the tray failed", "error", err)
			}
		},
		SetPaused: func(p bool) {
			if err := app.prefs.SetPaused(p); err != nil {
				app.log.Warn("pause from the tray", "error", err)
			}
		},
	}, conns, app.prefs.Paused())
	window.Also(app.tray)
	if app.autostart, err = desktop.NewAutostart(); err != nil {
		app.log.Warn("start at login is unavailable", "error", err)
	}
	err = wails.Run(&options.App{
		Title:            "ShelfSync",
		Width:            1280,
		Height:           800,
		MinWidth:         900,
		MinHeight:        600,
		StartHidden:      true,
		BackgroundColour: &options.RGBA{R: 16, G: 16, B: 20, A: 255},
		AssetServer:      &assetserver.Options{Assets: assets},
		OnStartup:        app.startup,
		OnDomReady:       app.domReady,
		OnBeforeClose:    app.beforeClose,
		OnShutdown:       app.shutdown,
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               instanceID,
			OnSecondInstanceLaunch: func(options.SecondInstanceData) { app.showWindow() },
		},
		// A database the user may not write is named with its fix, as in the CLI.
		ErrorFormatter: func(err error) any { return core.Explain(err).Error() },
		Bind: []any{
			app,
			services.NewConnectionService(core),
			services.NewSyncService(core),
			services.NewInventoryService(core),
			services.NewHistoryService(core),
			services.NewDiagnosticsService(core, cli.Version),
			app.prefs,
		},
	})
	if err != nil {
		return fmt.Errorf("open the window: %w", err)
	}
	return nil
}
