package shopifyfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// post sends one GraphQL request and decodes the answer.
func post(t *testing.T, f *Fake, version, query string, vars map[string]any) (int, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", f.URL()+"/admin/api/"+version+"/graphql.json", bytes.NewReader(body))
	req.Header.Set("X-Shopify-Access-Token", f.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("answer is not JSON: %v", err)
	}
	return resp.StatusCode, out
}

const setMutation = `mutation S($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id } userErrors { code field message } } }`

func setInput(entries ...map[string]any) map[string]any {
	qs := make([]any, len(entries))
	for i, e := range entries {
		qs[i] = e
	}
	return map[string]any{"input": map[string]any{"name": "available", "reason": "correction", "quantities": qs}}
}

func userErrorCodes(out map[string]any) []string {
	data, _ := out["data"].(map[string]any)
	set, _ := data["inventorySetQuantities"].(map[string]any)
	ues, _ := set["userErrors"].([]any)
	var codes []string
	for _, u := range ues {
		m := u.(map[string]any)
		codes = append(codes, fmt.Sprintf("%s@%v", m["code"], m["field"]))
	}
	return codes
}

func TestFakeEnforcesCompareAndSet(t *testing.T) {
	f := New(Options{})
	defer f.Close()
	item := f.AddVariant("A", 5)
	loc := LocationGID(1)

	_, out := post(t, f, "2025-01", setMutation, setInput(map[string]any{"inventoryItemId": item, "locationId": loc, "quantity": 9}))
	if got := userErrorCodes(out); len(got) != 1 || !strings.HasPrefix(got[0], "COMPARE_QUANTITY_REQUIRED@[input quantities 0") {
		t.Errorf("without compareQuantity: %v, want COMPARE_QUANTITY_REQUIRED on entry 0", got)
	}
	_, out = post(t, f, "2025-01", setMutation, setInput(map[string]any{"inventoryItemId": item, "locationId": loc, "quantity": 9, "compareQuantity": 4}))
	if got := userErrorCodes(out); len(got) != 1 || !strings.HasPrefix(got[0], "COMPARE_QUANTITY_STALE") {
		t.Errorf("with a wrong compareQuantity: %v, want COMPARE_QUANTITY_STALE", got)
	}
	if n, _ := f.Available("A"); n != 5 {
		t.Fatalf("refused writes changed stock to %d", n)
	}
	_, out = post(t, f, "2025-01", setMutation, setInput(map[string]any{"inventoryItemId": item, "locationId": loc, "quantity": 9, "compareQuantity": 5}))
	if got := userErrorCodes(out); len(got) != 0 {
		t.Errorf("a correct compareQuantity was refused: %v", got)
	}
	if n, _ := f.Available("A"); n != 9 {
		t.Errorf("stock is %d, want 9", n)
	}
}

func TestFakeWritesAllOrNothing(t *testing.T) {
	f := New(Options{})
	defer f.Close()
	a, b := f.AddVariant("A", 1), f.AddVariant("B", 1)
	_, out := post(t, f, "2025-01", setMutation, setInput(
		map[string]any{"inventoryItemId": a, "locationId": LocationGID(1), "quantity": 3, "compareQuantity": 1},
		map[string]any{"inventoryItemId": b, "locationId": LocationGID(99), "quantity": 3, "compareQuantity": 1},
	))
	if got := userErrorCodes(out); len(got) != 1 || !strings.HasPrefix(got[0], "INVALID_LOCATION@[input quantities 1") {
		t.Errorf("userErrors %v, want INVALID_LOCATION on entry 1", got)
	}
	if n, _ := f.Available("A"); n != 1 {
		t.Errorf("entry 0 was applied (%d) although the call had an error", n)
	}
}

func TestFakeValidatesNamesReasonsAndSizes(t *testing.T) {
	f := New(Options{})
	defer f.Close()
	item := f.AddVariant("A", 1)
	in := setInput(map[string]any{"inventoryItemId": item, "locationId": LocationGID(1), "quantity": 1, "compareQuantity": 1})
	in["input"].(map[string]any)["name"] = "committed"
	in["input"].(map[string]any)["reason"] = "because"
	_, out := post(t, f, "2025-01", setMutation, in)
	if got := strings.Join(userErrorCodes(out), " "); !strings.Contains(got, "INVALID_NAME") || !strings.Contains(got, "INVALID_REASON") {
		t.Errorf("userErrors %q, want INVALID_NAME and INVALID_REASON", got)
	}

	entries := make([]map[string]any, 251)
	for i := range entries {
		entries[i] = map[string]any{"inventoryItemId": item, "locationId": LocationGID(1), "quantity": 1, "compareQuantity": 1}
	}
	_, out = post(t, f, "2025-01", setMutation, setInput(entries...))
	if errs, _ := out["errors"].([]any); len(errs) == 0 || !strings.Contains(fmt.Sprint(errs[0]), "251") {
		t.Errorf("251 entries answered %v, want a top-level size error", out)
	}

	_, out = post(t, f, "2025-01", `query P($first: Int!) { productVariants(first: $first) { nodes { id } } }`, map[string]any{"first": 251})
	if _, ok := out["errors"]; !ok {
		t.Errorf("first: 251 was accepted: %v", out)
	}
}

func TestFakeChangeFromQuantityNullOptsOutFrom2026(t *testing.T) {
	f := New(Options{})
	defer f.Close()
	item := f.AddVariant("A", 1)
	entry := map[string]any{"inventoryItemId": item, "locationId": LocationGID(1), "quantity": 4, "changeFromQuantity": nil}
	_, out := post(t, f, "2026-01", setMutation, setInput(entry))
	if got := userErrorCodes(out); len(got) != 0 {
		t.Errorf("2026-01 with changeFromQuantity null: %v, want accepted", got)
	}
}

func TestFakeThrottlesWhenTheBucketIsShortAndRefusesOversizedQueries(t *testing.T) {
	clock := NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	f := New(Options{Clock: clock, BucketMax: 1000, RestoreRate: 100})
	defer f.Close()
	f.AddVariants("S", 300)
	page := `query P($first: Int!) { productVariants(first: $first) { nodes { id inventoryItem { id } } } }`
	// A page of 250 costs 2 + 250 x 2 = 502 points; the second one right
	// after cannot fit.
	if _, out := post(t, f, "2026-10", page, map[string]any{"first": 250}); out["errors"] != nil {
		t.Fatalf("first page refused: %v", out["errors"])
	}
	_, out := post(t, f, "2026-10", page, map[string]any{"first": 250})
	errs, _ := out["errors"].([]any)
	if len(errs) == 0 || !strings.Contains(fmt.Sprint(errs[0]), "THROTTLED") {
		t.Fatalf("a 502-point request on a drained bucket answered errors %v, want THROTTLED", out["errors"])
	}
	cost := out["extensions"].(map[string]any)["cost"].(map[string]any)
	if cost["actualQueryCost"] != nil || cost["requestedQueryCost"] != 502.0 {
		t.Errorf("throttled cost extension %v", cost)
	}
	_ = clock.Sleep(t.Context(), 6*time.Second) // cannot fail: the context is live
	if _, out = post(t, f, "2026-10", page, map[string]any{"first": 250}); out["errors"] != nil {
		t.Errorf("after the bucket refilled: %v", out["errors"])
	}
	if f.Stats().Throttled != 1 {
		t.Errorf("Throttled = %d, want 1", f.Stats().Throttled)
	}

	// 250 variants with item, level and quantities: 2 + 250 x 4, the
	// object in the quantities list counted.
	_, out = post(t, f, "2026-10", `query { productVariants(first: 250) { nodes { id inventoryItem { id inventoryLevel(locationId: "gid://shopify/Location/1") { quantities(names: ["available"]) { name quantity } } } } } }`, nil)
	if errs, _ := out["errors"].([]any); len(errs) == 0 || !strings.Contains(fmt.Sprint(errs[0]), "MAX_COST_EXCEEDED") || !strings.Contains(fmt.Sprint(errs[0]), "1002") {
		t.Errorf("a 1,002-point query answered %v, want MAX_COST_EXCEEDED", out)
	}
	if f.Stats().MaxCostExceeded != 1 {
		t.Errorf("MaxCostExceeded = %d, want 1", f.Stats().MaxCostExceeded)
	}
}

func TestFakeRefusesAWrongToken(t *testing.T) {
	f := New(Options{})
	defer f.Close()
	req, _ := http.NewRequest("POST", f.URL()+"/admin/api/2025-01/graphql.json", strings.NewReader(`{"query":"{ shop { name } }"}`))
	req.Header.Set("X-Shopify-Access-Token", "nope")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", resp.StatusCode)
	}
}
