package services

import (
	"errors"
	"fmt"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// StuckRuns lists a connection's runs still marked running that no
// ShelfSync on this computer is running, for the window to offer clearing
// them. It is empty while a sync of the connection is really going on.
func (s *SyncService) StuckRuns(id uint) ([]types.StuckRun, error) {
	out := []types.StuckRun{}
	runs, err := s.db.StuckRuns(id)
	if err != nil {
		return out, fmt.Errorf("look for stuck syncs: %w", err)
	}
	for _, r := range runs {
		out = append(out, stuckDTO(r))
	}
	return out, nil
}

// ClearStuck marks interrupted every run of a connection still marked
// running, once it is sure no ShelfSync on this computer runs one, and
// returns them. What they were writing is retried by the next sync.
func (s *SyncService) ClearStuck(id uint) ([]types.StuckRun, error) {
	conn, err := s.db.Connection(id)
	if err != nil {
		return nil, fmt.Errorf("that connection no longer exists")
	}
	cleared, err := s.db.ClearStuckRuns(id, s.clock.Now().UTC())
	if errors.Is(err, storage.ErrRunActive) {
		return nil, fmt.Errorf("a sync of %s is still running in ShelfSync on this computer; wait for it to finish or cancel it, then try again", conn.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("clear the stuck syncs of %s: %w", conn.Name, err)
	}
	out := make([]types.StuckRun, len(cleared))
	for i, r := range cleared {
		out[i] = stuckDTO(r)
	}
	return out, nil
}

func stuckDTO(r storage.SyncRun) types.StuckRun {
	return types.StuckRun{RunID: r.ID, StartedAt: r.StartedAt, Host: r.Host, PID: r.PID}
}
