package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
)

// ErrCannotTrack is returned for a store that cannot turn stock tracking
// on from ShelfSync.
var ErrCannotTrack = errors.New("this store cannot turn on stock tracking from ShelfSync")

// TrackOutcome is what "Turn on stock tracking for these" did.
type TrackOutcome struct {
	Tracked []string          // warehouse SKUs now tracked, pending their push
	Failed  map[string]string // warehouse SKU -> why not
}

// TrackStock turns on stock tracking in the store for every SKU of the
// connection in the not_tracked state and makes them pending, so the sync
// the caller runs next pushes their quantities. It claims the connection
// like a run: never during a sync.
func (e *Engine) TrackStock(ctx context.Context, connectionID uint) (TrackOutcome, error) {
	out := TrackOutcome{Failed: map[string]string{}}
	conn, err := e.db.Connection(connectionID)
	if err != nil {
		return out, fmt.Errorf("there is no connection %d: %w", connectionID, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := e.claim(conn, cancel); err != nil {
		return out, err
	}
	defer e.release(conn.ID)

	items, err := e.db.ItemsInState(conn.ID, storage.StateNotTracked)
	if err != nil {
		return out, err
	}
	if len(items) == 0 {
		return out, nil
	}
	_, store, err := e.connectors.Open(conn)
	if err != nil {
		return out, fmt.Errorf("open the store of %s: %w", conn.Name, err)
	}
	cannot := fmt.Errorf("%w; turn it on for these listings in the store's admin, then sync again", ErrCannotTrack)
	tracker, ok := store.(connector.StockTracker)
	if !ok {
		return out, cannot
	}
	byStoreSKU := make(map[string]string, len(items))
	listings := make([]inventory.StoreItem, 0, len(items))
	for _, it := range items {
		storeSKU := it.StoreSKU
		if storeSKU == "" {
			storeSKU = it.SKU
		}
		byStoreSKU[storeSKU] = it.SKU
		listings = append(listings, inventory.StoreItem{SKU: storeSKU, Name: it.Name, Ref: it.StoreRef, ParentRef: it.StoreParentRef, Untracked: true})
	}
	res, err := tracker.TrackStock(ctx, listings)
	if errors.Is(err, connector.ErrUnsupported) {
		return out, cannot
	}
	if err != nil {
		return out, fmt.Errorf("turn on stock tracking in the store of %s: %w", conn.Name, err)
	}
	for _, storeSKU := range res.Tracked {
		if sku, ok := byStoreSKU[storeSKU]; ok {
			out.Tracked = append(out.Tracked, sku)
		}
	}
	for storeSKU, why := range res.Failed {
		if sku, ok := byStoreSKU[storeSKU]; ok {
			out.Failed[sku] = why
		}
	}
	sort.Strings(out.Tracked)
	if err := e.db.MarkTracked(conn.ID, out.Tracked); err != nil {
		return out, fmt.Errorf("stock tracking is on in the store for %s, but ShelfSync could not record it (%w); run a Full Sync to set their quantities", strings.Join(out.Tracked, ", "), err)
	}
	return out, nil
}
