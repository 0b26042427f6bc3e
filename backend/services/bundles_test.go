package services

import (
	"strings"
	"testing"

	"shelfsync/backend/types"
)

// Saving, editing and removing a bundle shows at once in the Inventory tab
// (its quantity from the components as last read, "changed" until a sync
// writes it; a removed bundle's listing no longer fed), and the list says
// what each makes and which component limits it.
func TestBundlesShowInTheInventoryAsSoonAsTheyAreSaved(t *testing.T) {
	w := newWorld(t, false)
	conn, _ := w.conns.Create(demoPair("Shop"))
	w.sync.Start(conn.ID, "full")
	w.waitFinished(t, 1)
	page, err := w.inv.Page(types.InventoryQuery{ConnectionID: conn.ID, Limit: 2})
	if err != nil || len(page.Items) < 2 {
		t.Fatalf("inventory page: %+v, %v", page, err)
	}
	a, b := page.Items[0], page.Items[1]
	bundles := w.core.Services().Bundles

	list, err := bundles.Save(conn.ID, "", types.Bundle{SKU: "KIT", Components: []types.BundleComponent{{SKU: a.SKU, Qty: 2}, {SKU: b.SKU, Qty: 1}}})
	if err != nil || len(list) != 1 || list[0].Makes == nil {
		t.Fatalf("Save = %+v, %v; want KIT listed with what it makes", list, err)
	}
	want := min(*a.WarehouseQty/2, *b.WarehouseQty)
	if *list[0].Makes != want || !strings.HasPrefix(list[0].Note, "limited by ") {
		t.Errorf("KIT makes %d (%q); want %d and which component limits it", *list[0].Makes, list[0].Note, want)
	}
	kit := inventoryRow(t, w, conn.ID, "KIT")
	if kit.State != types.StateChanged || kit.PublishedQty == nil || *kit.PublishedQty != want {
		t.Errorf("KIT in the inventory: %+v; want changed, publishing %d", kit, want)
	}
	// The row carries its recipe, so the window can mark it as a bundle;
	// a component's row carries none.
	if got := kit.Bundle; len(got) != 2 || got[0] != (types.BundleComponent{SKU: a.SKU, Qty: 2}) || got[1] != (types.BundleComponent{SKU: b.SKU, Qty: 1}) {
		t.Errorf("KIT's row gives the recipe %+v; want 2 × %s + 1 × %s", got, a.SKU, b.SKU)
	}
	if comp := inventoryRow(t, w, conn.ID, a.SKU); len(comp.Bundle) != 0 {
		t.Errorf("the component %s's row gives a recipe: %+v", a.SKU, comp.Bundle)
	}

	if _, err := bundles.Save(conn.ID, "KIT", types.Bundle{SKU: "KIT", Components: []types.BundleComponent{{SKU: "NOT-IN-FEED", Qty: 1}}}); err != nil {
		t.Fatal(err)
	}
	if kit := inventoryRow(t, w, conn.ID, "KIT"); kit.State != types.StateComponentMissing {
		t.Errorf("KIT built from a SKU the feed lacks is %s; want component_missing", kit.State)
	}

	if _, err := bundles.Remove(conn.ID, "NOPE"); err == nil || !strings.Contains(err.Error(), "There is no bundle NOPE") {
		t.Errorf("Remove of no bundle: %v", err)
	}
	if list, err := bundles.Remove(conn.ID, "KIT"); err != nil || len(list) != 0 {
		t.Fatalf("Remove = %+v, %v", list, err)
	}
	if kit := inventoryRow(t, w, conn.ID, "KIT"); kit.State != types.StateUnmapped {
		t.Errorf("KIT after removal, never written to the store, is %s; want unmapped", kit.State)
	}
}

func TestBundleImportNamesTheLineItCannotRead(t *testing.T) {
	w := newWorld(t, false)
	conn, _ := w.conns.Create(demoPair("Shop"))
	bundles := w.core.Services().Bundles
	res, err := bundles.Import(conn.ID, "\uFEFFbundle_sku,component_sku,qty\nKIT,A,2\nKIT,B,1\n\nDUO,A,1\n")
	if err != nil || res.Bundles != 2 || res.Components != 3 {
		t.Fatalf("Import = %+v, %v; want 2 bundles of 3 lines", res, err)
	}
	for file, says := range map[string]string{
		"KIT,A,2\nKIT,B\n":       "Line 2 of the bundles file has 2 column(s)",
		"KIT,A,two\n":            `Line 1 of the bundles file gives "two" as the units of A in KIT`,
		"KIT,A,1\nKIT,A,1\n":     "not imported: bundle KIT lists A twice",
		"BIG,KIT,1\n":            "KIT is a bundle and also a component of bundle BIG",
		"bundle_sku,component\n": "has 2 column(s)",
	} {
		if _, err := bundles.Import(conn.ID, file); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("import of %q: %v; want %q", file, err, says)
		}
	}
	if list, _ := bundles.List(conn.ID); len(list) != 2 {
		t.Errorf("after refused imports, %d bundles; want the 2 imported first", len(list))
	}
}

func inventoryRow(t *testing.T, w *world, connectionID uint, sku string) types.InventoryItem {
	t.Helper()
	page, err := w.inv.Page(types.InventoryQuery{ConnectionID: connectionID, Search: sku, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		if it.SKU == sku {
			return it
		}
	}
	t.Fatalf("no inventory row %s", sku)
	return types.InventoryItem{}
}

// A Preview of a connection with a location map names each row's store
// location as the merchant knows it ("Pop-up store"), not by its id.
func TestPreviewNamesTheStoreLocationsItWouldWrite(t *testing.T) {
	w := newWorld(t, false)
	conn, _ := w.conns.Create(demoPair("Shop"))
	locations := w.core.Services().Locations
	m, err := locations.Map(conn.ID)
	if err != nil || len(m.Locations) < 2 {
		t.Fatalf("location map %+v, %v; want the demo store's two locations", m, err)
	}
	facilities := make([]string, len(m.Facilities))
	for i, f := range m.Facilities {
		facilities[i] = f.ID
	}
	names := map[string]string{}
	for _, l := range m.Locations {
		names[l.ID] = l.Name
		if _, err := locations.SetFeed(conn.ID, l.ID, facilities); err != nil {
			t.Fatal(err)
		}
	}
	p, err := w.sync.Preview(conn.ID, "full")
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("Preview = %+v, %v", p, err)
	}
	seen := map[string]bool{}
	for _, it := range p.Items {
		if it.Location == "" || it.LocationName != names[it.Location] || it.LocationName == it.Location {
			t.Fatalf("%s at location %q is named %q; want %q", it.SKU, it.Location, it.LocationName, names[it.Location])
		}
		seen[it.LocationName] = true
	}
	if len(seen) != len(names) {
		t.Errorf("the preview names %v; want every location of %v", seen, names)
	}
}
