package e2e

import (
	"encoding/json"
	"testing"

	"shelfsync/backend/connector/shopify/shopifyfake"
)

// Issue 11 path 7 for Shopify: variants whose stock Shopify does not track
// are "not tracked in the store", never pushed; "Turn on stock tracking
// for these" (`shelfsync track`) sets tracked: true on their inventory
// items (inventoryItemUpdate) and syncs their quantities.
func TestShopifyUntrackedVariantsAreShownAndCanBeTrackedThroughTheBinary(t *testing.T) {
	c := newCLI(t)
	shop := shopifyfake.New(shopifyfake.Options{})
	defer shop.Close()
	shopifyFromCSV(t, c, shop, []string{"A", "B", "C", "D"}, 6)
	shop.SetTracked("B", false)
	shop.SetTracked("C", false)

	full := c.sync("Shop", "full")
	if full.Counts.Pushed != 2 || full.Counts.NotTracked != 2 || full.Counts.Unmapped != 0 {
		t.Fatalf("Full: %+v; want A and D pushed, B and C not tracked (not unmapped)", full.Counts)
	}
	if states := c.states(); states["B"] != "not_tracked" || states["C"] != "not_tracked" {
		t.Fatalf("states %v; want B and C not_tracked", states)
	}
	if n, _ := shop.Available("B"); n != 0 {
		t.Errorf("an untracked variant was written: B holds %d", n)
	}

	tracked := c.run("track", "--connection", "Shop", "--json")
	var run struct {
		Status string `json:"status"`
		Items  []struct {
			SKU    string `json:"sku"`
			To     int    `json:"to"`
			Status string `json:"status"`
			Error  string `json:"error"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(tracked.stdout), &run); err != nil || tracked.code != 0 {
		t.Fatalf("track exited %d printing %q %q: %v", tracked.code, tracked.stdout, tracked.stderr, err)
	}
	if run.Status != "succeeded" || len(run.Items) != 2 || run.Items[0].SKU != "B" || run.Items[0].To != 6 || run.Items[1].SKU != "C" {
		t.Fatalf("the sync after turning tracking on: %s, %+v; want B and C set to 6", run.Status, run.Items)
	}
	for _, sku := range []string{"B", "C"} {
		on, _ := shop.Tracked(sku)
		n, _ := shop.Available(sku)
		if !on || n != 6 {
			t.Errorf("Shopify %s: tracked %v, available %d; want tracked at 6", sku, on, n)
		}
	}
	if got := shop.Stats().ItemUpdates; got != 2 {
		t.Errorf("%d inventoryItemUpdate calls, want one for each of B and C", got)
	}
	for sku, state := range c.states() {
		if state != "in_sync" {
			t.Errorf("%s is %s after tracking was turned on, want in_sync", sku, state)
		}
	}
}
