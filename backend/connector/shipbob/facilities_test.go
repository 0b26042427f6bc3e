package shipbob_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shipbob"
	"shelfsync/backend/connector/shipbob/shipbobfake"
)

// Two fulfillment centers the account uses and one it may not.
var centers = []shipbobfake.Location{
	{ID: 11, Name: "Cicero (IL)", Abbreviation: "ORD1", AccessGranted: true},
	{ID: 22, Name: "Moreno Valley (CA)", Abbreviation: "ONT1", AccessGranted: true},
	{ID: 33, Name: "Melbourne (AU)", Abbreviation: "MEL1"},
}

// locatedWarehouse is a ShipBob warehouse whose connection's location map
// names fulfillment centers.
func locatedWarehouse(t *testing.T, srv *shipbobfake.Server, c *clock, quantity string) *shipbob.Warehouse {
	t.Helper()
	w, err := shipbob.NewWithOptions(connector.Config{
		Kind:           shipbob.Kind,
		Settings:       map[string]string{shipbob.SettingURL: srv.URL, shipbob.SettingQuantity: quantity},
		Secrets:        map[string]string{shipbob.SecretToken: srv.Token()},
		ReadFacilities: true,
	}, shipbob.Options{Now: c.Now, Sleep: c.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestFacilitiesAreTheFulfillmentCentersTheAccountMayUse(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Locations: centers})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	got, err := w.Facilities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []connector.Place{{ID: "11", Name: "Cicero (IL)"}, {ID: "22", Name: "Moreno Valley (CA)"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("facilities = %+v, want %+v", got, want)
	}
}

// 250 items over two centers, 100 a page: the totals' three pages, then
// the per-center listing's three.
func TestAReadForALocationMapFillsEachCentersFulfillableQuantity(t *testing.T) {
	c := newClock()
	stock := items(250)
	for i := range stock {
		stock[i].Fulfillable = 3 * i
		stock[i].Facilities = []shipbobfake.Stock{{LocationID: 11, Fulfillable: 2 * i}, {LocationID: 22, Fulfillable: i}}
	}
	srv := newFake(t, c, shipbobfake.Options{Items: stock, Locations: centers})
	w := locatedWarehouse(t, srv, c, shipbob.QuantityFulfillable)

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Items) != 250 || read.APICalls != 6 {
		t.Fatalf("read %d items in %d calls, want 250 in 6", len(read.Items), read.APICalls)
	}
	last := read.Items[249]
	if want := map[string]int{"11": 498, "22": 249}; last.Qty != 747 || !maps.Equal(last.Facilities, want) {
		t.Errorf("last item: %d in all, %v by center; want 747, %v", last.Qty, last.Facilities, want)
	}
	located := 0
	for _, r := range srv.Requests() {
		if strings.Contains(r, "/"+shipbob.DefaultAPIVersion+"/inventory-level/locations?") {
			located++
		}
	}
	if located != 3 {
		t.Errorf("%d requests to inventory-level/locations, want 3:\n%s", located, strings.Join(srv.Requests(), "\n"))
	}
}

// Sellable is a network figure only: units held by exception orders are
// taken from the center holding the most, so the centers never add up to
// more than the sellable quantity, and none to more than it holds.
func TestSellableAtEachCenterLeavesOutTheNetworksExceptionOrders(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Locations: centers, Items: []shipbobfake.Item{
		{InventoryID: 1, SKU: "MUG", Fulfillable: 10, Sellable: 7, Facilities: []shipbobfake.Stock{{LocationID: 11, Fulfillable: 6}, {LocationID: 22, Fulfillable: 4}}},
		{InventoryID: 2, SKU: "CUP", Fulfillable: 5, Sellable: 0, Facilities: []shipbobfake.Stock{{LocationID: 11, Fulfillable: 2}, {LocationID: 22, Fulfillable: 3}}},
		{InventoryID: 3, SKU: "TEA", Fulfillable: 0, Sellable: 0},
	}})
	w := locatedWarehouse(t, srv, c, "")

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range read.Items {
		got[it.SKU] = fmt.Sprintf("%d %v", it.Qty, it.Facilities)
	}
	want := map[string]string{"MUG": "7 map[11:3 22:4]", "CUP": "0 map[11:0 22:0]", "TEA": "0 map[]"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read %v, want %v", got, want)
	}
}

// A connection without a location map reads the totals only, as before.
func TestAReadWithoutALocationMapMakesNoPerCenterCalls(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Locations: centers, Items: []shipbobfake.Item{
		{InventoryID: 1, SKU: "MUG", Fulfillable: 10, Sellable: 7, Facilities: []shipbobfake.Stock{{LocationID: 11, Fulfillable: 10}}},
	}})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if read.APICalls != 1 || read.Items[0].Facilities != nil {
		t.Errorf("%d calls, facilities %v; want 1 call and none", read.APICalls, read.Items[0].Facilities)
	}
}

func TestACenterWithoutItsFulfillableQuantityIsAnErrorNotAZero(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Locations: centers, Items: items(1)})
	srv.Inject(shipbobfake.Fault{PathContains: "inventory-level/locations",
		Body: `{"items":[{"inventory_id":1,"sku":"SKU-00000","locations":[{"location_id":11,"name":"Cicero (IL)","on_hand_quantity":4}]}],"next":null}`})
	w := locatedWarehouse(t, srv, c, "")

	_, err := w.ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "fulfillable_quantity") || !strings.Contains(err.Error(), "per fulfillment center") {
		t.Errorf("err = %v, want the missing fulfillable_quantity named", err)
	}
}
