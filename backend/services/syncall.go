package services

import "log"

// SyncAll is the tray's Sync all now: a manual sync of every connection in
// its automatic mode; one already syncing is left to finish.
func SyncAll(c *Core) {
	conns, err := NewConnectionService(c).List()
	if err != nil {
		log.Printf("sync all: %v", err)
		return
	}
	syncs := NewSyncService(c)
	for _, conn := range conns {
		if _, err := syncs.Start(conn.ID, string(conn.Schedule.AutoMode)); err != nil {
			log.Printf("sync all: %s: %v", conn.Name, err)
		}
	}
}
