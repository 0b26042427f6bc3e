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

func TestARunThatWroteByLocationIsNotUndoneAtTheWrongLocation(t *testing.T) {
	w, _, _ := demoWorld(t, 3)
	if err := w.db.SetLocationMap(w.conn.ID, map[string][]string{"shop": {"east"}, "popup": {"west"}}); err != nil {
		t.Fatal(err)
	}
	full := w.sync(t, inventory.ModeFull)
	if _, err := w.engine.PreviewUndo(context.Background(), full.ID); err == nil || !strings.Contains(err.Error(), "per store location") {
		t.Fatalf("undo of a run by location: %v, want a sentence saying it cannot be undone yet", err)
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
