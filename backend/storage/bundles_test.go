package storage

import (
	"reflect"
	"testing"

	"shelfsync/backend/inventory"
	"shelfsync/backend/types"
)

// Saving recipes replaces the connection's whole set, with the bundles'
// rows in the same transaction; deleting the connection takes its recipes.
func TestBundleRecipesAreReplacedWholeWithTheirRows(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	other := addConnection(t, db, "B")
	first := []inventory.Bundle{
		{SKU: "KIT-TEA", Components: []inventory.Component{{SKU: "TEA", Qty: 2}, {SKU: "MUG", Qty: 1}}},
		{SKU: "KIT-OLD", Components: []inventory.Component{{SKU: "MUG", Qty: 3}}},
	}
	if err := db.ReplaceBundles(other.ID, first, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceBundles(conn.ID, first, nil, nil); err != nil {
		t.Fatal(err)
	}
	second := []inventory.Bundle{{SKU: "KIT-TEA", Components: []inventory.Component{{SKU: "TEA", Qty: 4}}}}
	row := Item{ConnectionID: conn.ID, SKU: "KIT-TEA", WarehouseSeen: true, WarehouseQty: 5, State: types.StateChanged}
	if err := db.ReplaceBundles(conn.ID, second, nil, []Item{row}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Bundles(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, second) {
		t.Errorf("bundles %+v, want %+v", got, second)
	}
	items, err := db.ItemsBySKU(conn.ID, []string{"KIT-TEA"})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].WarehouseQty != 5 {
		t.Errorf("the bundle's row is %+v, want its quantity 5 saved with the recipe", items)
	}
	if err := db.DeleteConnection(conn.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Bundles(conn.ID); err != nil || len(got) != 0 {
		t.Errorf("a deleted connection's bundles: %+v (%v), want none", got, err)
	}
	// Components in SKU order, another connection's recipes untouched.
	want := []inventory.Bundle{
		{SKU: "KIT-OLD", Components: []inventory.Component{{SKU: "MUG", Qty: 3}}},
		{SKU: "KIT-TEA", Components: []inventory.Component{{SKU: "MUG", Qty: 1}, {SKU: "TEA", Qty: 2}}},
	}
	if got, err := db.Bundles(other.ID); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("the other connection's bundles: %+v (%v), want %+v", got, err, want)
	}
}
