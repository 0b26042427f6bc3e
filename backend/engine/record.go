package engine

import (
	"maps"
	"time"

	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
)

// inventoryRows computes each SKU's new row from what it was, what this run
// read and what the pushes did, and returns only the rows that changed (a
// Smart Sync of a large catalogue rewrites a handful of rows, not all).
// results are the pushes' outcomes by index in the plan; recorded, by index
// in the view, marks the rows written as their batch was confirmed.
func (e *Engine) inventoryRows(w *world, results []pushOutcome, recorded []bool) []storage.Item {
	now := e.now().UTC()
	rows := make(map[string]storage.Item, len(w.view)-count(recorded)+64)
	rowFor := func(sku string) storage.Item {
		if r, ok := rows[sku]; ok {
			return r
		}
		if r, ok := w.stored[sku]; ok {
			return r
		}
		return storage.Item{ConnectionID: w.conn.ID, SKU: sku}
	}

	// Warehouse side: a complete read replaces what we knew; SKUs it no
	// longer lists are gone from the warehouse.
	inView := make(map[string]bool, len(w.view))
	for i, it := range w.view {
		inView[it.SKU] = true
		if recorded != nil && recorded[i] {
			continue // written as its batch was confirmed, see recorder
		}
		r := rowFor(it.SKU)
		w.applyWarehouse(&r, it)
		rows[it.SKU] = r
	}
	if w.read.Complete && !w.read.NotModified {
		for sku, old := range w.stored {
			if old.WarehouseSeen && !inView[sku] {
				r := rowFor(sku)
				r.WarehouseSeen, r.PublishedQty = false, nil
				rows[sku] = r
			}
		}
	}

	// Store-only listings, keyed by their store SKU.
	mappedStoreSKUs := make(map[string]bool, len(w.view))
	for _, it := range w.view {
		mappedStoreSKUs[w.rules.StoreSKU(it.SKU)] = true
	}
	w.keepUnfedListings(rows, rowFor, inView, mappedStoreSKUs)
	if w.storeFresh {
		for storeSKU, si := range w.storeItems {
			// A listing whose SKU is a warehouse SKU mapped to another
			// listing has no row of its own: rows are keyed by warehouse SKU
			// first, and writing it there would point that SKU's pushes here.
			if mappedStoreSKUs[storeSKU] || inView[storeSKU] {
				continue
			}
			r := rowFor(storeSKU)
			q := si.Qty
			r.StoreSeen, r.StoreSKU, r.StoreQty, r.StoreRef, r.StoreParentRef = true, storeSKU, &q, si.Ref, si.ParentRef
			r.StoreUntracked = si.Untracked
			if r.Name == "" {
				r.Name = si.Name
			}
			r.WarehouseSeen, r.PublishedQty = false, nil
			rows[storeSKU] = r
		}
	}

	// What the pushes did: only a confirmed write moves the baseline.
	if w.locMap != nil {
		w.locationRows(rows, rowFor, results, now) // per location, then summed
	}
	for k, p := range w.plan.Pushes {
		if (recorded != nil && recorded[p.Item]) || w.locMap != nil {
			continue
		}
		var res pushOutcome
		if results != nil {
			res = results[k]
		}
		r := rowFor(p.SKU)
		applyPush(&r, p, res, now)
		rows[p.SKU] = r
	}

	out := make([]storage.Item, 0, len(rows))
	for sku, r := range rows {
		w.finishRow(&r)
		if old, ok := w.stored[sku]; ok && sameItem(old, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// applyWarehouse puts what this run read of one warehouse SKU into its row.
func (w *world) applyWarehouse(r *storage.Item, it inventory.WarehouseItem) {
	r.Attention = attentionStates[it.Problem]
	if it.Name != "" {
		r.Name = it.Name
	}
	switch it.Problem {
	case inventory.ProblemNone:
		r.WarehouseSeen = true
		r.WarehouseQty = it.Qty
		r.WarehouseFacilities = nil
		if w.locMap != nil {
			r.WarehouseFacilities = it.Facilities
		}
		r.WarehouseUpdatedAt = nil
		if !it.UpdatedAt.IsZero() {
			t := it.UpdatedAt.UTC()
			r.WarehouseUpdatedAt = &t
		}
	case inventory.ProblemMissing:
		r.WarehouseSeen = false
	default:
		// Listed, with no quantity to trust: the last good one is kept
		// for the merchant to compare.
		r.WarehouseSeen = true
	}
	r.PublishedQty = nil
	if q, ok := w.plan.Published[it.SKU]; ok {
		q := q
		r.PublishedQty = &q
	}
	storeSKU := w.rules.StoreSKU(it.SKU)
	// A row that described another listing (the mapping changed, or it
	// was a store-only listing with this SKU) must not lend its id.
	stale := r.StoreSKU != "" && r.StoreSKU != storeSKU
	r.StoreSKU = storeSKU
	if stale {
		// Its baseline was confirmed by the listing it no longer feeds.
		r.BaselineQty, r.BaselineAt = nil, nil
	}
	if w.seenMoved[it.SKU] {
		at := w.at
		r.StoreSeenAt = &at
	}
	if si, ok := w.storeItems[storeSKU]; ok {
		q := si.Qty
		r.StoreSeen, r.StoreQty, r.StoreRef, r.StoreParentRef = true, &q, si.Ref, si.ParentRef
		r.StoreUntracked = si.Untracked
		if r.Name == "" {
			r.Name = si.Name
		}
	} else if w.storeFresh || stale {
		r.StoreSeen, r.StoreQty, r.StoreRef, r.StoreParentRef, r.StoreUntracked = false, nil, "", "", false
	}
}

// applyPush puts one push's outcome into its row: only a confirmed write
// moves the baseline.
func applyPush(r *storage.Item, p inventory.Push, res pushOutcome, now time.Time) {
	switch res.status {
	case statusOK:
		to := p.To
		stored := res.storeQty
		if stored == 0 && to != 0 {
			stored = to
		}
		confirmed := now
		r.BaselineQty, r.BaselineAt = &to, &confirmed
		r.StoreSeen, r.StoreQty = true, &stored
		if res.ref != "" {
			r.StoreRef = res.ref
		}
		r.StoreUntracked = false // a kept quantity: the store tracks it now
		r.Pending, r.LastError = false, ""
		synced := now
		r.LastSyncedAt = &synced
	case statusFailed:
		r.Pending, r.LastError = true, res.err
	case statusNotTracked:
		// Nothing was written: the listing does not track stock. It is
		// not pending (no retry can succeed) until tracking is turned on.
		r.StoreUntracked, r.Pending, r.LastError = true, false, ""
	default:
		r.Pending = true // not attempted (cancelled, held): retry next time
	}
}

// finishRow sets what every row carries: its connection and its state.
func (w *world) finishRow(r *storage.Item) {
	r.ConnectionID = w.conn.ID
	r.State = storage.DeriveState(r, w.rules.IsIgnored(r.SKU), w.caps.CreatesListings)
	w.locationState(r)
}

func sameItem(a, b storage.Item) bool {
	return a.Name == b.Name && a.WarehouseSeen == b.WarehouseSeen && a.WarehouseQty == b.WarehouseQty &&
		sameTime(a.WarehouseUpdatedAt, b.WarehouseUpdatedAt) && sameInt(a.PublishedQty, b.PublishedQty) &&
		a.StoreSeen == b.StoreSeen && a.StoreSKU == b.StoreSKU && a.StoreRef == b.StoreRef &&
		a.StoreParentRef == b.StoreParentRef && sameInt(a.StoreQty, b.StoreQty) && a.StoreUntracked == b.StoreUntracked && sameTime(a.StoreSeenAt, b.StoreSeenAt) &&
		sameInt(a.BaselineQty, b.BaselineQty) && sameTime(a.BaselineAt, b.BaselineAt) &&
		a.Pending == b.Pending && a.LastError == b.LastError && sameTime(a.LastSyncedAt, b.LastSyncedAt) &&
		a.Attention == b.Attention && a.State == b.State && maps.Equal(a.WarehouseFacilities, b.WarehouseFacilities)
}

func sameInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// count is how many of marks are true.
func count(marks []bool) int {
	n := 0
	for _, m := range marks {
		if m {
			n++
		}
	}
	return n
}
