package services

import (
	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// componentView is the warehouse as the last sync left it, for the
// components of bundles: a SKU the warehouse no longer lists is left out
// (so its bundles read "component missing"), one with an unusable quantity
// keeps its problem.
func (s *BundleService) componentView(connectionID uint, bundles []inventory.Bundle) ([]inventory.WarehouseItem, error) {
	var skus []string
	for _, b := range bundles {
		for _, comp := range b.Components {
			skus = append(skus, comp.SKU)
		}
	}
	if len(skus) == 0 {
		return nil, nil
	}
	rows, err := s.db.ItemsBySKU(connectionID, skus)
	if err != nil {
		return nil, err
	}
	view := make([]inventory.WarehouseItem, 0, len(rows))
	for _, it := range rows {
		if !it.WarehouseSeen {
			continue
		}
		view = append(view, inventory.WarehouseItem{SKU: it.SKU, Qty: it.WarehouseQty, Problem: engine.ProblemOf(it.Attention)})
	}
	return view, nil
}

// bundleRows are the inventory rows a change of recipes moves, so the
// Inventory tab tells the truth at once rather than after the next sync
// (as republish does for rules): each bundle's quantity from its
// components as last read, under the rules, and for a bundle removed, a
// listing no longer fed. The store is not touched: a bundle whose number
// moved is "changed" until a sync writes it.
func (s *BundleService) bundleRows(conn storage.Connection, before, after []inventory.Bundle) (existing, added []storage.Item, err error) {
	skus := make([]string, 0, len(before)+len(after))
	for _, b := range append(append([]inventory.Bundle{}, before...), after...) {
		skus = append(skus, b.SKU)
	}
	rows, err := s.db.ItemsBySKU(conn.ID, skus)
	if err != nil {
		return nil, nil, err
	}
	stored := make(map[string]storage.Item, len(rows))
	for _, it := range rows {
		stored[it.SKU] = it
	}
	view, err := s.componentView(conn.ID, after)
	if err != nil {
		return nil, nil, err
	}
	rules := engine.RulesOf(conn.Rules)
	finish := func(it storage.Item, wasStored bool) {
		// As republish: whether the store creates listings is known to the
		// last sync; a new row is taken to be listed until a sync says not.
		createsListings := it.StoreSeen || it.State != types.StateUnmapped
		it.State = storage.DeriveState(&it, rules.IsIgnored(it.SKU), createsListings)
		if wasStored {
			existing = append(existing, it)
		} else {
			added = append(added, it)
		}
	}
	isBundle := map[string]bool{}
	for _, made := range inventory.BundleItems(view, after) {
		isBundle[made.SKU] = true
		it, wasStored := stored[made.SKU]
		if !wasStored {
			it = storage.Item{ConnectionID: conn.ID, SKU: made.SKU}
		}
		it.WarehouseSeen, it.StoreSKU, it.PublishedQty = true, rules.StoreSKU(made.SKU), nil
		it.Attention = engine.StateOf(made.Problem)
		switch {
		case made.Problem == inventory.ProblemNone:
			it.WarehouseQty = made.Qty
			q := rules.Published(made.Qty)
			it.PublishedQty = &q
		case made.Problem == inventory.ProblemComponentMissing && rules.MissingToZero:
			zero := 0 // the merchant's rule, as the planner applies it
			it.PublishedQty = &zero
		}
		finish(it, wasStored)
	}
	for _, b := range before {
		it, wasStored := stored[b.SKU]
		if isBundle[b.SKU] || !wasStored {
			continue
		}
		// No longer a bundle: nothing feeds its listing now.
		it.WarehouseSeen, it.PublishedQty, it.Attention = false, nil, ""
		finish(it, true)
	}
	return existing, added, nil
}
