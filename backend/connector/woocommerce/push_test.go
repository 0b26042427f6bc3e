package woocommerce_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/inventory"
)

// pushAll plans every store item to qty(item) and pushes in MaxBatch
// chunks, the way the engine does.
func pushAll(t *testing.T, st *woocommerce.Store, items []inventory.StoreItem, to func(inventory.StoreItem) int) []connector.PushResult {
	t.Helper()
	var pushes []inventory.Push
	for _, it := range items {
		pushes = append(pushes, inventory.Push{SKU: it.SKU, StoreSKU: it.SKU, Ref: it.Ref, ParentRef: it.ParentRef, From: it.Qty, FromKnown: true, To: to(it), Why: inventory.ReasonFull})
	}
	var out []connector.PushResult
	max := st.Capabilities().MaxBatch
	for len(pushes) > 0 {
		n := min(max, len(pushes))
		res, err := st.Push(context.Background(), pushes[:n], connector.PushMeta{RunID: 1})
		if err != nil {
			t.Fatalf("Push: %v", err)
		}
		out = append(out, res.Results...)
		pushes = pushes[n:]
	}
	return out
}

func TestFullSyncOf5000SKUsTakes50WriteCallsAndSmartSyncOf60TakesOne(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	for i := range 5000 {
		srv.AddSimple(fmt.Sprintf("SKU-%05d", i), 0)
	}
	st, _ := newStore(t, srv, woocommerce.Options{})
	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	results := pushAll(t, st, idx.Items, func(it inventory.StoreItem) int { return 7 })
	for _, r := range results {
		if !r.OK {
			t.Fatalf("%s failed: %s", r.SKU, r.Error)
		}
	}
	if srv.Writes() != 50 || srv.LargestBatch() != 100 || srv.ItemsWritten() != 5000 {
		t.Errorf("full sync: %d write calls, largest batch %d, %d items; want 50, 100, 5000", srv.Writes(), srv.LargestBatch(), srv.ItemsWritten())
	}

	pushAll(t, st, idx.Items[:60], func(it inventory.StoreItem) int { return 3 })
	if srv.Writes() != 51 {
		t.Errorf("smart sync of 60 SKUs took %d write calls, want 1", srv.Writes()-50)
	}
	id, _ := strconv.ParseInt(idx.Items[59].Ref, 10, 64)
	if q, _ := srv.Stock(id); q != 3 {
		t.Errorf("%s holds %d, want 3", idx.Items[59].SKU, q)
	}
}

func TestPushSendsVariationsToTheirParentsBatchEndpoint(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.AddSimple("MUG", 1)
	var parents []int64
	for p := range 2 {
		parent := srv.Add(woofake.Product{Type: "variable"})
		parents = append(parents, parent)
		for v := range 3 {
			srv.Add(woofake.Product{ParentID: parent, SKU: fmt.Sprintf("TEE-%d-%d", p, v), ManageStock: true, StockQuantity: qty(1)})
		}
	}
	st, _ := newStore(t, srv, woocommerce.Options{})
	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	res, err := st.Push(context.Background(), pushesTo(idx.Items, 5), connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Results {
		if !r.OK || r.StoreQty != 5 {
			t.Errorf("%s: %+v", r.SKU, r)
		}
	}
	if res.APICalls != 3 {
		t.Errorf("APICalls = %d, want 3 (products + one per parent)", res.APICalls)
	}
	var posted []string
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r, "POST") {
			posted = append(posted, r)
		}
	}
	want := []string{
		"POST /wp-json/wc/v3/products/batch",
		fmt.Sprintf("POST /wp-json/wc/v3/products/%d/variations/batch", parents[0]),
		fmt.Sprintf("POST /wp-json/wc/v3/products/%d/variations/batch", parents[1]),
	}
	if strings.Join(posted, "\n") != strings.Join(want, "\n") {
		t.Errorf("posted\n%s\nwant\n%s", strings.Join(posted, "\n"), strings.Join(want, "\n"))
	}
}

func pushesTo(items []inventory.StoreItem, to int) []inventory.Push {
	var ps []inventory.Push
	for _, it := range items {
		ps = append(ps, inventory.Push{SKU: it.SKU, StoreSKU: it.SKU, Ref: it.Ref, ParentRef: it.ParentRef, To: to})
	}
	return ps
}

func TestPerItemErrorsBecomePerSKUFailures(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	good := srv.AddSimple("GOOD", 1)
	bad := srv.AddSimple("BAD", 1)
	srv.FailItem(bad, woofake.ItemError{Code: "woocommerce_rest_product_invalid_id", Message: "Invalid ID."})
	st, _ := newStore(t, srv, woocommerce.Options{})

	res, err := st.Push(context.Background(), []inventory.Push{
		{SKU: "GOOD", Ref: strconv.FormatInt(good, 10), To: 8},
		{SKU: "BAD", Ref: strconv.FormatInt(bad, 10), To: 8},
		{SKU: "GONE", Ref: "999999", To: 8},
		{SKU: "JUNK", Ref: "gid://x", To: 8},
	}, connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Results
	if !r[0].OK || r[0].StoreQty != 8 {
		t.Errorf("GOOD: %+v", r[0])
	}
	if r[1].OK || !strings.Contains(r[1].Error, "Invalid ID. (woocommerce_rest_product_invalid_id)") {
		t.Errorf("BAD: %+v", r[1])
	}
	if r[2].OK || !strings.Contains(r[2].Error, "Invalid ID.") {
		t.Errorf("GONE: %+v", r[2])
	}
	if r[3].OK || !strings.Contains(r[3].Error, "Full Sync") {
		t.Errorf("JUNK: %+v", r[3])
	}
	if res.APICalls != 1 {
		t.Errorf("APICalls = %d, want 1", res.APICalls)
	}
}

func TestPushOfMoreThanMaxBatchIsRefusedBeforeAnyCall(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	st, _ := newStore(t, srv, woocommerce.Options{})
	ps := make([]inventory.Push, woocommerce.MaxBatch+1)
	for i := range ps {
		ps[i] = inventory.Push{SKU: strconv.Itoa(i), Ref: strconv.Itoa(i + 1)}
	}
	if _, err := st.Push(context.Background(), ps, connector.PushMeta{}); err == nil {
		t.Fatal("Push took 101 items")
	}
	if srv.Writes() != 0 {
		t.Errorf("%d write calls made", srv.Writes())
	}
}
