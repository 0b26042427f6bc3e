package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector/shipbob/shipbobfake"
	"shelfsync/backend/connector/woocommerce/woofake"
)

// A ShipBob mug with 10 fulfillable units, 3 of them held by exception
// orders: the store is told 7 unless the connection chose fulfillable.
func TestShipBobPublishesTheSellableQuantityThroughTheBinary(t *testing.T) {
	c := newCLI(t)
	sb := shipbobfake.New(shipbobfake.Options{Items: []shipbobfake.Item{{InventoryID: 1, SKU: "MUG", Name: "Mug", OnHand: 14, Committed: 4, Fulfillable: 10, Sellable: 7}}})
	defer sb.Close()
	woo := woofake.New(woofake.Options{})
	defer woo.Close()
	mug := woo.AddSimple("MUG", 0)

	add := func(name string, extra ...string) {
		args := []string{"connection", "add", "--name", name, "--warehouse", "shipbob", "--warehouse-url", sb.URL, "--warehouse-token", sb.Token(),
			"--store", "woocommerce", "--store-url", woo.URL, "--store-key", woo.Key(), "--store-secret", woo.Secret(), "--no-schedule"}
		c.ok(append(args, extra...)...)
	}
	add("Sellable")
	if run := c.sync("Sellable", "full"); run.Status != "succeeded" {
		t.Fatalf("run %+v", run)
	}
	if qty, _ := woo.Stock(mug); qty != 7 {
		t.Errorf("store holds %d, want the sellable 7", qty)
	}
	add("Fulfillable", "--warehouse-quantity", "fulfillable")
	c.sync("Fulfillable", "full")
	if qty, _ := woo.Stock(mug); qty != 10 {
		t.Errorf("store holds %d, want the fulfillable 10 the connection chose", qty)
	}

	retired := shipbobfake.New(shipbobfake.Options{Retired: []string{"2026-07"}})
	defer retired.Close()
	c.ok("connection", "add", "--name", "Retired", "--warehouse", "shipbob", "--warehouse-url", retired.URL, "--warehouse-token", retired.Token(),
		"--store", "woocommerce", "--store-url", woo.URL, "--store-key", woo.Key(), "--store-secret", woo.Secret(), "--no-schedule")
	c.expect(t, 1, "ShipBob no longer serves API version 2026-07; update ShelfSync", "sync", "--connection", "Retired", "--mode", "full", "--json")
}

// A feed with both an available and an on-hand column publishes available;
// one with on hand alone syncs and warns.
func TestCSVFeedPrefersAvailableAndWarnsOnOnHandAloneThroughTheBinary(t *testing.T) {
	c := newCLI(t)
	csvConnection(t, c, "Both", "sku,on_hand,available\nA,9,4\n")
	both := c.sync("Both", "full")
	if both.Status != "succeeded" || len(both.Items) != 1 || both.Items[0].To != 4 {
		t.Fatalf("both columns: %+v, want A published at the available 4", both)
	}
	csvConnection(t, c, "OnHand", "sku,on_hand\nA,9\n")
	c.expect(t, 0, "on-hand counts units already sold; consider a buffer", "sync", "--connection", "OnHand", "--mode", "full", "--json")
}

// wooFromCSV adds a connection from a CSV file at path to a WooCommerce fake.
func wooFromCSV(t *testing.T, c *cli, name, path string, woo *woofake.Server) {
	t.Helper()
	c.ok("connection", "add", "--name", name, "--warehouse", "csv:"+path, "--store", "woocommerce", "--store-url", woo.URL,
		"--store-key", woo.Key(), "--store-secret", woo.Secret(), "--no-schedule")
}

// A write counts only if WooCommerce kept it: a product the merchant
// stopped tracking since the last read, and one a plugin untracks on save,
// are neither pushed nor failed: they are "not tracked in the store", with
// a sentence and a count, and tracking stays off. Fractional stock is
// rounded down and said once.
func TestWooCommerceWritesCountOnlyWhenTheStoreKeptThemThroughTheBinary(t *testing.T) {
	c := newCLI(t)
	woo := woofake.New(woofake.Options{})
	defer woo.Close()
	mug, cup, bowl := woo.AddSimple("MUG", 1), woo.AddSimple("CUP", 1), woo.AddSimple("BOWL", 0)
	woo.SetStockDecimal(bowl, 2.5)
	path := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, path, "sku,qty\nMUG,4\nCUP,4\nBOWL,2\n", time.Now().Add(-2*time.Hour))
	wooFromCSV(t, c, "Woo", path, woo)
	full := c.run("sync", "--connection", "Woo", "--mode", "full", "--json")
	if !strings.Contains(said(full), "rounded down") || strings.Count(said(full), "fractional") != 1 {
		t.Errorf("full sync said %q, want the fractional stock named once", said(full))
	}

	woo.SetManageStock(mug, false) // the merchant stops tracking the mug
	woo.UntrackOnSave(cup)         // a plugin untracks the cup on save
	writeCSV(t, path, "sku,qty\nMUG,6\nCUP,6\nBOWL,2\n", time.Now().Add(-time.Hour))
	run := c.sync("Woo", "smart")
	if run.Counts.Pushed != 0 || run.Counts.Failed != 0 || run.Counts.NotTracked != 2 {
		t.Errorf("smart sync %+v, want 0 pushed, 0 failed and 2 not tracked", run.Counts)
	}
	for _, it := range run.Items {
		if it.Status != "not_tracked" || !strings.Contains(it.Error, "does not track stock") {
			t.Errorf("%s: %s %q, want not tracked, with the sentence", it.SKU, it.Status, it.Error)
		}
	}
	if p, _ := woo.Product(mug); p.ManageStock {
		t.Error("the sync switched stock tracking back on for the mug")
	}
}
