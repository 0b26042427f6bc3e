package demo

import (
	"context"
	"reflect"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

func TestTheDemoWarehouseReportsTwoFacilitiesThatSumToTheTotal(t *testing.T) {
	c := &clock{at: t0}
	w := openWarehouse(t, t.TempDir(), c, map[string]string{SettingSKUs: "40"})
	for _, it := range readAll(t, w) {
		if len(it.Facilities) != 2 || it.Facilities["east"]+it.Facilities["west"] != it.Qty {
			t.Fatalf("%s: facilities %v, total %d", it.SKU, it.Facilities, it.Qty)
		}
	}
	sku := readAll(t, w)[0].SKU
	c.at = t0.Add(time.Second)
	if err := w.SetFacilityQty(sku, "west", 7, c.at); err != nil {
		t.Fatal(err)
	}
	before := readAll(t, w)[0]
	if before.Facilities["west"] != 7 || before.Qty != before.Facilities["east"]+7 {
		t.Fatalf("after setting west to 7: %+v", before)
	}
	// Days of drift move the total; the facilities still sum to it.
	c.at = t0.Add(72 * time.Hour)
	for _, it := range readAll(t, w) {
		if it.Facilities["east"]+it.Facilities["west"] != it.Qty || it.Facilities["east"] < 0 || it.Facilities["west"] < 0 {
			t.Fatalf("after drift %s: facilities %v, total %d", it.SKU, it.Facilities, it.Qty)
		}
	}
	if err := w.SetFacilityQty(sku, "north", 1, c.at); err == nil {
		t.Error("a facility the demo warehouse lacks was accepted")
	}
}

func TestTheDemoStoreKeepsStockPerLocation(t *testing.T) {
	s, err := NewStore(connector.Config{Kind: Kind, DataDir: t.TempDir(), ConnectionID: 1}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	places, _ := s.Locations(context.Background())
	if len(places) != 2 || !places[0].Primary || places[1].ID != "popup" {
		t.Fatalf("locations %+v, want the main shop (primary) and the pop-up store", places)
	}
	batch := []inventory.Push{{SKU: "MUG", To: 5, Location: "shop"}, {SKU: "MUG", To: 3, Location: "popup"}, {SKU: "MUG", To: 1, Location: "moon"}}
	res, err := s.Push(context.Background(), batch, connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Results[0].OK || !res.Results[1].OK || res.Results[1].Location != "popup" || res.Results[2].OK || res.APICalls != 1 {
		t.Fatalf("results %+v in %d calls, want shop and popup written in one, moon refused", res.Results, res.APICalls)
	}
	idx, _ := s.ReadIndex(context.Background())
	if want := map[string]int{"shop": 5, "popup": 3}; len(idx.Items) != 1 || idx.Items[0].Qty != 5 || !reflect.DeepEqual(idx.Items[0].Locations, want) {
		t.Fatalf("index %+v, want MUG at 5 in the main shop and 3 in the pop-up", idx.Items)
	}
}
