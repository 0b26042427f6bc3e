package shopifyfake

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const levelsQ = `query($id: ID!, $q: String!) { location(id: $id) { inventoryLevels(first: 10, query: $q) { nodes { updatedAt item { sku tracked } } } } }`

func levelSKUs(t *testing.T, out map[string]any) []string {
	t.Helper()
	loc, _ := out["data"].(map[string]any)["location"].(map[string]any)
	if loc == nil {
		t.Fatalf("no location in %v", out)
	}
	var skus []string
	for _, n := range loc["inventoryLevels"].(map[string]any)["nodes"].([]any) {
		skus = append(skus, n.(map[string]any)["item"].(map[string]any)["sku"].(string))
	}
	return skus
}

// A location's levels filter by updated_at with Shopify's comparators, to
// the second; a term the fake cannot check is refused, not ignored.
func TestFakeFiltersALocationsLevelsByUpdatedAt(t *testing.T) {
	clock := NewVirtualClock(time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC))
	f := New(Options{Clock: clock})
	defer f.Close()
	f.AddVariant("OLD", 1)
	clock.Sleep(t.Context(), time.Hour)
	f.AddVariant("NEW", 1)
	at := clock.Now().Format(time.RFC3339)
	loc := LocationGID(1)
	for q, want := range map[string]string{
		"updated_at:>='" + at + "'": "NEW",
		"updated_at:>'" + at + "'":  "",
		"updated_at:<" + at:         "OLD",
		"updated_at:<=2026-12-02":   "",
		"":                          "OLD NEW",
	} {
		_, _, out := postWith(t, f, f.Token(), "2026-10", levelsQ, map[string]any{"id": loc, "q": q})
		if got := strings.Join(levelSKUs(t, out), " "); got != want {
			t.Errorf("query %q: %q, want %q", q, got, want)
		}
	}
	_, _, out := postWith(t, f, f.Token(), "2026-10", levelsQ, map[string]any{"id": loc, "q": "sku:OLD"})
	if !strings.Contains(fmt.Sprint(out["errors"]), "only supports") {
		t.Errorf("an unsupported term answered %v, want an error", out)
	}
}

// inventoryItemUpdate turns tracking on, needs a write scope, and names an
// unknown item in userErrors.
func TestFakeTurnsTrackingOnWithInventoryItemUpdate(t *testing.T) {
	f := New(Options{})
	defer f.Close()
	id := f.AddVariant("MUG", 4)
	f.SetTracked("MUG", false)
	m := `mutation($id: ID!, $input: InventoryItemInput!) { inventoryItemUpdate(id: $id, input: $input) { inventoryItem { id tracked } userErrors { field message } } }`
	_, _, out := postWith(t, f, f.Token(), "2026-10", m, map[string]any{"id": id, "input": map[string]any{"tracked": true}})
	if on, _ := f.Tracked("MUG"); !on || !strings.Contains(fmt.Sprint(out), "tracked:true") {
		t.Errorf("answer %v; tracked now %v", out, on)
	}
	if n, _ := f.Available("MUG"); n != 4 {
		t.Errorf("turning tracking on changed the quantity to %d", n)
	}
	_, _, out = postWith(t, f, f.Token(), "2026-10", m, map[string]any{"id": ItemGID(9999), "input": map[string]any{"tracked": true}})
	if !strings.Contains(fmt.Sprint(out), "could not be found") {
		t.Errorf("an unknown item answered %v", out)
	}
	ro := New(Options{ReadOnlyToken: true, Scopes: []string{"read_products", "read_inventory", "write_inventory"}})
	defer ro.Close()
	rid := ro.AddVariant("MUG", 4)
	_, _, out = postWith(t, ro, ro.Token(), "2026-10", m, map[string]any{"id": rid, "input": map[string]any{"tracked": true}})
	if !strings.Contains(fmt.Sprint(out["errors"]), "ACCESS_DENIED") {
		t.Errorf("without a write scope: %v, want ACCESS_DENIED", out)
	}
}

// inventoryItems filters by the item's own updated_at, which tracking
// switched off moves and a quantity change does not; a term the fake
// cannot check is refused.
func TestFakeFiltersInventoryItemsByTheirOwnUpdatedAt(t *testing.T) {
	clock := NewVirtualClock(time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC))
	f := New(Options{Clock: clock})
	defer f.Close()
	f.AddVariant("SOLD", 5)
	f.AddVariant("UNTRACKED", 5)
	clock.Sleep(t.Context(), time.Hour)
	at := clock.Now().Format(time.RFC3339)
	f.SetAvailable("SOLD", 4)
	f.SetTracked("UNTRACKED", false)
	const itemsQ = `query($q: String!, $loc: ID!) { inventoryItems(first: 10, query: $q) { nodes { sku tracked inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { name quantity } } } } }`
	_, _, out := postWith(t, f, f.Token(), "2026-10", itemsQ, map[string]any{"q": "updated_at:>='" + at + "'", "loc": LocationGID(1)})
	nodes := out["data"].(map[string]any)["inventoryItems"].(map[string]any)["nodes"].([]any)
	if len(nodes) != 1 || nodes[0].(map[string]any)["sku"] != "UNTRACKED" || nodes[0].(map[string]any)["tracked"] != false {
		t.Errorf("items changed since %s: %v, want UNTRACKED alone", at, nodes)
	}
	_, _, out = postWith(t, f, f.Token(), "2026-10", itemsQ, map[string]any{"q": "tracked:false", "loc": LocationGID(1)})
	if !strings.Contains(fmt.Sprint(out["errors"]), "only supports") {
		t.Errorf("an unsupported term answered %v, want an error", out)
	}
}
