package services

import (
	"fmt"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// maxRunDeadlineMinutes is a week: a longer bound is no bound.
const maxRunDeadlineMinutes = 7 * 24 * 60

// SetRunDeadline sets how long one run of a connection may take before it
// is stopped and recorded as failed, naming the step it was in; 0 means
// the default (engine.DefaultRunDeadline).
func (s *ConnectionService) SetRunDeadline(id uint, minutes int) (types.Connection, error) {
	if minutes < 0 || minutes > maxRunDeadlineMinutes {
		return types.Connection{}, fmt.Errorf("A sync's deadline must be from 1 minute to 7 days (168 hours), or 0 for the default of %s, not %d minutes", engine.DefaultRunDeadline, minutes)
	}
	conn, err := s.load(id)
	if err != nil {
		return types.Connection{}, err
	}
	conn.Rules.RunDeadlineMinutes = minutes
	if err := s.db.SaveConnection(&conn); err != nil {
		return types.Connection{}, err
	}
	return s.Get(id)
}

// runDeadlineMinutes is the deadline a connection's runs have, in minutes.
func runDeadlineMinutes(r storage.RuleSettings) int {
	if r.RunDeadlineMinutes > 0 {
		return r.RunDeadlineMinutes
	}
	return int(engine.DefaultRunDeadline / time.Minute)
}
