package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// readStoreChanges asks a store that can say (connector.StoreChangeReader)
// which listings changed since ShelfSync's last look, so a Smart Sync
// finds drift (a hand edit, a sale, another app) without reading the
// catalogue. The rows of those listings join w.stored; their live
// quantities are laid over the cached index by compareStore. A store that
// cannot answer only costs the drift check: the sync goes on.
func (e *Engine) readStoreChanges(ctx context.Context, w *world) error {
	reader, ok := w.store.(connector.StoreChangeReader)
	if !ok || w.conn.StoreWatermark == nil {
		return nil
	}
	var ch connector.StoreChanges
	var err error
	if located, ok := w.store.(connector.LocatedChangeReader); ok && w.locMap != nil {
		ch, err = located.ChangedSinceAt(ctx, *w.conn.StoreWatermark, w.locMap.Locations())
	} else {
		ch, err = reader.ChangedSince(ctx, *w.conn.StoreWatermark)
	}
	w.apiCalls += ch.APICalls
	switch {
	case errors.Is(err, connector.ErrUnsupported):
		return nil
	case err != nil && ctx.Err() != nil:
		return fmt.Errorf("ask the store what changed: %w", err)
	case err != nil:
		// The merchant reads the connector's sentence, not its operation
		// names (those are in the log); the look stays where it was.
		e.log.Warn("drift look failed", "connection", w.conn.ID, "err", err)
		w.storeNotes = append(w.storeNotes, fmt.Sprintf("Drift was not checked this run: ShelfSync could not ask the store what changed since its last look (%s). It looks again at the next sync.", strings.TrimSuffix(sentence(err), ".")))
		return nil
	}
	w.storeNotes = append(w.storeNotes, ch.Notes...)
	next := ch.Next
	w.storeNext = &next
	w.storeLive = make(map[string]inventory.StoreItem, len(ch.Items)+len(ch.NotTracked))
	for _, it := range ch.Items {
		w.storeLive[it.SKU] = it
	}
	for _, it := range ch.NotTracked {
		it.Untracked = true
		w.storeLive[it.SKU] = it
	}
	if !w.partial || len(w.storeLive) == 0 {
		return nil
	}
	skus := make([]string, 0, len(w.storeLive))
	for sku := range w.storeLive {
		skus = append(skus, sku)
	}
	// Most listings the store says changed hold what ShelfSync last knew
	// (its own writes, read back by the look after a Full Sync): only the
	// rows of those that differ, or that it never saw, are loaded.
	known, err := e.db.KnownListings(w.conn.ID, skus)
	if err != nil {
		return err
	}
	same := make(map[string]bool, len(known))
	for _, k := range known {
		live := w.storeLive[k.StoreSKU]
		if k.StoreQty != nil && *k.StoreQty == live.Qty && k.Untracked == live.Untracked {
			same[k.StoreSKU] = true
		}
	}
	skus = slices.DeleteFunc(skus, func(sku string) bool { return same[sku] })
	if len(skus) == 0 {
		return nil
	}
	rows, err := e.db.ItemsByStoreSKU(w.conn.ID, skus)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, loaded := w.stored[r.SKU]; !loaded {
			w.stored[r.SKU] = r
		}
	}
	return nil
}

// compareStore finds the SKUs whose listing the store moved since the
// quantity ShelfSync last knew (its confirmed write or its last read): by
// the index a Full Sync just read, or by what readStoreChanges learnt on a
// Smart Sync, whose live quantities it lays over the cached index. A SKU
// left drifted by an earlier run counts as moved too.
func (w *world) compareStore(at time.Time) {
	w.storeMoved = map[string]bool{}
	w.seenMoved = map[string]bool{}
	w.knownBefore = map[string]int{}
	w.at = at
	for sku, it := range w.stored {
		if it.State == types.StateDrifted {
			w.storeMoved[sku] = true
			if it.BaselineQty != nil {
				w.knownBefore[sku] = *it.BaselineQty // what the store confirmed before it moved
			}
		}
		if !it.StoreSeen || it.StoreQty == nil {
			continue
		}
		storeSKU := it.StoreSKU
		if storeSKU == "" {
			storeSKU = sku
		}
		var now inventory.StoreItem
		var seen bool
		if w.storeFresh {
			now, seen = w.storeItems[storeSKU]
		} else {
			now, seen = w.storeLive[storeSKU]
		}
		if seen && now.Qty != *it.StoreQty {
			w.storeMoved[sku], w.seenMoved[sku] = true, true
			w.knownBefore[sku] = *it.StoreQty
		}
	}
	if w.storeFresh {
		return
	}
	for storeSKU, live := range w.storeLive {
		if si, cached := w.storeItems[storeSKU]; cached {
			si.Qty, si.Untracked = live.Qty, live.Untracked
			w.storeItems[storeSKU] = si
		}
	}
}

// countDrift puts the drifted SKUs into the run's count and history.
func countDrift(w *world, run *storage.SyncRun, repair bool) {
	n, named, unit := len(w.plan.Drifted), w.plan.Drifted, "SKU"
	if w.locMap != nil {
		// Counted per SKU and location: each was set back, or not, on its own.
		n, named, unit = len(w.plan.LocationDrifted), make([]string, 0, len(w.plan.LocationDrifted)), "SKU location"
		for _, key := range w.plan.LocationDrifted {
			named = append(named, key.SKU+" at "+key.Location)
		}
	}
	run.Drifted = n
	if n == 0 {
		return
	}
	what := "they were set back to the published quantity"
	switch {
	case w.plan.Run == inventory.ModeFull:
		what = "the Full Sync set them back to the published quantity"
	case !repair:
		what = "they were left as they are, as this connection only flags drift; Repair drifted SKUs sets them back"
	}
	run.Problems = append(run.Problems, fmt.Sprintf("%s changed in the store since ShelfSync's last look and no longer held the published quantity (%s); %s.",
		plural(n, unit), listSome(named), what))
}
