package services

// Services are the use cases, each built once from the parts of the core it
// needs (see wire). The window, `shelfsync serve`, the CLI and the agent
// take the ones they use from here; Bound lists those the window calls.
type Services struct {
	Connections *ConnectionService
	Sync        *SyncService
	Inventory   *InventoryService
	History     *HistoryService
	Diagnostics *DiagnosticsService
	Preferences *PreferencesService
	Locations   *LocationService
	Bundles     *BundleService
	// Foreground runs syncs and waits for them (the CLI); the window
	// never calls it.
	Foreground *Foreground
}

// Bound are the services the window calls: the desktop app hands these
// objects to Wails' Bind, and `shelfsync serve` exposes the same ones over
// HTTP (backend/server), so a method added here reaches both.
func Bound(s Services) []any {
	return []any{s.Connections, s.Sync, s.Inventory, s.History, s.Diagnostics, s.Preferences, s.Bundles, s.Locations}
}

// Services are the core's use cases.
func (c *Core) Services() Services { return c.services }

// wire builds each service from the parts it needs. Where syncs run and
// schedules are kept is decided here, once: in this process, or in the
// agent (Options.Remote) for the desktop window's core.
func (c *Core) wire() Services {
	var runs Runs = c.local.localRuns
	var schedules Schedules = c.local.localSchedules
	if c.opts.Remote != nil {
		runs, schedules = c.opts.Remote, c.opts.Remote
	}
	history := newHistoryService(c.db, c.clock)
	connections := newConnectionService(c.ctx, c.db, c.secrets, c.connectors, runs, schedules, c.events, c.clock, c.log)
	locations := newLocationService(c.db, connections, c.connectors, runs)
	return Services{
		Connections: connections,
		Sync:        newSyncService(c.ctx, c.db, c.engine, runs, connections, locations, c.clock, c.log),
		Inventory:   newInventoryService(c.db),
		History:     history,
		Diagnostics: newDiagnosticsService(c.db, connections, schedules, c.secretBackend, c.masker, c.clock, c.opts.DataDir, c.opts.Version),
		Preferences: newPreferencesService(c.db, schedules, c.secretBackend, c.opts.DataDir, c.log),
		Bundles:     newBundleService(c.db, connections, c.log),
		Locations:   locations,
		Foreground:  &Foreground{engine: c.engine, history: history, log: c.log},
	}
}
