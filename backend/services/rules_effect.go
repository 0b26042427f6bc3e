package services

import (
	"fmt"

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
	items, err := s.db.Items(id)
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

// republish recomputes, after a rules change, what each SKU publishes and
// its state, so the Inventory tab and its counts tell the truth at once
// rather than after the next sync (a buffer of 2 saved, and every SKU still
// "In sync" at its old quantity). The store is not touched: the SKUs whose
// published quantity moved are "changed" until a sync writes them.
func (s *ConnectionService) republish(conn storage.Connection) error {
	items, err := s.db.Items(conn.ID)
	if err != nil {
		return err
	}
	rules := engine.RulesOf(conn.Rules)
	var moved []storage.Item
	for _, it := range items {
		next := it
		if it.WarehouseSeen && it.Attention == "" {
			q := rules.Published(it.WarehouseQty)
			next.PublishedQty = &q
		}
		// Whether the store creates listings is the store's capability, known
		// to the last sync: a SKU it left unmapped though the warehouse has
		// it means the store does not.
		createsListings := it.StoreSeen || it.State != types.StateUnmapped
		next.State = storage.DeriveState(&next, rules.IsIgnored(it.SKU), createsListings)
		if next.State != it.State || !sameQty(next.PublishedQty, it.PublishedQty) {
			moved = append(moved, next)
		}
	}
	if len(moved) == 0 {
		return nil
	}
	if err := s.db.SaveItems(moved, nil); err != nil {
		return fmt.Errorf("the rules are saved, but the Inventory tab could not be updated to them (it will be after the next sync): %w", err)
	}
	return nil
}

func sameQty(a, b *int) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
