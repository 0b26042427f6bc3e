package engine

import (
	"time"

	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// A connection with a location map (storage.Connection.LocationMap) is
// planned per SKU and store location (inventory.MakeLocationPlan): each
// location has its own baseline and pending write in item_locations, and
// the SKU's own row holds their sums, so the Inventory tab still filters
// and counts SKUs. Drift is looked for per location (compareLocations),
// confirmed batches are recorded as they land (writeLocated), and a Smart
// Sync takes the same fast path as without a map: each SKU's row keeps
// what its facilities held (Item.WarehouseFacilities), so the SKUs it did
// not read are planned per location from that.

// loadLocations loads the SKU-location rows of a located connection: of
// every SKU, or on a Smart Sync's fast path of the SKUs loaded.
func (e *Engine) loadLocations(w *world) error {
	if w.locMap == nil {
		return nil
	}
	var rows []storage.ItemLocation
	if w.partial {
		skus := make([]string, 0, len(w.stored))
		for sku := range w.stored {
			skus = append(skus, sku)
		}
		bySKU, err := e.db.ItemLocationsOf(w.conn.ID, skus)
		if err != nil {
			return err
		}
		for _, locs := range bySKU {
			rows = append(rows, locs...)
		}
	} else {
		var err error
		if rows, err = e.db.ItemLocations(w.conn.ID); err != nil {
			return err
		}
	}
	w.storedLocs = make(map[inventory.LocationKey]storage.ItemLocation, len(rows))
	for _, r := range rows {
		w.storedLocs[inventory.LocationKey{SKU: r.SKU, Location: r.Location}] = r
	}
	return nil
}

// cacheLocations gives the store items a Smart Sync took from the stored
// index (not read from the store) the quantities each location confirmed
// or was last seen holding.
func (w *world) cacheLocations() {
	if w.storeFresh {
		return
	}
	for _, it := range w.stored {
		storeSKU := it.StoreSKU
		if storeSKU == "" {
			storeSKU = it.SKU
		}
		si, ok := w.storeItems[storeSKU]
		if !ok {
			continue
		}
		si.Locations = map[string]int{}
		for _, loc := range w.locMap.Locations() {
			if r, ok := w.storedLocs[inventory.LocationKey{SKU: it.SKU, Location: loc}]; ok && r.StoreQty != nil {
				si.Locations[loc] = *r.StoreQty
			}
		}
		w.storeItems[storeSKU] = si
	}
}

// compareLocations is compareStore per location: it finds the
// SKU-locations whose store quantity moved since the quantity ShelfSync
// last knew there, by the index a Full Sync just read or by what
// readStoreChanges learnt on a Smart Sync (whose live quantities it lays
// over the cached index). A location left drifted by an earlier run (the
// connection only flags drift) counts as moved too.
func (w *world) compareLocations(at time.Time) {
	w.storeMoved, w.seenMoved, w.knownBefore, w.at = map[string]bool{}, map[string]bool{}, map[string]int{}, at
	w.locMoved, w.locKnown = map[inventory.LocationKey]bool{}, map[inventory.LocationKey]int{}
	for key, r := range w.storedLocs {
		if r.PublishedQty != nil && r.BaselineQty != nil && r.StoreQty != nil &&
			*r.PublishedQty == *r.BaselineQty && *r.StoreQty != *r.PublishedQty {
			w.locMoved[key], w.locKnown[key] = true, *r.BaselineQty
		}
		if r.StoreQty == nil {
			continue
		}
		storeSKU := w.rules.StoreSKU(key.SKU)
		var now inventory.StoreItem
		var seen bool
		if w.storeFresh {
			now, seen = w.storeItems[storeSKU]
		} else {
			now, seen = w.storeLive[storeSKU]
		}
		if !seen {
			continue
		}
		if _, read := now.Locations[key.Location]; !read && (now.Locations != nil || !w.storeFresh) {
			// Not read at this location: nothing seen. (A store's change
			// filter that names no location was asked at its own only.)
			continue
		}
		if q := now.QtyAt(key.Location); q != *r.StoreQty {
			w.locMoved[key], w.locKnown[key] = true, *r.StoreQty
			w.seenMoved[key.SKU] = true
		}
	}
	if w.storeFresh {
		return
	}
	for storeSKU, live := range w.storeLive {
		si, cached := w.storeItems[storeSKU]
		if !cached {
			continue
		}
		si.Qty, si.Untracked = live.Qty, live.Untracked
		locs := make(map[string]int, len(si.Locations)+len(live.Locations))
		for loc, q := range si.Locations {
			locs[loc] = q
		}
		for loc, q := range live.Locations {
			locs[loc] = q
		}
		si.Locations = locs
		w.storeItems[storeSKU] = si
	}
}

// knownAt is, for a push to a listing the store changed by itself since
// ShelfSync's last look, the quantity ShelfSync knew there before.
func (w *world) knownAt(p inventory.Push) (int, bool) {
	if w.locMap != nil {
		q, ok := w.locKnown[inventory.LocationKey{SKU: p.SKU, Location: p.Location}]
		return q, ok
	}
	q, ok := w.knownBefore[p.SKU]
	return q, ok
}

// locationInput is the map and what each SKU's locations confirmed. A
// baseline stands only while the SKU still feeds the listing that
// confirmed it, as without locations.
func (w *world) locationInput() inventory.LocationInput {
	in := inventory.LocationInput{Map: w.locMap,
		Baseline:   make(map[inventory.LocationKey]inventory.Baseline, len(w.storedLocs)),
		Pending:    map[inventory.LocationKey]bool{},
		StoreMoved: w.locMoved}
	for key, r := range w.storedLocs {
		if it, ok := w.stored[key.SKU]; ok && it.StoreSKU != "" && it.StoreSKU != w.rules.StoreSKU(key.SKU) {
			continue
		}
		if r.BaselineQty != nil {
			in.Baseline[key] = inventory.Baseline{Qty: *r.BaselineQty}
		}
		if r.Pending {
			in.Pending[key] = true
		}
	}
	return in
}

// locationRows computes each SKU-location row this run published or
// pushed (only a confirmed write moves a location's baseline), keeps the
// changed ones in w.locRows for FinishRun, and folds each SKU's locations
// into its row: the sums of their quantities, pending or failed if one is.
// The recorder wrote the confirmed batches' rows already (writeLocated);
// these are the same rows computed whole, and they replace them.
func (w *world) locationRows(rows map[string]storage.Item, rowFor func(string) storage.Item, results []pushOutcome, now time.Time) {
	byIndex := make(map[string]int, len(w.view))
	for i, it := range w.view {
		byIndex[it.SKU] = i
	}
	next := map[inventory.LocationKey]storage.ItemLocation{}
	rowAt := func(key inventory.LocationKey) storage.ItemLocation {
		if r, ok := next[key]; ok {
			return r
		}
		return w.storedLocation(key)
	}
	for key, published := range w.plan.LocationPublished {
		r := rowAt(key)
		var item *inventory.WarehouseItem
		if i, ok := byIndex[key.SKU]; ok {
			item = &w.view[i]
		}
		w.publishAt(&r, key, published, item)
		// Fresh from the index, or the cached index with the store's live
		// changes laid over it (compareLocations).
		if si, ok := w.storeItems[w.rules.StoreSKU(key.SKU)]; ok {
			if _, read := si.Locations[key.Location]; read || si.Locations == nil {
				held := si.QtyAt(key.Location)
				r.StoreQty = &held
			}
		}
		next[key] = r
	}
	refs := map[string]string{}
	for k, p := range w.plan.Pushes {
		key := inventory.LocationKey{SKU: p.SKU, Location: p.Location}
		r := rowAt(key)
		var res pushOutcome
		if results != nil {
			res = results[k]
		}
		pushedAt(&r, p, res, now)
		if res.status == statusOK && res.ref != "" {
			refs[p.SKU] = res.ref
		}
		next[key] = r
	}

	w.locNow = next
	bySKU := map[string][]storage.ItemLocation{}
	for key, r := range next {
		if old, ok := w.storedLocs[key]; !ok || !sameLocation(old, r) {
			w.locRows = append(w.locRows, r)
		}
		bySKU[key.SKU] = append(bySKU[key.SKU], r)
	}
	for sku, locs := range bySKU {
		r := rowFor(sku)
		foldLocations(&r, locs)
		if ref := refs[sku]; ref != "" {
			r.StoreRef, r.StoreSeen = ref, true
		}
		rows[sku] = r
	}
}

// storedLocation is the row an earlier run left for a SKU-location, or a
// new one.
func (w *world) storedLocation(key inventory.LocationKey) storage.ItemLocation {
	if r, ok := w.storedLocs[key]; ok {
		return r
	}
	return storage.ItemLocation{ConnectionID: w.conn.ID, SKU: key.SKU, Location: key.Location}
}

// publishAt puts what this run planned for a SKU-location into its row:
// the quantity published there and what the facilities feeding it hold
// (item is the SKU's warehouse item, nil when the run has none).
func (w *world) publishAt(r *storage.ItemLocation, key inventory.LocationKey, published int, item *inventory.WarehouseItem) {
	q := published
	r.PublishedQty = &q
	if item != nil && w.plan.Run != inventory.ModeUndo { // an undo reads no warehouse
		r.WarehouseQty = inventory.FeedQty(*item, w.locMap[key.Location])
	}
}

// pushedAt puts one push's outcome into its location's row: only a
// confirmed write moves the baseline.
func pushedAt(r *storage.ItemLocation, p inventory.Push, res pushOutcome, now time.Time) {
	switch res.status {
	case statusOK:
		to, at := p.To, now
		r.BaselineQty, r.BaselineAt, r.StoreQty = &to, &at, &to
		r.Pending, r.LastError, r.LastSyncedAt = false, "", &at
	case statusFailed:
		r.Pending, r.LastError = true, res.err
	case statusNotTracked:
		r.Pending, r.LastError = false, ""
	default:
		r.Pending = true // not attempted: retried next time
	}
}

// writeLocated records a group of confirmed batches of a located run: the
// rows of the SKU-locations they wrote, each SKU's row folded from its
// locations (those not written yet as they were), and the history rows,
// in one transaction. So a run killed later still says what each
// location took, and the next run does not write it again.
func (r *recorder) writeLocated(group []confirmedBatch) {
	w := r.w
	now := r.e.now().UTC()
	c := storage.Confirmed{RunID: r.runID}
	touched := map[string]int{} // SKU -> index in the view
	refs := map[string]string{}
	for _, b := range group {
		c.Results = append(c.Results, runItems(b.pushes, b.outcomes, w.knownAt)...)
		for i, p := range b.pushes {
			res := b.outcomes[i]
			switch res.status {
			case statusNotAttempted:
				continue
			case statusOK:
				c.Pushed++
				if res.ref != "" {
					refs[p.SKU] = res.ref
				}
			case statusFailed:
				c.Failed++
			}
			key := inventory.LocationKey{SKU: p.SKU, Location: p.Location}
			row, ok := r.locs[key]
			if !ok {
				row = w.storedLocation(key)
			}
			w.publishAt(&row, key, w.plan.LocationPublished[key], &w.view[p.Item])
			pushedAt(&row, p, res, now)
			r.locs[key] = row
			c.Locations = append(c.Locations, row)
			touched[p.SKU] = p.Item
		}
	}
	for sku, i := range touched {
		old, known := w.stored[sku]
		row := old
		if !known {
			row = storage.Item{ConnectionID: w.conn.ID, SKU: sku}
		}
		w.applyWarehouse(&row, w.view[i])
		var locs []storage.ItemLocation
		for _, loc := range w.locMap.Locations() {
			key := inventory.LocationKey{SKU: sku, Location: loc}
			l, ok := r.locs[key]
			if !ok {
				// Not written yet: as stored, with what this run publishes.
				l, ok = w.storedLocs[key]
				if q, published := w.plan.LocationPublished[key]; published {
					l, ok = w.storedLocation(key), true
					w.publishAt(&l, key, q, &w.view[i])
				}
			}
			if ok {
				locs = append(locs, l)
			}
		}
		foldLocations(&row, locs)
		if ref := refs[sku]; ref != "" {
			row.StoreRef, row.StoreSeen = ref, true
		}
		row.State = storage.DeriveState(&row, w.rules.IsIgnored(sku), w.caps.CreatesListings)
		locationStateOf(&row, locs)
		if known {
			c.Existing = append(c.Existing, row)
		} else {
			c.Added = append(c.Added, row)
		}
	}
	if len(touched) == 0 || r.e.db.SaveConfirmed(c) != nil {
		return // FinishRun writes them
	}
	r.markPushes(group)
}

// foldLocations sets a SKU's row from its locations: each sum is known
// only when every location's part is.
func foldLocations(r *storage.Item, locs []storage.ItemLocation) {
	sum := func(part func(storage.ItemLocation) *int) *int {
		total := 0
		for _, l := range locs {
			q := part(l)
			if q == nil {
				return nil
			}
			total += *q
		}
		return &total
	}
	r.BaselineQty = sum(func(l storage.ItemLocation) *int { return l.BaselineQty })
	r.StoreQty = sum(func(l storage.ItemLocation) *int { return l.StoreQty })
	r.Pending, r.LastError, r.BaselineAt = false, "", nil
	for _, l := range locs {
		r.Pending = r.Pending || l.Pending
		if r.LastError == "" {
			r.LastError = l.LastError
		}
		if l.BaselineAt != nil && (r.BaselineAt == nil || l.BaselineAt.After(*r.BaselineAt)) {
			r.BaselineAt = l.BaselineAt
		}
		if l.LastSyncedAt != nil && (r.LastSyncedAt == nil || l.LastSyncedAt.After(*r.LastSyncedAt)) {
			r.LastSyncedAt = l.LastSyncedAt
		}
	}
	if r.BaselineQty == nil {
		r.BaselineAt = nil
	}
	if r.StoreQty != nil {
		r.StoreSeen = true
	}
}

// locationState corrects a SKU's derived state on a located connection
// from its locations as this run left them.
func (w *world) locationState(r *storage.Item) {
	if w.locMap == nil || r.State != types.StateInSync {
		return
	}
	var locs []storage.ItemLocation
	for _, loc := range w.locMap.Locations() {
		key := inventory.LocationKey{SKU: r.SKU, Location: loc}
		l, ok := w.locNow[key]
		if !ok {
			l, ok = w.storedLocs[key]
		}
		if ok {
			locs = append(locs, l)
		}
	}
	locationStateOf(r, locs)
}

// locationStateOf corrects a SKU's derived state by its locations: sums
// can agree while one location still differs (a unit moved from one
// facility to another), and that SKU is changed, not in sync.
func locationStateOf(r *storage.Item, locs []storage.ItemLocation) {
	if r.State != types.StateInSync {
		return
	}
	for _, l := range locs {
		if l.PublishedQty == nil || l.BaselineQty == nil || *l.PublishedQty != *l.BaselineQty {
			r.State = types.StateChanged
			return
		}
	}
	for _, l := range locs {
		if l.StoreQty != nil && *l.StoreQty != *l.PublishedQty {
			r.State = types.StateDrifted // confirmed there, then moved
			return
		}
	}
}

func sameLocation(a, b storage.ItemLocation) bool {
	return a.WarehouseQty == b.WarehouseQty && sameInt(a.PublishedQty, b.PublishedQty) && sameInt(a.StoreQty, b.StoreQty) &&
		sameInt(a.BaselineQty, b.BaselineQty) && sameTime(a.BaselineAt, b.BaselineAt) && a.Pending == b.Pending &&
		a.LastError == b.LastError && sameTime(a.LastSyncedAt, b.LastSyncedAt)
}
