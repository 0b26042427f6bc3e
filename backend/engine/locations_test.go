package engine

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/demo"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// demoWorld is the engine over the real demo warehouse (two facilities)
// and demo store (two locations).
func demoWorld(t *testing.T, skus int) (*testWorld, *demo.Warehouse, *demo.Store) {
	t.Helper()
	w := newTestWorld(t)
	dir := t.TempDir()
	cfg := connector.Config{Kind: demo.Kind, DataDir: dir, ConnectionID: w.conn.ID, Settings: map[string]string{demo.SettingSKUs: fmt.Sprint(skus)}}
	wh, err := demo.NewWarehouse(cfg, w.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	st, err := demo.NewStore(cfg, w.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	w.engine = New(w.db, staticConnectors{wh, st}, Options{Now: w.clock.Now})
	return w, wh, st
}

// written lists a run's results as "SKU@location".
func written(t *testing.T, w *testWorld, run storage.SyncRun) []string {
	t.Helper()
	items, err := w.db.RunItems(run.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, it := range items {
		out = append(out, it.SKU+"@"+it.Location)
	}
	sort.Strings(out)
	return out
}

func TestALocatedConnectionWritesEachLocationFromTheFacilitiesFeedingIt(t *testing.T) {
	w, wh, st := demoWorld(t, 10)
	if err := w.db.SetLocationMap(w.conn.ID, map[string][]string{"shop": {"east"}, "popup": {"west"}}); err != nil {
		t.Fatal(err)
	}
	full := w.sync(t, inventory.ModeFull)
	if full.Status != types.RunSucceeded || full.Pushed != 20 {
		t.Fatalf("Full: %s pushed %d, want 10 SKUs at 2 locations", full.Status, full.Pushed)
	}
	read, _ := wh.ReadItems(context.Background(), time.Time{})
	idx, _ := st.ReadIndex(context.Background())
	for i, it := range read.Items {
		if got, want := idx.Items[i].Locations, map[string]int{"shop": it.Facilities["east"], "popup": it.Facilities["west"]}; !reflect.DeepEqual(got, want) {
			t.Fatalf("%s in the store %v, want %v", it.SKU, got, want)
		}
	}
	for _, it := range w.items(t) {
		if it.State != types.StateInSync {
			t.Errorf("%s is %s after the Full, want in_sync", it.SKU, it.State)
		}
	}

	sku := read.Items[3].SKU
	w.clock.Set(w.clock.Now().Add(time.Second)) // within the hour: no drift
	if err := wh.SetFacilityQty(sku, "west", read.Items[3].Facilities["west"]+5, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	smart := w.sync(t, inventory.ModeSmart)
	if got := written(t, w, smart); smart.Status != types.RunSucceeded || !reflect.DeepEqual(got, []string{sku + "@popup"}) {
		t.Fatalf("Smart after west changed: %s wrote %v, want only %s at the pop-up", smart.Status, got, sku)
	}
	var err error
	if idx, err = st.ReadIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if idx.Items[3].Locations["popup"] != read.Items[3].Facilities["west"]+5 {
		t.Errorf("pop-up holds %d of %s, want %d", idx.Items[3].Locations["popup"], sku, read.Items[3].Facilities["west"]+5)
	}
	if again := w.sync(t, inventory.ModeSmart); again.Pushed != 0 {
		t.Errorf("a second Smart pushed %d, want 0", again.Pushed)
	}

	// West now feeds nothing: its changes are not pushed anywhere.
	if err := w.db.SetLocationMap(w.conn.ID, map[string][]string{"shop": {"east"}}); err != nil {
		t.Fatal(err)
	}
	if err := wh.SetFacilityQty(sku, "west", 0, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := written(t, w, w.sync(t, inventory.ModeSmart)); len(got) != 0 {
		t.Errorf("a change at a facility mapped nowhere wrote %v", got)
	}
}

// Without a map every facility feeds the main shop, as before locations.
func TestWithoutALocationMapEveryFacilityFeedsThePrimaryLocation(t *testing.T) {
	w, wh, st := demoWorld(t, 10)
	if full := w.sync(t, inventory.ModeFull); full.Pushed != 10 {
		t.Fatalf("Full pushed %d, want 10", full.Pushed)
	}
	read, _ := wh.ReadItems(context.Background(), time.Time{})
	idx, _ := st.ReadIndex(context.Background())
	for i, it := range read.Items {
		if idx.Items[i].Qty != it.Qty || idx.Items[i].Locations["popup"] != 0 {
			t.Fatalf("%s in the store %v, want %d at the main shop", it.SKU, idx.Items[i].Locations, it.Qty)
		}
	}
	if rows, _ := w.db.ItemLocations(w.conn.ID); len(rows) != 0 {
		t.Errorf("a connection without a map kept %d location rows", len(rows))
	}
}

func (w *testWorld) items(t *testing.T) []storage.Item {
	t.Helper()
	items, err := w.db.Items(w.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// An undo of a run that wrote per location sets each SKU-location back
// where the store still holds what the run wrote, and leaves a location
// that sold since alone, naming it; the other location of the same SKU is
// not touched.
func TestAnUndoOfALocatedRunSetsBackEachLocationItWrote(t *testing.T) {
	w, wh, st := demoWorld(t, 6)
	if err := w.db.SetLocationMap(w.conn.ID, map[string][]string{"shop": {"east"}, "popup": {"west"}}); err != nil {
		t.Fatal(err)
	}
	w.sync(t, inventory.ModeFull)
	read, _ := wh.ReadItems(context.Background(), time.Time{})
	w.clock.Set(w.clock.Now().Add(time.Second)) // within the hour: no drift
	for _, it := range read.Items[:3] {
		if err := wh.SetFacilityQty(it.SKU, "west", it.Facilities["west"]+5, w.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	smart := w.sync(t, inventory.ModeSmart)
	if smart.Pushed != 3 {
		t.Fatalf("Smart after west moved 3 SKUs pushed %d %v", smart.Pushed, written(t, w, smart))
	}
	sold := read.Items[1]
	sale := inventory.Push{SKU: sold.SKU, StoreSKU: sold.SKU, Location: "popup", To: sold.Facilities["west"] + 3}
	if _, err := st.Push(context.Background(), []inventory.Push{sale}, connector.PushMeta{}); err != nil {
		t.Fatal(err)
	}

	plan, err := w.engine.PreviewUndo(context.Background(), smart.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Restore) != 2 || len(plan.Skipped) != 1 || plan.Skipped[0].Location != "popup" ||
		!strings.Contains(plan.Skipped[0].Reason, sold.SKU+" at Pop-up store: sold 2 since; left at") {
		t.Fatalf("undo preview: restore %+v, skipped %+v; want 2 set back and %s at the pop-up left alone, said so", plan.Restore, plan.Skipped, sold.SKU)
	}
	undo, err := w.engine.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeUndo, Trigger: types.TriggerUndo, UndoRun: smart.ID})
	if err != nil || undo.Status != types.RunSucceeded || undo.Pushed != 2 {
		t.Fatalf("undo: %v, %s (%s), pushed %d", err, undo.Status, undo.Error, undo.Pushed)
	}
	idx, _ := st.ReadIndex(context.Background())
	for i, it := range read.Items {
		want := map[string]int{"shop": it.Facilities["east"], "popup": it.Facilities["west"]}
		if it.SKU == sold.SKU {
			want["popup"] += 3
		}
		if got := idx.Items[i].Locations; !reflect.DeepEqual(got, want) {
			t.Errorf("%s in the store after the undo %v, want %v", it.SKU, got, want)
		}
	}
	if got := written(t, w, undo); !reflect.DeepEqual(got, []string{read.Items[0].SKU + "@popup", read.Items[2].SKU + "@popup"}) {
		t.Errorf("the undo's history %v, want the two pop-up rows it set back", got)
	}
	// The warehouse did not change back: the next Smart writes its
	// quantities again, at the pop-up store only (the one that sold there
	// has drifted from the published quantity, and is repaired).
	again := w.sync(t, inventory.ModeSmart)
	if got := written(t, w, again); !reflect.DeepEqual(got, []string{read.Items[0].SKU + "@popup", read.Items[1].SKU + "@popup", read.Items[2].SKU + "@popup"}) {
		t.Errorf("the Smart after the undo wrote %v", got)
	}
}

// primaryOnlyStore reads its index at the main shop only, as Shopify does:
// the quantity at any other location is unknown until written.
type primaryOnlyStore struct{ *memStore }

func (s primaryOnlyStore) ReadIndex(ctx context.Context) (connector.StoreIndex, error) {
	idx, err := s.memStore.ReadIndex(ctx)
	for i := range idx.Items {
		idx.Items[i].Locations = map[string]int{"shop": idx.Items[i].Qty}
	}
	return idx, err
}

func (s primaryOnlyStore) Push(ctx context.Context, batch []inventory.Push, meta connector.PushMeta) (connector.PushBatchResult, error) {
	res, err := s.memStore.Push(ctx, batch, meta)
	for i := range res.Results {
		res.Results[i].Location = batch[i].Location
	}
	return res, err
}

// The safety check weighs zeros against what the run writes: a SKU at two
// locations is two quantities, so a tenth of a catalogue going to zero at
// one location is not a third of it.
func TestTheSafetyCheckCountsALocatedRunPerSKUAndLocation(t *testing.T) {
	w := newTestWorld(t)
	for i := range 30 {
		west := 4
		if i%3 == 0 {
			west = 0 // a third of the SKUs are not at west
		}
		w.wh.items[fmt.Sprintf("SKU-%02d", i)] = inventory.WarehouseItem{SKU: fmt.Sprintf("SKU-%02d", i), Qty: 10 + west,
			Facilities: map[string]int{"east": 10, "west": west}, UpdatedAt: w.clock.Now()}
		w.store.qty[fmt.Sprintf("SKU-%02d", i)] = 1
	}
	w.engine = New(w.db, staticConnectors{w.wh, primaryOnlyStore{w.store}}, Options{Now: w.clock.Now})
	if err := w.db.SetLocationMap(w.conn.ID, map[string][]string{"shop": {"east"}, "popup": {"west"}}); err != nil {
		t.Fatal(err)
	}
	full := w.sync(t, inventory.ModeFull)
	if full.Status != types.RunSucceeded || full.Pushed != 60 {
		t.Fatalf("Full: %s (%s), pushed %d; want 60 SKU-locations written, 10 of them zeros: 17%%, under the 20%% limit", full.Status, full.Error, full.Pushed)
	}
}

// A located Smart Sync reads only what changed and plans the SKUs it did
// not read from what their facilities held at the last read: a SKU loaded
// because the store moved it at the pop-up store (and the connection only
// flags drift) is planned at both locations from its stored facilities, so
// nothing is written; with repair, only the pop-up is, with west's stock.
func TestALocatedSmartPlansTheSKUsItDidNotReadFromTheirStoredFacilities(t *testing.T) {
	w, wh, st := demoWorld(t, 10)
	// The demo catalogue, last changed two hours ago, in a warehouse that
	// reads only what changed since a time.
	read, err := wh.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range read.Items {
		it.UpdatedAt = w.clock.Now().Add(-2 * time.Hour)
		w.wh.items[it.SKU] = it
	}
	w.engine = New(w.db, staticConnectors{w.wh, st}, Options{Now: w.clock.Now})
	if err := w.db.SetLocationMap(w.conn.ID, map[string][]string{"shop": {"east"}, "popup": {"west"}}); err != nil {
		t.Fatal(err)
	}
	conn, err := w.db.Connection(w.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	conn.Rules.Drift = storage.DriftFlag
	if err := w.db.SaveConnection(&conn); err != nil {
		t.Fatal(err)
	}
	w.sync(t, inventory.ModeFull)
	w.clock.Set(w.clock.Now().Add(time.Second))
	w.sync(t, inventory.ModeSmart) // reads back the Full's writes
	it := read.Items[4]
	hand := inventory.Push{SKU: it.SKU, StoreSKU: it.SKU, Location: "popup", To: it.Facilities["west"] + 3}
	if _, err := st.Push(context.Background(), []inventory.Push{hand}, connector.PushMeta{}); err != nil {
		t.Fatal(err)
	}

	w.clock.Set(w.clock.Now().Add(time.Second))
	flagged := w.sync(t, inventory.ModeSmart)
	if flagged.Status != types.RunSucceeded || flagged.Read != 0 || flagged.Drifted != 1 || flagged.Pushed != 0 {
		t.Fatalf("Smart, flag only: %s (%s), read %d, %d drifted, pushed %d %v; want an incremental read of nothing, 1 drifted, none pushed",
			flagged.Status, flagged.Error, flagged.Read, flagged.Drifted, flagged.Pushed, written(t, w, flagged))
	}
	repair, err := w.engine.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeSmart, Trigger: types.TriggerManual, RepairDrift: true})
	if err != nil {
		t.Fatal(err)
	}
	items := w.runItems(t, repair)
	if got := written(t, w, repair); !reflect.DeepEqual(got, []string{it.SKU + "@popup"}) || items[it.SKU].ToQty != it.Facilities["west"] {
		t.Errorf("Repair drifted SKUs wrote %v (%+v), want %s at the pop-up, to west's %d", got, items[it.SKU], it.SKU, it.Facilities["west"])
	}
}

// storeBeforePush runs before each batch a store is sent.
type storeBeforePush struct {
	connector.Store
	before func()
}

func (s storeBeforePush) Push(ctx context.Context, batch []inventory.Push, meta connector.PushMeta) (connector.PushBatchResult, error) {
	s.before()
	return s.Store.Push(ctx, batch, meta)
}

// Before a located run's first write, every SKU-location it moves away
// from its confirmed quantity is marked pending in the database (with its
// SKU), so a process killed before the store's answer is recorded leaves
// it to be written again; the recorded answer clears it.
func TestALocatedRunMarksWhatItWritesPendingUntilTheStoreConfirmsIt(t *testing.T) {
	w, wh, st := demoWorld(t, 6)
	if err := w.db.SetLocationMap(w.conn.ID, map[string][]string{"shop": {"east"}, "popup": {"west"}}); err != nil {
		t.Fatal(err)
	}
	w.sync(t, inventory.ModeFull)
	read, _ := wh.ReadItems(context.Background(), time.Time{})
	w.clock.Set(w.clock.Now().Add(time.Second)) // within the hour: no drift
	for _, it := range read.Items {
		if err := wh.SetFacilityQty(it.SKU, "west", it.Facilities["west"]+5, w.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var marked []string
	pending := func() []string {
		rows, err := w.db.ItemLocations(w.conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			if r.Pending {
				out = append(out, r.SKU+"@"+r.Location)
			}
		}
		for _, it := range w.items(t) {
			if it.Pending {
				out = append(out, it.SKU)
			}
		}
		sort.Strings(out)
		return out
	}
	w.engine = New(w.db, staticConnectors{wh, storeBeforePush{st, func() { marked = pending() }}}, Options{Now: w.clock.Now})
	smart := w.sync(t, inventory.ModeSmart)
	var want []string
	for _, it := range read.Items {
		want = append(want, it.SKU, it.SKU+"@popup")
	}
	sort.Strings(want)
	if smart.Pushed != 6 || !reflect.DeepEqual(marked, want) {
		t.Fatalf("Smart pushed %d; pending as it wrote: %v, want each SKU and its pop-up location %v", smart.Pushed, marked, want)
	}
	if left := pending(); len(left) != 0 {
		t.Errorf("pending after the store confirmed every write: %v", left)
	}
}
