package services

import (
	"fmt"

	"shelfsync/backend/types"
)

// SetSafetyLimits sets a connection's circuit-breaker thresholds in percent:
// a run that would set more than zeroShare% of its SKUs to zero, or whose
// warehouse feed shrank by more than shrink% since the last run, is held.
// 0 means the default (20% and 30%). They are apart from SetRules so a
// window that does not show them yet cannot reset them when it saves rules.
func (s *ConnectionService) SetSafetyLimits(id uint, zeroShare, shrink int) (types.Connection, error) {
	for _, l := range []struct {
		name  string
		value int
	}{{"the share of SKUs a sync may set to zero", zeroShare}, {"how far the warehouse feed may shrink", shrink}} {
		if l.value < 0 || l.value > 100 {
			return types.Connection{}, fmt.Errorf("%s must be a percentage from 1 to 100, or 0 for the default, not %d", l.name, l.value)
		}
	}
	conn, err := s.load(id)
	if err != nil {
		return types.Connection{}, err
	}
	conn.Rules.ZeroShareLimit, conn.Rules.ShrinkLimit = zeroShare, shrink
	if err := s.db.SaveConnection(&conn); err != nil {
		return types.Connection{}, err
	}
	return s.Get(id)
}
