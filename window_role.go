//go:build !headless

package main

import (
	"encoding/json"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"shelfsync/backend/agent"
	"shelfsync/backend/cli"
	"shelfsync/backend/desktop"
	"shelfsync/backend/events"
	"shelfsync/backend/events/wailsevents"
	"shelfsync/backend/notify"
	"shelfsync/backend/services"
)

// runWindowRole is the window alone, for the agent that started it: the
// services read and write the database here, while syncs and schedules
// go to the agent (services.Remote) and its events come back live.
func runWindowRole(dataDir string, role desktop.WindowRole) error {
	desktop.PrepareWebView()
	client, err := agent.Dial(dataDir)
	if err != nil {
		return err
	}
	defer client.Close()
	window := &wailsevents.Window{}
	core, err := services.New(services.Options{DataDir: dataDir, Events: window, Headless: true, Remote: client, Version: cli.Version})
	if err != nil {
		return err
	}
	app := &App{core: core, svc: core.Services(), log: core.Log("window"), events: window, agent: client, showRunAtStart: role.ShowRun}
	// Only for the notification setting: the agent sends them.
	app.notifier = notify.NewNotifier(nil, core.Settings(), window)
	return runWails(app, core, nil, role.Launcher)
}

// followAgent relays the agent's events (its syncs, live) to the window
// as they came, and obeys its commands; when the agent ends, so does the
// window, which cannot sync without it.
func (a *App) followAgent() {
	err := a.agent.Events(func(name string, payload json.RawMessage) {
		switch name {
		case agent.ShowCommand:
			a.showWindow()
		case agent.QuitCommand:
			a.quit()
		default:
			if name == events.ShowRun {
				a.showWindow()
			}
			runtime.EventsEmit(a.ctx, name, payload)
		}
	})
	if err != nil {
		a.log.Warn("the window lost the background process", "error", err)
	}
	a.quit()
}
