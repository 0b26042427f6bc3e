package engine

import (
	"context"
	"errors"
	"fmt"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// UndoSkip is a SKU an undo leaves alone: the store no longer holds what
// the run wrote (it sold, or someone changed it), so setting it back
// would lose that change.
type UndoSkip struct {
	SKU string
	// Location is the store location the run wrote at ("" without a map).
	Location string
	Wrote    int
	Now      *int // nil when the listing is gone (or not read there)
	Reason   string
}

// UndoPlan is what undoing a run would do: the writes back to the
// quantities before it, and the SKUs left alone.
type UndoPlan struct {
	RunID   uint
	Restore []inventory.Push
	Skipped []UndoSkip
}

// ErrUndoTooOld marks a run whose per-SKU results are gone (past the
// history retention) or that no longer exists.
var ErrUndoTooOld = errors.New("the run is too old to undo")

// PreviewUndo says what undoing a run would do, writing nothing.
func (e *Engine) PreviewUndo(ctx context.Context, runID uint) (UndoPlan, error) {
	target, err := e.db.Run(runID)
	if err != nil {
		return UndoPlan{}, undoGone(runID, err)
	}
	conn, err := e.db.Connection(target.ConnectionID)
	if err != nil {
		return UndoPlan{}, fmt.Errorf("there is no connection %d: %w", target.ConnectionID, err)
	}
	_, plan, err := e.planUndo(ctx, conn, runID)
	return plan, err
}

func undoGone(runID uint, err error) error {
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("run %d is no longer in the history (runs older than the connection's retention are removed), so it cannot be undone: %w", runID, ErrUndoTooOld)
	}
	return err
}

// planUndo reads what the run wrote and what the store holds now (its
// index: an undo is rare and must compare every SKU it would write) and
// builds the world an undo run pushes: for every SKU the run set, back to
// the quantity before it, only where the store still holds what the run
// wrote (compare-and-set).
func (e *Engine) planUndo(ctx context.Context, conn storage.Connection, runID uint) (*world, UndoPlan, error) {
	plan := UndoPlan{RunID: runID}
	target, err := e.db.Run(runID)
	if err != nil {
		return nil, plan, undoGone(runID, err)
	}
	switch {
	case target.ConnectionID != conn.ID:
		return nil, plan, fmt.Errorf("run %d belongs to another connection", runID)
	case target.Status == types.RunRunning:
		return nil, plan, fmt.Errorf("run %d is still running; undo it once it has finished", runID)
	}
	results, err := e.db.RunItems(runID)
	if err != nil {
		return nil, plan, err
	}
	if len(results) == 0 {
		if target.Pushed > 0 {
			return nil, plan, fmt.Errorf("run %d is too old to undo: the quantities it replaced were removed with its details after the connection's history retention: %w", runID, ErrUndoTooOld)
		}
		return nil, plan, fmt.Errorf("run %d changed nothing in the store, so there is nothing to undo", runID)
	}
	located := false
	for _, r := range results {
		located = located || r.Location != ""
	}

	w := &world{conn: conn, rules: RulesOf(conn.Rules), plan: inventory.Plan{Run: inventory.ModeUndo, Published: map[string]int{}}}
	if located {
		// Compared and set per SKU and location; recorded per location too.
		w.locMap = inventory.LocationMap(conn.LocationMap)
		w.plan.LocationPublished = map[inventory.LocationKey]int{}
	}
	if w.warehouse, w.store, err = e.connectors.Open(conn); err != nil {
		return nil, plan, fmt.Errorf("open the connectors of %s: %w", conn.Name, err)
	}
	w.caps = w.store.Capabilities()
	idx, err := w.store.ReadIndex(ctx)
	w.apiCalls += idx.APICalls
	if err != nil {
		return nil, plan, fmt.Errorf("read the store's quantities to compare them with what run %d wrote: %w", runID, err)
	}
	w.storeItems = make(map[string]inventory.StoreItem, len(idx.Items))
	for _, it := range idx.Items {
		w.storeItems[it.SKU] = it
	}
	skus := make([]string, 0, len(results))
	for _, r := range results {
		skus = append(skus, r.SKU)
	}
	rows, err := e.db.ItemsBySKU(conn.ID, skus)
	if err != nil {
		return nil, plan, err
	}
	w.stored = make(map[string]storage.Item, len(rows))
	for _, r := range rows {
		w.stored[r.SKU] = r
	}
	places := map[string]string{} // store location id -> its name
	if located {
		if err := e.loadUndoLocations(w, skus); err != nil {
			return nil, plan, err
		}
		places = placeNames(ctx, w.store)
	}

	viewIndex := map[string]int{} // SKU -> index in w.view
	for _, r := range results {
		if r.Status != "ok" {
			continue // a failed write changed nothing
		}
		skip := UndoSkip{SKU: r.SKU, Location: r.Location, Wrote: r.ToQty}
		what := r.SKU
		if r.Location != "" {
			what = r.SKU + " at " + placeName(places, r.Location)
		}
		row := w.stored[r.SKU]
		storeSKU := row.StoreSKU
		if storeSKU == "" {
			storeSKU = r.SKU
		}
		listing, listed := w.storeItems[storeSKU]
		now, read := listing.Qty, listed
		if r.Location != "" && listed && listing.Locations != nil {
			now, read = listing.Locations[r.Location]
		}
		if read {
			q := now
			skip.Now = &q
		}
		_, fed := w.locMap[r.Location]
		switch {
		case r.FromQty == nil:
			skip.Reason = fmt.Sprintf("%s: the store had no quantity for it before that run; left at %d", what, r.ToQty)
		case !listed:
			skip.Reason = fmt.Sprintf("%s: no longer in the store; nothing to set back", what)
		case r.Location != "" && (!fed || len(w.locMap[r.Location]) == 0):
			skip.Reason = fmt.Sprintf("%s: the connection's location map no longer feeds that location; left as it is", what)
		case read && now < r.ToQty:
			skip.Reason = fmt.Sprintf("%s: sold %d since; left at %d", what, r.ToQty-now, now)
		case read && now > r.ToQty:
			skip.Reason = fmt.Sprintf("%s: changed in the store since (the run wrote %d); left at %d", what, r.ToQty, now)
		}
		if skip.Reason != "" {
			plan.Skipped = append(plan.Skipped, skip)
			continue
		}
		i, seen := viewIndex[r.SKU]
		if !seen {
			i = len(w.view)
			viewIndex[r.SKU] = i
			item := inventory.WarehouseItem{SKU: r.SKU, Name: row.Name, Qty: row.WarehouseQty, Facilities: row.WarehouseFacilities}
			if row.WarehouseUpdatedAt != nil {
				item.UpdatedAt = *row.WarehouseUpdatedAt
			}
			if !row.WarehouseSeen {
				item.Problem = problemOf(row.Attention)
			}
			if row.PublishedQty != nil {
				w.plan.Published[r.SKU] = *row.PublishedQty
			}
			w.view = append(w.view, item)
		}
		// A quantity the index did not read at the location is compared
		// and set by the store itself, against what the run wrote, where
		// the platform can (Shopify's compareQuantity).
		from := r.ToQty
		if read {
			from = now
		}
		push := inventory.Push{SKU: r.SKU, StoreSKU: storeSKU, Ref: listing.Ref, ParentRef: listing.ParentRef,
			From: from, FromKnown: true, To: *r.FromQty, Why: inventory.ReasonUndo, Item: i, Location: r.Location}
		w.plan.Pushes = append(w.plan.Pushes, push)
	}
	plan.Restore = w.plan.Pushes
	return w, plan, nil
}

// loadUndoLocations loads, for an undo of a run that wrote per location,
// the location rows of the SKUs it wrote, and takes each one's published
// quantity as the plan's, so the rows the undo records fold every
// location of a SKU, not only the one set back.
func (e *Engine) loadUndoLocations(w *world, skus []string) error {
	bySKU, err := e.db.ItemLocationsOf(w.conn.ID, skus)
	if err != nil {
		return err
	}
	w.storedLocs = map[inventory.LocationKey]storage.ItemLocation{}
	for _, locs := range bySKU {
		for _, l := range locs {
			key := inventory.LocationKey{SKU: l.SKU, Location: l.Location}
			w.storedLocs[key] = l
			if l.PublishedQty != nil {
				w.plan.LocationPublished[key] = *l.PublishedQty
			}
		}
	}
	return nil
}

// placeNames names a store's locations by id, as the store lists them;
// empty for a store that does not, or could not now.
func placeNames(ctx context.Context, store connector.Store) map[string]string {
	out := map[string]string{}
	lister, ok := store.(connector.LocationLister)
	if !ok {
		return out
	}
	places, err := lister.Locations(ctx)
	if err != nil {
		return out // the ids say where, less kindly
	}
	for _, p := range places {
		out[p.ID] = p.Name
	}
	return out
}

// placeName is a location's name, or its id when unnamed.
func placeName(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

// executeUndo is a run that undoes runID: it pushes what planUndo found
// and records itself like any run, in History with trigger undo.
func (e *Engine) executeUndo(ctx context.Context, conn storage.Connection, run *storage.SyncRun, runID uint, progress func(types.SyncPhase, int, int)) storage.RunOutcome {
	out := storage.RunOutcome{Run: run}
	run.ModeRun = inventory.ModeUndo
	w, plan, err := e.planUndo(ctx, conn, runID)
	if w != nil {
		run.APICalls += w.apiCalls
	}
	if err != nil {
		run.Status = types.RunFailed
		run.Error = sentence(err)
		return out
	}
	run.Read = len(w.storeItems)
	run.Changed = len(plan.Restore)
	run.Skipped = len(plan.Skipped)
	unit := "SKUs"
	if w.locMap != nil {
		unit = "SKU quantities at store locations"
	}
	run.Reason = fmt.Sprintf("Undo of run %d: %d %s set back to the quantity they had before it, %d left alone because the store changed them since. The next sync pushes the warehouse's quantities again unless the warehouse changes.",
		runID, len(plan.Restore), unit, len(plan.Skipped))
	for _, s := range plan.Skipped {
		run.Problems = append(run.Problems, s.Reason)
	}
	results, recorded, ok := e.pushPlanned(ctx, w, run, progress, "undo")
	if !ok {
		return out
	}
	out.Items = runItems(w.plan.Pushes, unrecorded(results, recorded.pushes), nil)
	out.Upserts = e.inventoryRows(w, results, recorded.items)
	e.settle(ctx, conn, run)
	return out
}
