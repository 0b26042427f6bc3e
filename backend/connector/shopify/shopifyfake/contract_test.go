package shopifyfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// grant asks the fake for a token with the client credentials grant.
func grant(t *testing.T, f *Fake, id, secret string) (int, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}
	resp, err := http.Post(f.URL()+"/admin/oauth/access_token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// postWith sends one GraphQL request with the given token and returns the
// status, the served version and the answer.
func postWith(t *testing.T, f *Fake, token, version, query string, vars map[string]any) (int, string, map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars}) // cannot fail: plain maps
	req, _ := http.NewRequest("POST", f.URL()+"/admin/api/"+version+"/graphql.json", bytes.NewReader(body))
	req.Header.Set("X-Shopify-Access-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("X-Shopify-API-Version"), out
}

func TestFakeIssuesTokensThatExpire(t *testing.T) {
	clock := NewVirtualClock(time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC))
	f := New(Options{Clock: clock, TokenLifetime: 5 * time.Second, NoStaticToken: true})
	defer f.Close()

	if code, out := grant(t, f, f.ClientID(), "wrong"); code != http.StatusBadRequest || out["error"] != "invalid_client" {
		t.Errorf("a wrong secret: %d %v, want 400 invalid_client", code, out)
	}
	code, out := grant(t, f, f.ClientID(), f.ClientSecret())
	tok, _ := out["access_token"].(string)
	if code != http.StatusOK || tok == "" || out["expires_in"] != 5.0 || !strings.Contains(fmt.Sprint(out["scope"]), "write_inventory") {
		t.Fatalf("grant answered %d %v", code, out)
	}
	if code, _, _ := postWith(t, f, tok, "2026-10", `{ shop { name } }`, nil); code != http.StatusOK {
		t.Errorf("a fresh token: HTTP %d", code)
	}
	_ = clock.Sleep(t.Context(), 5*time.Second) // cannot fail: the context is live
	if code, _, _ := postWith(t, f, tok, "2026-10", `{ shop { name } }`, nil); code != http.StatusUnauthorized {
		t.Errorf("an expired token: HTTP %d, want 401", code)
	}
	if code, _, _ := postWith(t, f, f.Token(), "2026-10", `{ shop { name } }`, nil); code != http.StatusUnauthorized {
		t.Errorf("the static token with NoStaticToken: HTTP %d, want 401", code)
	}
	if st := f.Stats(); st.TokenRequests != 2 || st.TokensRefused != 1 || st.ExpiredTokenUses != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestFakeFallsForwardAndNamesTheVersionServed(t *testing.T) {
	f := New(Options{OldestVersion: "2026-04"})
	defer f.Close()
	for asked, want := range map[string]string{"2025-01": "2026-04", "2026-01": "2026-04", "2026-10": "2026-10"} {
		if _, served, _ := postWith(t, f, f.Token(), asked, `{ shop { name } }`, nil); served != want {
			t.Errorf("asked %s: served %q, want %s", asked, served, want)
		}
	}
	if code, _, _ := postWith(t, f, f.Token(), "2030-01", `{ shop { name } }`, nil); code != http.StatusNotFound {
		t.Errorf("a version not yet released: HTTP %d, want 404", code)
	}
}

func TestFakeFrom2026_04WantsChangeFromQuantityAndAnIdempotencyKey(t *testing.T) {
	f := New(Options{})
	defer f.Close()
	item := f.AddVariant("A", 5)
	loc := LocationGID(1)
	keyed := `mutation S($input: InventorySetQuantitiesInput!, $key: String!) { inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } userErrors { code field message } } }`
	withKey := func(in map[string]any, key string) map[string]any { in["key"] = key; return in }

	for _, version := range []string{"2026-04", "2026-10"} {
		_, _, out := postWith(t, f, f.Token(), version, setMutation, setInput(map[string]any{"inventoryItemId": item, "locationId": loc, "quantity": 9, "changeFromQuantity": 5}))
		if !strings.Contains(fmt.Sprint(out["errors"]), "@idempotent") {
			t.Errorf("%s without @idempotent: %v, want refused", version, out)
		}
		_, _, out = postWith(t, f, f.Token(), version, keyed, withKey(setInput(map[string]any{"inventoryItemId": item, "locationId": loc, "quantity": 9, "compareQuantity": 5}), "k-cq-"+version))
		if !strings.Contains(fmt.Sprint(out["errors"]), "compareQuantity") {
			t.Errorf("%s with compareQuantity: %v, want the field refused", version, out)
		}
		_, _, out = postWith(t, f, f.Token(), version, keyed, withKey(setInput(map[string]any{"inventoryItemId": item, "locationId": loc, "quantity": 9}), "k-none-"+version))
		if !strings.Contains(fmt.Sprint(out["errors"]), "changeFromQuantity") {
			t.Errorf("%s without changeFromQuantity: %v, want refused", version, out)
		}
	}
	if n, _ := f.Available("A"); n != 5 {
		t.Fatalf("refused writes changed stock to %d", n)
	}

	write := withKey(setInput(map[string]any{"inventoryItemId": item, "locationId": loc, "quantity": 9, "changeFromQuantity": 5}), "key-1")
	for range 2 { // the second is a retry after a lost answer
		_, _, out := postWith(t, f, f.Token(), "2026-10", keyed, write)
		if got := userErrorCodes(out); len(got) != 0 {
			t.Fatalf("keyed write: %v", got)
		}
	}
	if n, _ := f.Available("A"); n != 9 {
		t.Errorf("stock %d, want 9", n)
	}
	if st := f.Stats(); st.AppliedWrites != 1 || st.IdempotentReplays != 1 || st.KeyedWrites != 2 {
		t.Errorf("applied %d, replays %d, keyed %d; want 1, 1, 2", st.AppliedWrites, st.IdempotentReplays, st.KeyedWrites)
	}
	_, _, out := postWith(t, f, f.Token(), "2026-10", keyed, withKey(setInput(map[string]any{"inventoryItemId": item, "locationId": loc, "quantity": 3, "changeFromQuantity": 9}), "key-1"))
	if got := userErrorCodes(out); len(got) != 1 || !strings.HasPrefix(got[0], "IDEMPOTENCY_KEY_PARAMETER_MISMATCH") {
		t.Errorf("a key reused for another write: %v", got)
	}
}

func TestFakeRefusesToPagePast25000Objects(t *testing.T) {
	f := New(Options{})
	defer f.Close()
	f.AddVariants("V", 25010)
	page := `query P($first: Int!, $after: String) { productVariants(first: $first, after: $after) { pageInfo { endCursor } nodes { id } } }`
	_, _, out := postWith(t, f, f.Token(), "2026-10", page, map[string]any{"first": 250, "after": encodeCursor(1000 + 24800)})
	if !strings.Contains(fmt.Sprint(out["errors"]), "25000") {
		t.Errorf("a page reaching object 25,050: %v, want refused", out)
	}
}

func TestFakeListsTheAppsScopes(t *testing.T) {
	f := New(Options{ReadOnlyToken: true})
	defer f.Close()
	_, _, out := postWith(t, f, f.Token(), "2026-10", `{ currentAppInstallation { accessScopes { handle } } }`, nil)
	got := fmt.Sprint(out["data"])
	if !strings.Contains(got, "read_inventory") || strings.Contains(got, "write_inventory") {
		t.Errorf("scopes %s, want read_inventory without write_inventory", got)
	}
}
