package engine

import (
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
)

// markInFlight notes on the run, before the first write, every SKU whose
// write would move the store away from its confirmed baseline. If the
// process dies between the store taking the write and the run being
// recorded, whoever finds the dead run makes those SKUs pending, so the
// next sync retries them rather than trusting a baseline the store no
// longer holds (storage/pending.go). SKUs without a baseline, or already
// pending, are retried anyway and need no mark.
func (e *Engine) markInFlight(w *world, run *storage.SyncRun) error {
	if w.locMap != nil {
		return e.markLocationsInFlight(w)
	}
	var skus []string
	for _, p := range w.plan.Pushes {
		it, ok := w.stored[p.SKU]
		if !ok || it.Pending || it.BaselineQty == nil || *it.BaselineQty == p.To {
			continue
		}
		skus = append(skus, p.SKU)
	}
	if len(skus) == 0 {
		return nil
	}
	return e.db.MarkInFlight(run.ID, skus)
}

// markLocationsInFlight is markInFlight for a run with a location map: the
// marks are its SKU-locations' pending flags, set before the first write
// and cleared batch by batch as the recorder writes what the store
// confirmed (storage.MarkLocationsInFlight).
func (e *Engine) markLocationsInFlight(w *world) error {
	var keys []storage.ItemLocation
	for _, p := range w.plan.Pushes {
		r, ok := w.storedLocs[inventory.LocationKey{SKU: p.SKU, Location: p.Location}]
		if !ok || r.Pending || r.BaselineQty == nil || *r.BaselineQty == p.To {
			continue
		}
		keys = append(keys, storage.ItemLocation{SKU: p.SKU, Location: p.Location})
	}
	return e.db.MarkLocationsInFlight(w.conn.ID, keys)
}
