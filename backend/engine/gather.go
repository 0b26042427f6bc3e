package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// world is what one run knows after reading both sides and planning.
type world struct {
	conn      storage.Connection
	warehouse connector.Warehouse
	store     connector.Store
	caps      connector.StoreCapabilities
	rules     inventory.Rules

	stored map[string]storage.Item // by SKU, as the last run left them
	read   connector.WarehouseRead
	// view is the whole warehouse as best known now.
	view       []inventory.WarehouseItem
	storeItems map[string]inventory.StoreItem // by store SKU
	storeFresh bool                           // read from the store this run
	duplicates map[string]bool
	plan       inventory.Plan
	apiCalls   int
	// partial is true on a Smart Sync's fast path: stored, view and the
	// plan cover only the SKUs that can need a push (see loadItems).
	partial bool
	// counts tallies the whole connection when partial is true.
	counts storage.ItemCounts
	// notFed counts the listings no warehouse SKU feeds any more, and
	// unfedProblems names those that cannot have a row of their own; both
	// are filled while the run's rows are computed (keepUnfedListings).
	notFed        int
	unfedProblems []string
	// storeNotes are the store's remarks on this run's reads and writes.
	storeNotes []string
	// turnOnTracking: the merchant asked to turn stock tracking on.
	turnOnTracking bool
	// repairDrift: a Smart Sync pushes the SKUs the store drifted on.
	repairDrift bool
	// storeLive is what the store said changed since the last look (by
	// store SKU), storeNext the look's time to record; storeMoved (by
	// warehouse SKU) the SKUs whose listing moved or had drifted before,
	// seenMoved those seen moving now, at when.
	storeLive  map[string]inventory.StoreItem
	storeNext  *time.Time
	storeMoved map[string]bool
	seenMoved  map[string]bool
	// knownBefore is, for those, the quantity ShelfSync knew before.
	knownBefore map[string]int
	at          time.Time
	// bundles are the connection's recipes; bundlesToCompute those whose
	// quantity this run computes (all, but on the fast path only those
	// whose components it read: see loadBundleRows). plannedKey
	// fingerprints the rules and recipes the run plans with.
	bundles          []inventory.Bundle
	bundlesToCompute []inventory.Bundle
	plannedKey       string
	// locMap is the connection's location map; nil plans as before
	// locations (see locations.go for what a map changes).
	locMap inventory.LocationMap
	// storedLocs are the SKU-location rows earlier runs left, locNow those
	// this run computed and locRows the ones of them that changed (all
	// only with a location map).
	storedLocs map[inventory.LocationKey]storage.ItemLocation
	locNow     map[inventory.LocationKey]storage.ItemLocation
	locRows    []storage.ItemLocation
	// locMoved and locKnown are storeMoved and knownBefore per SKU and
	// location, with a location map (compareLocations).
	locMoved map[inventory.LocationKey]bool
	locKnown map[inventory.LocationKey]int
}

// RulesKey fingerprints rules, so a run can tell whether the published
// quantities stored by earlier runs were computed under the same rules.
func RulesKey(s storage.RuleSettings) string {
	s.RunDeadlineMinutes = 0 // bounds the run, moves no quantity
	b, _ := json.Marshal(s)  // cannot fail (numbers, strings, maps of them); map keys marshal sorted: stable
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// mappedTotal is how many SKUs the connection publishes in all (on a
// connection with a location map, how many SKU-locations).
func (w *world) mappedTotal() int {
	if w.locMap != nil { // pushes are per SKU and location
		if w.partial {
			// Every published SKU is published at each fed location.
			return max(w.counts.Mapped*len(w.locMap.Locations()), len(w.plan.LocationPublished))
		}
		return len(w.plan.LocationPublished)
	}
	if w.partial {
		return max(w.counts.Mapped, len(w.plan.Published))
	}
	return len(w.plan.Published)
}

// RulesOf turns stored rule settings into the planner's rules.
func RulesOf(s storage.RuleSettings) inventory.Rules {
	r := inventory.Rules{Buffer: s.Buffer, Cap: s.Cap, ZeroBelow: s.ZeroBelow, Mapping: s.Mapping, Ignored: map[string]bool{},
		MissingToZero: s.MissingSKUs == storage.MissingZero}
	for _, sku := range s.IgnoredSKU {
		r.Ignored[sku] = true
	}
	return r
}

// gather opens the connectors, reads both sides and plans. progress may be nil.
func (e *Engine) gather(ctx context.Context, conn storage.Connection, req Request, progress func(phase types.SyncPhase, done, total int)) (*world, error) {
	mode := req.Mode
	if progress == nil {
		progress = func(types.SyncPhase, int, int) {}
	}
	w := &world{conn: conn, rules: RulesOf(conn.Rules), turnOnTracking: req.TurnOnTracking,
		repairDrift: req.RepairDrift || conn.Rules.Drift != storage.DriftFlag, locMap: inventory.LocationMap(conn.LocationMap)}
	var err error
	w.warehouse, w.store, err = e.connectors.Open(conn)
	if err != nil {
		return w, fmt.Errorf("open the connectors of %s: %w", conn.Name, err)
	}
	w.caps = w.store.Capabilities()
	if w.bundles, err = e.db.Bundles(conn.ID); err != nil {
		return w, err
	}
	w.bundlesToCompute = w.bundles
	w.plannedKey = PlannedKey(conn.Rules, w.bundles, w.locMap)

	// Decide Smart or Full before reading so the reads are those of the
	// mode that really runs. Only a run that reached FinishRun recorded
	// the whole store, and it also stored the rules it planned with; a
	// first run killed mid-push leaves only the baselines of the batches it
	// had confirmed (see recorder).
	hasBaseline, err := e.db.HasBaseline(conn.ID)
	if err != nil {
		return w, err
	}
	choice := inventory.ChooseMode(mode, inventory.BaselineState{HasBaseline: hasBaseline, NeverFinished: conn.PlannedRules == ""})
	runMode := choice.Run

	progress(types.PhaseReadingWarehouse, 0, 0)
	var since time.Time
	if runMode == inventory.ModeSmart && conn.Watermark != nil && (w.locMap == nil || conn.PlannedRules == w.plannedKey) {
		// A located run reads only what changed when the rows it planned
		// the others from hold their facilities under this map (the last
		// finished run planned with it); otherwise it reads it all.
		since = conn.Watermark.Add(-IncrementalOverlap)
	}
	w.read, err = w.warehouse.ReadItems(ctx, since)
	w.apiCalls += w.read.APICalls
	if err != nil {
		return w, fmt.Errorf("read the warehouse: %w", err)
	}

	if err := e.loadItems(w, runMode); err != nil {
		return w, err
	}
	if runMode == inventory.ModeSmart {
		if err := e.readStoreChanges(ctx, w); err != nil {
			return w, err
		}
	}
	// After the store's changes, whose rows may be bundles' (a sale of a kit).
	if w.partial && len(w.bundles) > 0 {
		if err := e.loadBundleRows(w); err != nil {
			return w, err
		}
	}
	if err := e.loadLocations(w); err != nil { // of the SKUs loaded
		return w, err
	}
	baseline := map[string]inventory.Baseline{}
	pending := map[string]bool{}
	for _, it := range w.stored {
		// A baseline is what one store listing confirmed: it stands for the
		// SKU only while the SKU still feeds that listing, so a remap pushes.
		if it.BaselineQty != nil && (it.StoreSKU == "" || it.StoreSKU == w.rules.StoreSKU(it.SKU)) {
			baseline[it.SKU] = inventory.Baseline{Qty: *it.BaselineQty}
		}
		if it.Pending {
			pending[it.SKU] = true
		}
	}
	w.view = mergeWarehouseView(w.stored, w.read)
	if w.read.Complete && !w.read.NotModified {
		w.view = appendMissing(w.view, w.stored, w.caps.CreatesListings)
	}
	w.view = w.withBundles(w.view)

	progress(types.PhaseReadingStore, 0, 0)
	if err := e.readStore(ctx, w, runMode); err != nil {
		return w, err
	}

	if w.locMap != nil {
		w.cacheLocations()
		w.compareLocations(e.now().UTC())
	} else {
		w.compareStore(e.now().UTC())
	}

	progress(types.PhasePlanning, 0, 0)
	in := inventory.PlanInput{
		Mode:                 choice,
		Warehouse:            w.view,
		Store:                w.storeItems,
		StoreDuplicates:      w.duplicates,
		StoreCreatesListings: w.caps.CreatesListings,
		Baseline:             baseline,
		Pending:              pending,
		Rules:                w.rules,
		Partial:              w.partial,
		TurnOnTracking:       req.TurnOnTracking,
		StoreMoved:           w.storeMoved,
		RepairDrift:          w.repairDrift,
	}
	if w.locMap != nil {
		w.plan = inventory.MakeLocationPlan(in, w.locationInput())
	} else {
		w.plan = inventory.MakePlan(in)
	}
	return w, nil
}

// loadItems loads what earlier runs stored. A Smart Sync whose warehouse
// read only what changed, under the rules the stored quantities were
// computed with, loads just the SKUs it read plus those not in sync: every
// other SKU is confirmed and unchanged, so it cannot need a push. That keeps
// a Smart Sync of 1% of a large catalogue from reading the other 99%.
func (e *Engine) loadItems(w *world, runMode inventory.Mode) error {
	incremental := !w.read.Complete || w.read.NotModified
	// Turning tracking on needs the not-tracked rows, which the fast path
	// does not load.
	if runMode == inventory.ModeSmart && incremental && !w.turnOnTracking && w.conn.PlannedRules == w.plannedKey {
		counts, err := e.db.CountItems(w.conn.ID)
		if err != nil {
			return err
		}
		if counts.StoreCached {
			skus := make([]string, len(w.read.Items))
			for i, it := range w.read.Items {
				skus[i] = it.SKU
			}
			items, err := e.db.ItemsNeedingAttention(w.conn.ID, skus)
			if err != nil {
				return err
			}
			w.partial, w.counts = true, counts
			w.stored = make(map[string]storage.Item, len(items))
			for _, it := range items {
				w.stored[it.SKU] = it
			}
			return nil
		}
	}
	items, err := e.db.Items(w.conn.ID)
	if err != nil {
		return err
	}
	w.stored = make(map[string]storage.Item, len(items))
	for _, it := range items {
		w.stored[it.SKU] = it
	}
	return nil
}

// mergeWarehouseView is the whole warehouse: a complete read as it is, an
// incremental (or not-modified) read laid over what the last runs saw.
func mergeWarehouseView(stored map[string]storage.Item, read connector.WarehouseRead) []inventory.WarehouseItem {
	if read.Complete && !read.NotModified {
		return read.Items
	}
	fresh := make(map[string]bool, len(read.Items))
	view := make([]inventory.WarehouseItem, 0, len(stored)+len(read.Items))
	for _, it := range read.Items {
		fresh[it.SKU] = true
		view = append(view, it)
	}
	for sku, it := range stored {
		if !it.WarehouseSeen || fresh[sku] {
			continue
		}
		item := inventory.WarehouseItem{SKU: sku, Name: it.Name, Qty: it.WarehouseQty, Problem: problemOf(it.Attention),
			Facilities: it.WarehouseFacilities}
		if it.WarehouseUpdatedAt != nil {
			item.UpdatedAt = *it.WarehouseUpdatedAt
		}
		view = append(view, item)
	}
	return view
}

// readStore fills the store index: read from the store on a Full Sync or
// when nothing is cached; a Smart Sync uses the ids and confirmed
// quantities the last runs stored, so it needs no catalogue read at all.
func (e *Engine) readStore(ctx context.Context, w *world, runMode inventory.Mode) error {
	w.storeItems = map[string]inventory.StoreItem{}
	w.duplicates = map[string]bool{}
	cached := w.partial // the fast path only runs with a stored index
	for _, it := range w.stored {
		if cached {
			break
		}
		cached = it.StoreSeen
	}
	if runMode == inventory.ModeSmart && cached {
		for _, it := range w.stored {
			if !it.StoreSeen {
				continue
			}
			storeSKU := it.StoreSKU
			if storeSKU == "" {
				storeSKU = it.SKU
			}
			si := inventory.StoreItem{SKU: storeSKU, Name: it.Name, Ref: it.StoreRef, ParentRef: it.StoreParentRef, Untracked: it.StoreUntracked}
			if it.StoreQty != nil {
				si.Qty = *it.StoreQty
			}
			w.storeItems[storeSKU] = si
		}
		return nil
	}
	idx, err := w.store.ReadIndex(ctx)
	w.apiCalls += idx.APICalls
	if err != nil {
		return fmt.Errorf("read the store's SKUs: %w", err)
	}
	w.storeFresh = true
	w.storeItems = make(map[string]inventory.StoreItem, len(idx.Items)+len(idx.NotTracked))
	for _, it := range idx.Items {
		w.storeItems[it.SKU] = it
	}
	for _, sku := range idx.Duplicates {
		w.duplicates[sku] = true
	}
	for _, it := range idx.NotTracked {
		if _, tracked := w.storeItems[it.SKU]; !tracked {
			it.Untracked = true
			w.storeItems[it.SKU] = it
		}
	}
	w.storeNotes = append(w.storeNotes, idx.Notes...)
	// The store's remarks (fractional stock rounded down) join the run's
	// problems with the warehouse's.
	w.read.Problems = append(w.read.Problems, idx.Notes...)
	return nil
}
