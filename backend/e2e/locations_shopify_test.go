package e2e

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
	"time"

	"shelfsync/backend/connector/shopify/shopifyfake"
)

// The must-show Shopify scenario, through the binary: the demo warehouse's
// two facilities feed two locations of a Shopify shop (the fake, which
// follows the Admin GraphQL contract). Full writes every SKU at both
// locations, from the index read at both, in inventorySetQuantities calls
// of at most 250 entries that mix the locations; Smart writes only the
// location a facility's change feeds, and two changes at two facilities
// go in one call.
func TestShopifyFullAndSmartPerLocationThroughTheBinary(t *testing.T) {
	const skus = 300
	shop := shopifyfake.New(shopifyfake.Options{Locations: []shopifyfake.Location{
		{ID: 1, Name: "Main warehouse", Active: true, FulfillsOnlineOrders: true},
		{ID: 2, Name: "Pop-up", Active: true},
	}})
	defer shop.Close()
	c := newCLI(t)
	t.Setenv("SHOP_TOKEN", shop.Token())
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "300", "--store", "shopify",
		"--store-url", shop.URL(), "--store-token-env", "SHOP_TOKEN", "--no-schedule")

	c.ok("locations", "--connection", "Shop") // asks both sides, which opens the demo warehouse
	// Both locations list every SKU the warehouse has, at 0.
	stock := map[string]map[string]int{}
	var order []string
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		for i := range f.Items {
			it := &f.Items[i]
			west := it.Qty / 3
			it.Facilities = map[string]int{"east": it.Qty - west, "west": west}
			stock[it.SKU] = it.Facilities
			order = append(order, it.SKU)
			shop.AddVariant(it.SKU, 0)
			shop.StockAt(it.SKU, 2, 0)
		}
	})
	if len(order) != skus {
		t.Fatalf("the demo warehouse has %d SKUs, want %d", len(order), skus)
	}
	c.ok("locations", "--connection", "Shop", "set", "Main warehouse", "east")
	c.ok("locations", "--connection", "Shop", "set", "Pop-up", "west")

	// The index is read at both locations the map writes, in the same
	// pages, so every SKU-location is written by compare-and-set from the
	// quantity read, none read again first: the Full's reads are the
	// location list, the count and two pages.
	beforeFull := shop.Stats()
	full := c.locatedSync("full")
	afterFull := shop.Stats()
	fullReads := afterFull.ReadCalls - beforeFull.ReadCalls
	entries, most := shop.QuantitiesWritten()
	if full.Status != "succeeded" || full.Counts.Pushed != 2*skus || afterFull.WriteCalls != 3 || entries != 2*skus || most > 250 || fullReads != 4 {
		t.Fatalf("Full: %s, pushed %d in %d write calls of %d entries (at most %d a call), %d read calls; want %d in 3 calls of as many entries, at most 250 a call, and 4 reads",
			full.Status, full.Counts.Pushed, afterFull.WriteCalls, entries, most, fullReads, 2*skus)
	}
	for _, sku := range order {
		main, _ := shop.AvailableAt(sku, 1)
		popup, _ := shop.AvailableAt(sku, 2)
		if main != stock[sku]["east"] || popup != stock[sku]["west"] {
			t.Fatalf("%s in Shopify: %d at Main warehouse, %d at Pop-up; want east's %d and west's %d", sku, main, popup, stock[sku]["east"], stock[sku]["west"])
		}
	}

	one, two := order[10], order[20]
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		for i := range f.Items {
			it := &f.Items[i]
			switch it.SKU {
			case one:
				it.Facilities["west"] += 4
				it.Qty += 4
			case two:
				it.Facilities["east"] += 6
				it.Qty += 6
			default:
				continue
			}
			it.UpdatedAt = time.Now().UTC()
		}
	})
	smart := c.locatedSync("smart")
	afterSmart := shop.Stats()
	written := map[string]string{}
	for _, it := range smart.Items {
		written[it.SKU] = it.Location
	}
	want := map[string]string{one: shopifyfake.LocationGID(2), two: shopifyfake.LocationGID(1)}
	if smart.Status != "succeeded" || !reflect.DeepEqual(written, want) || afterSmart.WriteCalls-afterFull.WriteCalls != 1 {
		t.Fatalf("Smart after west moved %s and east moved %s: %s wrote %v in %d write calls; want %v in 1",
			one, two, smart.Status, written, afterSmart.WriteCalls-afterFull.WriteCalls, want)
	}
	if q, _ := shop.AvailableAt(one, 2); q != stock[one]["west"]+4 {
		t.Errorf("%s at Pop-up = %d, want %d", one, q, stock[one]["west"]+4)
	}
	if q, _ := shop.AvailableAt(two, 1); q != stock[two]["east"]+6 {
		t.Errorf("%s at Main warehouse = %d, want %d", two, q, stock[two]["east"]+6)
	}
	t.Logf("Shopify, 2 locations x %d SKUs: Full %d write calls (%d entries, at most %d a call), %d read calls; Smart %d write call, %d read calls",
		skus, afterFull.WriteCalls, entries, most, fullReads, afterSmart.WriteCalls-afterFull.WriteCalls, afterSmart.ReadCalls-afterFull.ReadCalls)
}

// Drift per location against Shopify: two SKUs edited by hand at the
// Pop-up location; Smart asks each mapped location's inventoryLevels what
// changed, reports 2 drifted there, sets them back, and writes nothing at
// Main warehouse.
func TestShopifyDriftIsFoundAndRepairedAtEachMappedLocation(t *testing.T) {
	shop := shopifyfake.New(shopifyfake.Options{Locations: []shopifyfake.Location{
		{ID: 1, Name: "Main warehouse", Active: true, FulfillsOnlineOrders: true},
		{ID: 2, Name: "Pop-up", Active: true},
	}})
	defer shop.Close()
	c := newCLI(t)
	t.Setenv("SHOP_TOKEN", shop.Token())
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "20", "--store", "shopify",
		"--store-url", shop.URL(), "--store-token-env", "SHOP_TOKEN", "--no-schedule")
	c.ok("locations", "--connection", "Shop")
	var order []string
	stock := map[string]map[string]int{}
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		for i := range f.Items {
			it := &f.Items[i]
			it.Facilities = map[string]int{"east": it.Qty - it.Qty/3, "west": it.Qty / 3}
			stock[it.SKU] = it.Facilities
			order = append(order, it.SKU)
			shop.AddVariant(it.SKU, 0)
			shop.StockAt(it.SKU, 2, 0)
		}
	})
	c.ok("locations", "--connection", "Shop", "set", "Main warehouse", "east")
	c.ok("locations", "--connection", "Shop", "set", "Pop-up", "west")
	if full := c.locatedSync("full"); full.Status != "succeeded" {
		t.Fatalf("Full: %s", full.Status)
	}

	edited := []string{order[3], order[11]}
	sort.Strings(edited) // as the run lists its rows
	for _, sku := range edited {
		shop.StockAt(sku, 2, stock[sku]["west"]+4) // by hand, in the admin
	}
	var run struct {
		locatedRun
		Counts struct {
			Pushed  int `json:"pushed"`
			Drifted int `json:"drifted"`
		} `json:"counts"`
	}
	out := c.run("sync", "--connection", "Shop", "--json")
	if err := json.Unmarshal([]byte(out.stdout), &run); err != nil {
		t.Fatalf("sync --json printed %q (stderr %q): %v", out.stdout, out.stderr, err)
	}
	var wrote []string
	for _, it := range run.Items {
		wrote = append(wrote, located(it.SKU, it.Location))
	}
	popup := shopifyfake.LocationGID(2)
	if want := []string{located(edited[0], popup), located(edited[1], popup)}; run.Counts.Drifted != 2 || !equalStrings(wrote, want) {
		t.Fatalf("Smart after 2 hand edits at Pop-up: %d drifted, wrote %v; want 2 drifted and %v repaired", run.Counts.Drifted, wrote, want)
	}
	for _, sku := range order {
		main, _ := shop.AvailableAt(sku, 1)
		at, _ := shop.AvailableAt(sku, 2)
		if main != stock[sku]["east"] || at != stock[sku]["west"] {
			t.Errorf("%s in Shopify: %d at Main warehouse, %d at Pop-up; want east's %d and west's %d", sku, main, at, stock[sku]["east"], stock[sku]["west"])
		}
	}
}
