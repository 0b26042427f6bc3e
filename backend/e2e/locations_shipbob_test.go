package e2e

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"shelfsync/backend/connector/shipbob/shipbobfake"
	"shelfsync/backend/connector/shopify/shopifyfake"
)

// ShipBob's two fulfillment centers feed two locations of a Shopify shop,
// through the binary (both fakes follow the platforms' contracts): the
// location map lists the centers by name; Full writes each center's
// sellable share at the location it feeds (a SKU with exception orders
// has them taken from the center holding the most); stock arriving at one
// center makes Smart write that SKU at its location only.
func TestShipBobCentersNamesFeedTwoShopifyLocationsFullAndSmartThroughTheBinary(t *testing.T) {
	const skus = 300
	cicero, moreno := int64(11), int64(22)
	var stock []shipbobfake.Item
	for i := range skus {
		east, west := 5+i%7, i%4
		stock = append(stock, shipbobfake.Item{InventoryID: int64(i + 1), SKU: fmt.Sprintf("SB-%03d", i), Name: fmt.Sprintf("Item %d", i),
			Fulfillable: east + west, Sellable: east + west, OnHand: east + west,
			Facilities: []shipbobfake.Stock{{LocationID: cicero, Fulfillable: east}, {LocationID: moreno, Fulfillable: west}}})
	}
	// SB-000: 5 at Cicero, none at Moreno Valley, 2 held by exception orders.
	stock[0].Sellable -= 2
	sb := shipbobfake.New(shipbobfake.Options{Items: stock, Locations: []shipbobfake.Location{
		{ID: cicero, Name: "Cicero (IL)", Abbreviation: "ORD1", AccessGranted: true},
		{ID: moreno, Name: "Moreno Valley (CA)", Abbreviation: "ONT1", AccessGranted: true},
		{ID: 33, Name: "Melbourne (AU)", Abbreviation: "MEL1"},
	}})
	defer sb.Close()
	shop := shopifyfake.New(shopifyfake.Options{Locations: []shopifyfake.Location{
		{ID: 1, Name: "Main warehouse", Active: true, FulfillsOnlineOrders: true},
		{ID: 2, Name: "Pop-up", Active: true},
	}})
	defer shop.Close()
	for _, it := range stock {
		shop.AddVariant(it.SKU, 0)
		shop.StockAt(it.SKU, 2, 0)
	}
	c := newCLI(t)
	t.Setenv("SHOP_TOKEN", shop.Token())
	t.Setenv("SHIPBOB_TOKEN", sb.Token())
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "shipbob", "--warehouse-url", sb.URL, "--warehouse-token-env", "SHIPBOB_TOKEN",
		"--store", "shopify", "--store-url", shop.URL(), "--store-token-env", "SHOP_TOKEN", "--no-schedule")

	list := c.ok("locations", "--connection", "Shop")
	if !strings.Contains(list, "Cicero (IL)") || !strings.Contains(list, "Moreno Valley (CA)") || strings.Contains(list, "Melbourne") {
		t.Fatalf("locations list:\n%s\nwant the two centers the account may use", list)
	}
	c.ok("locations", "--connection", "Shop", "set", "Main warehouse", "Cicero (IL)")
	c.ok("locations", "--connection", "Shop", "set", "Pop-up", "22")

	readsBefore := sb.Reads()
	full := c.locatedSync("full")
	fullReads := sb.Reads() - readsBefore
	afterFull := shop.Stats()
	entries, most := shop.QuantitiesWritten()
	if full.Status != "succeeded" || most > 250 {
		t.Fatalf("Full: %s, %d entries in %d write calls, at most %d a call", full.Status, entries, afterFull.WriteCalls, most)
	}
	for _, it := range stock {
		want := map[string]int{"main": it.Facilities[0].Fulfillable, "popup": it.Facilities[1].Fulfillable}
		if it.SKU == "SB-000" {
			want["main"] -= 2
		}
		main, _ := shop.AvailableAt(it.SKU, 1)
		popup, _ := shop.AvailableAt(it.SKU, 2)
		if got := map[string]int{"main": main, "popup": popup}; !reflect.DeepEqual(got, want) {
			t.Fatalf("%s in Shopify: %v, want %v", it.SKU, got, want)
		}
	}

	sb.SetFacilityFulfillable("SB-007", moreno, 40)
	readsBefore = sb.Reads()
	smart := c.locatedSync("smart")
	smartReads := sb.Reads() - readsBefore
	afterSmart := shop.Stats()
	written := map[string]string{}
	for _, it := range smart.Items {
		written[it.SKU] = fmt.Sprintf("%s=%d", it.Location, it.To)
	}
	want := map[string]string{"SB-007": shopifyfake.LocationGID(2) + "=40"}
	if smart.Status != "succeeded" || !reflect.DeepEqual(written, want) || afterSmart.WriteCalls-afterFull.WriteCalls != 1 {
		t.Fatalf("Smart after Moreno Valley received SB-007: %s wrote %v in %d write calls; want %v in 1",
			smart.Status, written, afterSmart.WriteCalls-afterFull.WriteCalls, want)
	}
	if q, _ := shop.AvailableAt("SB-007", 1); q != stock[7].Facilities[0].Fulfillable {
		t.Errorf("SB-007 at Main warehouse = %d, want Cicero's %d unchanged", q, stock[7].Facilities[0].Fulfillable)
	}
	t.Logf("ShipBob 2 centers x %d SKUs into Shopify 2 locations: Full %d ShipBob calls, %d Shopify write calls (%d entries, at most %d a call), %d Shopify read calls; Smart %d ShipBob calls, %d write call, %d Shopify read calls",
		skus, fullReads, afterFull.WriteCalls, entries, most, afterFull.ReadCalls, smartReads, afterSmart.WriteCalls-afterFull.WriteCalls, afterSmart.ReadCalls-afterFull.ReadCalls)
}
