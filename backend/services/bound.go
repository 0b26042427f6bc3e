package services

// Bound are the services the window calls: the desktop app hands these
// objects to Wails' Bind, and `shelfsync serve` exposes the same ones over
// HTTP (backend/server), so a method added here reaches both.
func Bound(c *Core, version string) []any {
	return []any{
		NewConnectionService(c),
		NewSyncService(c),
		NewInventoryService(c),
		NewHistoryService(c),
		NewDiagnosticsService(c, version),
		NewPreferencesService(c),
		NewBundleService(c),
		NewLocationService(c),
	}
}
