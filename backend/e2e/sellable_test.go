package e2e

import (
	"testing"

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
