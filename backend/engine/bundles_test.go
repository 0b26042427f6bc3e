package engine

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"shelfsync/backend/inventory"
	"shelfsync/backend/types"
)

// setBundles stores recipes as the services do (checked, in order).
func (w *testWorld) setBundles(t *testing.T, bundles ...inventory.Bundle) {
	t.Helper()
	inventory.SortBundles(bundles)
	if err := inventory.CheckBundles(bundles); err != nil {
		t.Fatal(err)
	}
	if err := w.db.ReplaceBundles(w.conn.ID, bundles, nil, nil); err != nil {
		t.Fatal(err)
	}
}

// On Smart's fast path (an incremental read; the rest known in sync) a
// component's change loads and computes just the bundles using it, each
// from all its components: those move, the other bundles are neither
// pushed nor touched.
func TestSmartFastPathPushesTheBundlesOfAChangedComponentFromAllTheirComponents(t *testing.T) {
	w := newTestWorld(t)
	start := w.clock.Now()
	for i := range 30 {
		w.wh.set(fmt.Sprintf("C%02d", i), 100, start.Add(-time.Hour))
	}
	var bundles []inventory.Bundle
	for b := range 20 {
		parts := []inventory.Component{{SKU: fmt.Sprintf("C%02d", b), Qty: 1}, {SKU: fmt.Sprintf("C%02d", 20+b%10), Qty: 2}}
		if b%4 == 0 {
			parts = append(parts, inventory.Component{SKU: "C29", Qty: 3})
		}
		bundles = append(bundles, inventory.Bundle{SKU: fmt.Sprintf("KIT%02d", b), Components: parts})
	}
	w.setBundles(t, bundles...)
	if full := w.sync(t, inventory.ModeFull); full.Pushed != 50 || w.store.qty["KIT00"] != 33 {
		t.Fatalf("Full pushed %d, KIT00 at %d; want 50, and 33 (100 ÷ 3 of C29)", full.Pushed, w.store.qty["KIT00"])
	}

	w.clock.Set(start.Add(time.Hour))
	w.wh.set("C29", 8, start.Add(30*time.Minute))
	smart := w.sync(t, inventory.ModeSmart)
	var pushed []string
	for sku, it := range w.runItems(t, smart) {
		pushed = append(pushed, sku)
		if sku != "C29" && it.ToQty != 2 && it.ToQty != 4 {
			t.Errorf("%s pushed to %d; want 8 ÷ 3 or 8 ÷ 2", sku, it.ToQty)
		}
	}
	slices.Sort(pushed)
	want := []string{"C29", "KIT00", "KIT04", "KIT08", "KIT09", "KIT12", "KIT16", "KIT19"}
	if smart.ModeRun != "smart" || !slices.Equal(pushed, want) || smart.Attention != 0 {
		t.Fatalf("Smart after C29 changed: %s, pushed %v, %d need attention; want exactly %v", smart.ModeRun, pushed, smart.Attention, want)
	}
	items, err := w.db.Items(w.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.State != types.StateInSync {
			t.Errorf("%s is %s after the Smart Sync; want every SKU in sync", it.SKU, it.State)
		}
	}
}

// A bundle added, changed or removed changes what the stored quantities
// were computed from, so the next Smart Sync looks at every SKU and
// publishes the new recipe, though no component moved.
func TestANewRecipeIsPublishedByTheNextSmartSync(t *testing.T) {
	w := newTestWorld(t)
	w.wh.set("MUG", 7, w.clock.Now().Add(-time.Hour))
	w.wh.set("TEA", 5, w.clock.Now().Add(-time.Hour))
	w.sync(t, inventory.ModeFull)

	w.setBundles(t, inventory.Bundle{SKU: "GIFTBOX", Components: []inventory.Component{{SKU: "MUG", Qty: 2}, {SKU: "TEA", Qty: 1}}})
	w.clock.Set(w.clock.Now().Add(time.Hour))
	if run := w.sync(t, inventory.ModeSmart); run.Pushed != 1 || w.store.qty["GIFTBOX"] != 3 {
		t.Fatalf("Smart after adding GIFTBOX pushed %d, GIFTBOX at %d; want it alone, at 3", run.Pushed, w.store.qty["GIFTBOX"])
	}
	w.setBundles(t, inventory.Bundle{SKU: "GIFTBOX", Components: []inventory.Component{{SKU: "MUG", Qty: 1}, {SKU: "TEA", Qty: 1}}})
	w.clock.Set(w.clock.Now().Add(time.Hour))
	if run := w.sync(t, inventory.ModeSmart); run.Pushed != 1 || w.store.qty["GIFTBOX"] != 5 {
		t.Fatalf("Smart after GIFTBOX took 1 MUG pushed %d, GIFTBOX at %d; want it alone, at 5", run.Pushed, w.store.qty["GIFTBOX"])
	}
}
