package engine

import "shelfsync/backend/storage"

// markInFlight notes on the run, before the first write, every SKU whose
// write would move the store away from its confirmed baseline. If the
// process dies between the store taking the write and the run being
// recorded, whoever finds the dead run makes those SKUs pending, so the
// next sync retries them rather than trusting a baseline the store no
// longer holds (storage/pending.go). SKUs without a baseline, or already
// pending, are retried anyway and need no mark.
func (e *Engine) markInFlight(w *world, run *storage.SyncRun) error {
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
