package services

import (
	"fmt"

	"shelfsync/backend/types"
)

// maxRunDeadlineMinutes is a week: a longer bound is no bound.
const maxRunDeadlineMinutes = 7 * 24 * 60

// SetRunDeadline sets how long one run of a connection may take before it
// is stopped and recorded as failed, naming the step it was in; 0 means
// the default (engine.DefaultRunDeadline).
func (s *ConnectionService) SetRunDeadline(id uint, minutes int) (types.Connection, error) {
	if minutes < 0 || minutes > maxRunDeadlineMinutes {
		return types.Connection{}, fmt.Errorf("a sync's deadline must be from 1 minute to 7 days, or 0 for the default, not %d minutes", minutes)
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
