package services

import (
	"shelfsync/backend/engine"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// RulesEffect counts, over every SKU the warehouse lists, how many the
// given rules would publish as 0 and how many the current rules do: the
// Settings page warns before saving rules that send many SKUs to 0 (a
// "Send 0 below" of 1000 zeroes a whole catalogue in one click).
func (s *ConnectionService) RulesEffect(id uint, rules types.Rules) (types.RulesEffect, error) {
	conn, err := s.load(id)
	if err != nil {
		return types.RulesEffect{}, err
	}
	if err := validRules(rules); err != nil {
		return types.RulesEffect{}, err
	}
	items, err := s.core.DB.Items(id)
	if err != nil {
		return types.RulesEffect{}, err
	}
	now := engine.RulesOf(conn.Rules)
	next := engine.RulesOf(storage.RuleSettings{Buffer: rules.Buffer, Cap: rules.Cap, ZeroBelow: rules.ZeroBelow, IgnoredSKU: rules.IgnoredSKU})
	var out types.RulesEffect
	for _, it := range items {
		if !it.WarehouseSeen {
			continue
		}
		out.SKUs++
		if !next.IsIgnored(it.SKU) && next.Published(it.WarehouseQty) == 0 {
			out.ToZero++
		}
		if !now.IsIgnored(it.SKU) && now.Published(it.WarehouseQty) == 0 {
			out.ZeroNow++
		}
	}
	return out, nil
}
