package woocommerce

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/plain"
)

// stockWrite is one item of a batch update: one stock record and the
// pushes (indexes into the batch) that it carries. Several pushes share a
// write when several variation SKUs take their parent's stock.
type stockWrite struct {
	id     int64
	qty    int
	pushes []int
	// conflict is set when the pushes sharing this record ask for
	// different quantities.
	conflict bool
}

// batchCall is one POST to a batch endpoint.
type batchCall struct {
	path   string
	writes []*stockWrite
	byID   map[int64]*stockWrite
}

// updateItem is what ShelfSync sends per item. manage_stock is sent only
// when the merchant chose to turn tracking on: sent always, it would switch
// tracking back on for a product the merchant turned it off for.
type updateItem struct {
	ID            int64 `json:"id"`
	ManageStock   *bool `json:"manage_stock,omitempty"`
	StockQuantity int   `json:"stock_quantity"`
}

// Push sets stock quantities: products (and parents whose stock variations
// share) through /products/batch, variations through one
// /products/{parent}/variations/batch call per parent. Each call carries at
// most 100 items because a batch never holds more than MaxBatch pushes;
// after a call times out, calls carry at most BatchSize (see sendCall).
func (s *Store) Push(ctx context.Context, batch []inventory.Push, meta connector.PushMeta) (connector.PushBatchResult, error) {
	if len(batch) > MaxBatch {
		return connector.PushBatchResult{}, fmt.Errorf("a WooCommerce batch takes at most %d items, got %d", MaxBatch, len(batch))
	}
	calls0, throttled0 := s.http.Calls(), s.http.Throttled()
	results := make([]connector.PushResult, len(batch))
	for i, p := range batch {
		results[i] = connector.PushResult{SKU: p.SKU, Ref: p.Ref}
	}
	calls := planCalls(batch, results)

	var firstErr error
	var notes []string
	failedCalls := 0
	for _, c := range calls {
		said, err := s.sendCall(ctx, c, batch, results, meta.TurnOnTracking)
		notes = append(notes, said...)
		if err != nil {
			failedCalls++
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	out := connector.PushBatchResult{
		Results:   results,
		APICalls:  int(s.http.Calls() - calls0),
		Throttled: int(s.http.Throttled() - throttled0),
		Notes:     notes,
	}
	if failedCalls > 0 && failedCalls == len(calls) {
		// Nothing was written: say so as one error (bad key, site down).
		return out, fmt.Errorf("write %d stock quantities to WooCommerce: %w", len(batch), firstErr)
	}
	return out, nil
}

// planCalls groups pushes by endpoint and stock record. Pushes that cannot
// be sent (a malformed Ref, SKUs sharing a stock with different targets)
// get their error in results and no write.
func planCalls(batch []inventory.Push, results []connector.PushResult) []*batchCall {
	byPath := map[string]*batchCall{}
	var calls []*batchCall
	for i, p := range batch {
		id, err := strconv.ParseInt(strings.TrimSpace(p.Ref), 10, 64)
		if err != nil || id <= 0 {
			results[i].Error = fmt.Sprintf("the stored WooCommerce id %q is not a product id; run a Full Sync so ShelfSync re-reads the store", p.Ref)
			continue
		}
		path := "/products/batch"
		if p.ParentRef != "" {
			parent, err := strconv.ParseInt(strings.TrimSpace(p.ParentRef), 10, 64)
			if err != nil || parent <= 0 {
				results[i].Error = fmt.Sprintf("the stored WooCommerce parent id %q is not a product id; run a Full Sync so ShelfSync re-reads the store", p.ParentRef)
				continue
			}
			path = fmt.Sprintf("/products/%d/variations/batch", parent)
		}
		c := byPath[path]
		if c == nil {
			c = &batchCall{path: path, byID: map[int64]*stockWrite{}}
			byPath[path] = c
			calls = append(calls, c)
		}
		w := c.byID[id]
		if w == nil {
			w = &stockWrite{id: id, qty: p.To}
			c.byID[id] = w
			c.writes = append(c.writes, w)
		} else if w.qty != p.To {
			w.conflict = true
		}
		w.pushes = append(w.pushes, i)
	}
	// Shared stock asked to hold two quantities: write none of them.
	for _, c := range calls {
		kept := c.writes[:0]
		for _, w := range c.writes {
			if !w.conflict {
				kept = append(kept, w)
				continue
			}
			msg := sharedStockConflict(batch, w)
			for _, i := range w.pushes {
				results[i].Error = msg
			}
			delete(c.byID, w.id)
		}
		c.writes = kept
	}
	nonEmpty := calls[:0]
	for _, c := range calls {
		if len(c.writes) > 0 {
			nonEmpty = append(nonEmpty, c)
		}
	}
	return nonEmpty
}

func sharedStockConflict(batch []inventory.Push, w *stockWrite) string {
	var parts []string
	for _, i := range w.pushes {
		parts = append(parts, fmt.Sprintf("%s -> %d", batch[i].SKU, batch[i].To))
	}
	sort.Strings(parts)
	return fmt.Sprintf("these SKUs share one stock quantity in WooCommerce (product %d) but the warehouse gives them different quantities (%s), so none was written; give them the same quantity, or ignore all but one of them in the connection's rules", w.id, strings.Join(parts, ", "))
}

// sendCall sends one endpoint's writes in batches of BatchSize items. A
// batch that times out is sent again in halves, and the smaller size holds
// for the rest of the run (down to MinBatch, where a timeout fails the
// batch's SKUs). It returns notes on the size used, and an error when no
// batch was answered (the SKUs' results then carry it too).
func (s *Store) sendCall(ctx context.Context, c *batchCall, batch []inventory.Push, results []connector.PushResult, turnOnTracking bool) ([]string, error) {
	var notes []string
	answered := false
	rest := c.writes
	for len(rest) > 0 {
		size := s.BatchSize()
		part := &batchCall{path: c.path, writes: rest[:min(size, len(rest))]}
		timedOut, err := s.sendBatch(ctx, part, batch, results, turnOnTracking)
		switch {
		case timedOut:
			if note, smaller := s.shrinkBatch(size); smaller {
				if note != "" {
					notes = append(notes, note)
				}
				continue // the same items again, fewer at a time
			}
			failWrites(part.writes, results, fmt.Sprintf("the WooCommerce site took longer than %s to save even %d stock updates, so it is not known whether these were saved; they will be retried on the next sync. Ask your host why saving a product takes this long", s.timeout, MinBatch))
		case err != nil:
			failWrites(rest, results, err.Error())
			if answered {
				return notes, nil
			}
			return notes, err
		default:
			answered = true
		}
		rest = rest[len(part.writes):]
	}
	return notes, nil
}

func failWrites(writes []*stockWrite, results []connector.PushResult, msg string) {
	for _, w := range writes {
		for _, i := range w.pushes {
			results[i].Error = msg
		}
	}
}

// sendBatch posts one batch call and fills the results of its pushes.
// timedOut means it timed out; an error that the call as a whole failed.
func (s *Store) sendBatch(ctx context.Context, c *batchCall, batch []inventory.Push, results []connector.PushResult, turnOnTracking bool) (timedOut bool, err error) {
	body := struct {
		Update []updateItem `json:"update"`
	}{}
	var manage *bool
	if turnOnTracking {
		on := true
		manage = &on
	}
	for _, w := range c.writes {
		body.Update = append(body.Update, updateItem{ID: w.id, ManageStock: manage, StockQuantity: w.qty})
	}
	raw, timedOut, err := s.postBatch(ctx, c.path, body)
	if timedOut {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("POST %s: %w", c.path, err)
	}
	items, err := decodeBatch(raw)
	if err != nil {
		return false, plain.Wrap(err, "the WooCommerce site's answer to a stock update could not be read, so it is not known whether it was saved; the SKUs will be retried on the next sync")
	}
	answered := map[int64]batchItem{}
	for _, it := range items {
		if it.ID > 0 {
			answered[it.ID] = it
		}
	}
	for j, w := range c.writes {
		it, ok := answered[w.id]
		// An error item for a create-style failure may carry id 0; the
		// answer keeps request order, so fall back to the position.
		if !ok && j < len(items) && items[j].ID == 0 {
			it, ok = items[j], true
		}
		for _, i := range w.pushes {
			switch {
			case !ok:
				results[i].Error = "WooCommerce did not report on this item, so it is not known whether it was saved; it will be retried on the next sync"
			case it.Error != nil:
				results[i].Error = "WooCommerce refused the update: " + it.Error.Text()
			case it.ManageStock != stockOwn || !it.StockQuantity.Known:
				// stock_quantity null: stock management is off for the
				// item (the merchant, a plugin or a setting), so nothing
				// was kept.
				results[i].NotTracked = true
				results[i].Error = fmt.Sprintf("WooCommerce does not track stock for this product (id %d) any more, so it kept no quantity; tick \"Manage stock?\" on the product's Inventory tab in WooCommerce, or let ShelfSync turn tracking on for it", w.id)
			case it.StockQuantity.Known && it.StockQuantity.N != w.qty:
				results[i].StoreQty = it.StockQuantity.N
				results[i].Error = fmt.Sprintf("WooCommerce saved %d instead of %d; a plugin may be changing stock updates", it.StockQuantity.N, w.qty)
			default:
				results[i].OK = true
				results[i].StoreQty = w.qty
			}
		}
	}
	return false, nil
}
