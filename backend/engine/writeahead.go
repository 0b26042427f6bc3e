package engine

// markInFlight marks pending, before the first write, every SKU whose write
// would move the store away from its confirmed baseline. If the process dies
// between the store taking the write and the run being recorded, the next
// sync retries those SKUs rather than trusting a baseline the store no
// longer holds. SKUs without a baseline, or already pending, are retried
// anyway and need no mark.
func (e *Engine) markInFlight(w *world) error {
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
	if err := e.db.MarkPending(w.conn.ID, skus); err != nil {
		return err
	}
	for _, sku := range skus {
		it := w.stored[sku]
		it.Pending = true
		w.stored[sku] = it
	}
	return nil
}
