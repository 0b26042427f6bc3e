package shipbob_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shipbob"
	"shelfsync/backend/connector/shipbob/shipbobfake"
)

// A mug with 10 fulfillable units of which 3 sit in exception orders: the
// store may sell 7.
var mug = shipbobfake.Item{InventoryID: 1, SKU: "MUG", Name: "Mug", OnHand: 14, Committed: 4, Fulfillable: 10, Sellable: 7}

func newWarehouseWith(t *testing.T, srv *shipbobfake.Server, c *clock, settings map[string]string) *shipbob.Warehouse {
	t.Helper()
	all := map[string]string{shipbob.SettingURL: srv.URL}
	for k, v := range settings {
		all[k] = v
	}
	w, err := shipbob.NewWithOptions(connector.Config{
		Kind:     shipbob.Kind,
		Settings: all,
		Secrets:  map[string]string{shipbob.SecretToken: srv.Token()},
	}, shipbob.Options{Now: c.Now, Sleep: c.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestReadItemsPublishesTheSellableQuantityByDefault(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: []shipbobfake.Item{mug}})
	w := newWarehouseWith(t, srv, c, nil)

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Items) != 1 || read.Items[0].Qty != 7 {
		t.Fatalf("items = %+v, want MUG at its sellable 7", read.Items)
	}
	if r := srv.Requests()[0]; !strings.Contains(r, "/2026-07/inventory-level") {
		t.Errorf("request %q, want the current API version 2026-07", r)
	}
}

func TestFulfillableSettingPublishesTheFulfillableQuantity(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: []shipbobfake.Item{mug}})
	w := newWarehouseWith(t, srv, c, map[string]string{shipbob.SettingQuantity: shipbob.QuantityFulfillable})

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Items) != 1 || read.Items[0].Qty != 10 {
		t.Fatalf("items = %+v, want MUG at its fulfillable 10", read.Items)
	}
}

func TestUnknownQuantitySettingIsRefusedWithTheChoices(t *testing.T) {
	_, err := shipbob.New(connector.Config{
		Settings: map[string]string{shipbob.SettingQuantity: "on hand"},
		Secrets:  map[string]string{shipbob.SecretToken: "t"},
	})
	if err == nil || !strings.Contains(err.Error(), "sellable") || !strings.Contains(err.Error(), "fulfillable") {
		t.Fatalf("err = %v, want the two choices named", err)
	}
}

func TestMissingSellableFieldIsAnErrorNotAZero(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{})
	srv.Inject(shipbobfake.Fault{Body: `{"items":[{"inventory_id":1,"sku":"A","total_fulfillable_quantity":3}],"next":null}`})
	w := newWarehouseWith(t, srv, c, nil)

	_, err := w.ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "total_sellable_quantity") {
		t.Fatalf("err = %v, want the missing field named", err)
	}
}

func TestEmptyAccountAnsweringNullItemsReadsAsZeroItems(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{})
	w := newWarehouseWith(t, srv, c, nil)

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil || len(read.Items) != 0 || !read.Complete {
		t.Fatalf("read %+v err %v, want zero items, complete", read, err)
	}
	res, err := w.Test(context.Background())
	if err != nil || res.Count != 0 {
		t.Fatalf("Test = %+v err %v", res, err)
	}
}

func TestRetiredAPIVersionAsksToUpdateShelfSync(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: []shipbobfake.Item{mug}, Retired: []string{shipbob.DefaultAPIVersion}})
	w := newWarehouseWith(t, srv, c, nil)

	_, err := w.ReadItems(context.Background(), time.Time{})
	want := "ShipBob no longer serves API version " + shipbob.DefaultAPIVersion + "; update ShelfSync"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if strings.Contains(err.Error(), "Check the API version") {
		t.Errorf("err %q sends the merchant to a setting they never set", err)
	}
}

func TestRetiredVersionChosenOnTheConnectionSaysToClearIt(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: []shipbobfake.Item{mug}, Retired: []string{"2025-07"}})
	w := newWarehouseWith(t, srv, c, map[string]string{shipbob.SettingAPIVersion: "2025-07"})

	_, err := w.ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "ShipBob no longer serves API version 2025-07") || !strings.Contains(err.Error(), "Clear the API version") {
		t.Fatalf("err = %v", err)
	}
}

func TestForbiddenExplainsThatTokensActAsTheRootUser(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: []shipbobfake.Item{mug}})
	srv.Inject(shipbobfake.Fault{Status: http.StatusForbidden})
	w := newWarehouseWith(t, srv, c, nil)

	_, err := w.ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "root user") || strings.Contains(err.Error(), "inventory_read") {
		t.Fatalf("err = %v, want the root-user hint instead of a scope", err)
	}
}

func TestConnectionTestSaysWhichQuantityIsPublished(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: []shipbobfake.Item{mug}})
	for setting, want := range map[string]string{"": "sellable", shipbob.QuantityFulfillable: "fulfillable"} {
		w := newWarehouseWith(t, srv, c, map[string]string{shipbob.SettingQuantity: setting})
		res, err := w.Test(context.Background())
		if err != nil || !strings.Contains(res.Summary, "publishes the "+want+" quantity") {
			t.Errorf("setting %q: Test = %q err %v, want it to name %s", setting, res.Summary, err, want)
		}
	}
}
