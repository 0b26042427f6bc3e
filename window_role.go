//go:build !headless

package main

import (
	"encoding/json"
	"log"

	"shelfsync/backend/agent"
	"shelfsync/backend/desktop"
	"shelfsync/backend/events"
	"shelfsync/backend/notify"
	"shelfsync/backend/services"
)

// runWindowRole is the window alone, for the agent that started it: the
// services read and write the database here, while syncs and schedules
// go to the agent (services.Remote) and its events come back live.
func runWindowRole(dataDir string, showRun uint) error {
	client, err := agent.Dial(dataDir)
	if err != nil {
		return err
	}
	defer client.Close()
	emitter := &wailsEmitter{}
	core, err := services.New(services.Options{DataDir: dataDir, Emitter: emitter, Headless: true, Remote: client})
	if err != nil {
		return err
	}
	app := &App{core: core, emitter: emitter, agent: client, showRunAtStart: showRun}
	// Only for the notification setting: the agent sends them.
	app.notifier = notify.NewNotifier(nil, core.DB, emitter)
	if app.autostart, err = desktop.NewAutostart(); err != nil {
		log.Printf("start at login: %v", err)
	}
	return runWails(app, nil)
}

// followAgent relays the agent's events (its syncs, live) to the window
// and obeys its commands; when the agent ends, so does the window, which
// cannot sync without it.
func (a *App) followAgent() {
	err := a.agent.Events(func(name string, payload json.RawMessage) {
		switch name {
		case agent.ShowCommand:
			a.showWindow()
		case agent.QuitCommand:
			a.quit()
		case events.ShowRun:
			a.showWindow()
			a.emitter.Emit(name, payload)
		default:
			a.emitter.Emit(name, payload)
		}
	})
	if err != nil {
		log.Print(err)
	}
	a.quit()
}
