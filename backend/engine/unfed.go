package engine

import (
	"fmt"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// keepUnfedListings gives a row of its own to each store listing a SKU fed
// until this run and no longer does (its mapping moved), so the listing
// that keeps selling its last quantity is shown as not fed instead of
// vanishing. A listing named like a warehouse SKU cannot have a row of its
// own (rows are keyed by warehouse SKU first): the run names it instead.
// It also counts the connection's listings not fed into the run.
func (w *world) keepUnfedListings(rows map[string]storage.Item, rowFor func(string) storage.Item, inView, fed map[string]bool) {
	if w.partial {
		w.notFed = w.counts.NotFed
	}
	for sku, old := range w.stored {
		if !w.partial && old.State == types.StateNotFed && !fed[sku] {
			w.notFed++
		}
		moved := old.StoreSeen && old.StoreSKU != "" && old.BaselineQty != nil &&
			old.StoreSKU != w.rules.StoreSKU(sku) && (old.WarehouseSeen || old.Attention != "")
		if !moved || fed[old.StoreSKU] {
			continue
		}
		listing := old.StoreSKU
		w.notFed++
		if inView[listing] || (listing != sku && w.stored[listing].WarehouseSeen) {
			w.unfedProblems = append(w.unfedProblems, fmt.Sprintf("The store listing %s is no longer fed by the warehouse (SKU %s now feeds %s); it keeps selling its last quantity until you change it in the store or map a SKU to it.",
				listing, sku, w.rules.StoreSKU(sku)))
			continue
		}
		r := rowFor(listing)
		r.SKU, r.Name = listing, old.Name
		r.WarehouseSeen, r.PublishedQty, r.Attention = false, nil, ""
		r.StoreSeen, r.StoreSKU, r.StoreRef, r.StoreParentRef, r.StoreQty = true, listing, old.StoreRef, old.StoreParentRef, old.StoreQty
		r.BaselineQty, r.BaselineAt = old.BaselineQty, old.BaselineAt
		r.Pending, r.LastError = false, ""
		rows[listing] = r
	}
}
