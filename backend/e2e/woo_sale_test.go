package e2e

import (
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"shelfsync/backend/connector/woocommerce/woofake"
)

// Issue 19's must-show: a WooCommerce sale made as an order lowers the
// stock without moving the product's date_modified (core WooCommerce
// writes _stock directly; issue #40060), so only the orders changed since
// the last look reveal it. The next Smart Sync finds the sold listings as
// drifted and, by default, sets them back to the warehouse's quantity. The
// site runs five hours behind GMT: a change filter sent in site time would
// ask for orders from the future and miss the sale.
//
// The store saves the Full's writes two hours before the sale (its clock
// stands two hours back while the Full runs), so they lie outside the
// change filter's overlap, as after any later look that moved the store
// watermark past them: re-reading recently saved products cannot reveal
// the sale, only the orders can.
func TestWooCommerceSaleMadeAsAnOrderIsFoundAndRepairedByTheNextSmartSync(t *testing.T) {
	c := newCLI(t)
	var storeClockBehind atomic.Int64
	storeClockBehind.Store(int64(2 * time.Hour))
	storeNow := func() time.Time { return time.Now().Add(-time.Duration(storeClockBehind.Load())) }
	woo := woofake.New(woofake.Options{SiteLocation: time.FixedZone("UTC-5", -5*3600), Now: storeNow})
	defer woo.Close()
	mug, cup := woo.AddSimple("MUG", 0), woo.AddSimple("CUP", 0)
	tee := woo.Add(woofake.Product{Type: "variable", SKU: "TEE"})
	zero := 0
	small := woo.Add(woofake.Product{ParentID: tee, SKU: "TEE-S", ManageStock: true, StockQuantity: &zero})
	medium := woo.Add(woofake.Product{ParentID: tee, SKU: "TEE-M", ManageStock: true, StockQuantity: &zero})
	path := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, path, "sku,qty\nMUG,10\nCUP,10\nTEE-S,6\nTEE-M,6\n", time.Now().Add(-time.Hour))
	wooFromCSV(t, c, "Shop", path, woo)
	if full := c.sync("Shop", "full"); full.Status != "succeeded" || full.Counts.Pushed != 4 {
		t.Fatalf("first Full: %s, pushed %d; want all 4 pushed", full.Status, full.Counts.Pushed)
	}

	storeClockBehind.Store(0)
	mugSaved, _ := woo.Product(mug)
	teeSaved, _ := woo.Product(medium)
	woo.PlaceOrder(woofake.OrderLine{ProductID: mug, Quantity: 3}, woofake.OrderLine{ProductID: tee, VariationID: medium, Quantity: 2})
	if qty, _ := woo.Stock(mug); qty != 7 {
		t.Fatalf("after the order the mug's stock is %d, want 7", qty)
	}
	for _, id := range []int64{mug, medium} {
		before := map[int64]woofake.Product{mug: mugSaved, medium: teeSaved}[id]
		if after, _ := woo.Product(id); !after.Modified.Equal(before.Modified) {
			t.Fatalf("the order moved %s's date_modified from %s to %s; the scenario needs it unchanged", after.SKU, before.Modified, after.Modified)
		}
	}

	found := c.driftSync("Shop")
	want := map[string]struct{ sold, back int }{"MUG": {7, 10}, "TEE-M": {4, 6}}
	if found.Status != "succeeded" || found.Counts.Drifted != 2 || found.Counts.Pushed != 2 || len(found.Items) != 2 {
		t.Fatalf("the Smart Sync after the sale: %s, %d drifted, %d pushed, rows %+v; want MUG and TEE-M drifted and repaired",
			found.Status, found.Counts.Drifted, found.Counts.Pushed, found.Items)
	}
	for _, it := range found.Items {
		w, named := want[it.SKU]
		if !named || it.From == nil || *it.From != w.sold || it.To != w.back || it.Expected == nil || *it.Expected != w.back {
			t.Errorf("%s pushed %v -> %d (expected %v); want from the %d the sale left back to %d, saying the store held %d before",
				it.SKU, it.From, it.To, it.Expected, w.sold, w.back, w.back)
		}
	}
	for id, qty := range map[int64]int{mug: 10, cup: 10, small: 6, medium: 6} {
		if got, _ := woo.Stock(id); got != qty {
			t.Errorf("store item %d holds %d after the repair, want %d", id, got, qty)
		}
	}
	for sku, state := range c.states() {
		if state != "in_sync" {
			t.Errorf("after the repair %s is %s, want in_sync", sku, state)
		}
	}
	if again := c.driftSync("Shop"); again.Counts.Drifted != 0 || again.Counts.Pushed != 0 {
		t.Errorf("the Smart Sync after the repair: %d drifted, %d pushed; want nothing", again.Counts.Drifted, again.Counts.Pushed)
	}
}
