package woocommerce_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/inventory"
)

// slowShop has n simple products and answers batch writes after a delay
// longer than the client waits, times times (-1: always).
func slowShop(t *testing.T, n, times int) (*woofake.Server, []inventory.Push) {
	t.Helper()
	srv := newFake(t, woofake.Options{})
	pushes := make([]inventory.Push, n)
	for i := range pushes {
		sku := "SKU-" + strconv.Itoa(i)
		pushes[i] = inventory.Push{SKU: sku, Ref: strconv.FormatInt(srv.AddSimple(sku, 0), 10), To: 5}
	}
	srv.Inject(woofake.Fault{Method: "POST", PathContains: "/batch", Delay: 300 * time.Millisecond, Times: times})
	return srv, pushes
}

// A shared host that cannot save 100 products within the timeout gets 50,
// not the same 100 four more times; the next batches of the run go 50 at
// a time too, and the run says which size it used.
func TestTimedOutBatchIsHalvedForTheRestOfTheRunNotResent(t *testing.T) {
	srv, pushes := slowShop(t, 200, 1)
	st, _ := newStore(t, srv, woocommerce.Options{Timeout: 100 * time.Millisecond})

	first, err := st.Push(context.Background(), pushes[:100], connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range first.Results {
		if !r.OK {
			t.Fatalf("%s: %+v, want saved in the smaller batches", r.SKU, r)
		}
	}
	if srv.Writes() != 3 {
		t.Errorf("%d write calls, want 3: the 100 that timed out, then 50 and 50", srv.Writes())
	}
	if len(first.Notes) != 1 || !strings.Contains(first.Notes[0], "50 at a time") {
		t.Errorf("notes %q, want the size used", first.Notes)
	}
	if _, err := st.Push(context.Background(), pushes[100:], connector.PushMeta{}); err != nil {
		t.Fatal(err)
	}
	if srv.Writes() != 5 || srv.LargestBatch() != 50 {
		t.Errorf("%d writes, largest %d: want the second batch sent as 50 and 50", srv.Writes(), srv.LargestBatch())
	}
}

func TestBatchSizeHalvesDownToTenThenFailsThoseSKUs(t *testing.T) {
	srv, pushes := slowShop(t, 100, -1)
	st, _ := newStore(t, srv, woocommerce.Options{Timeout: 50 * time.Millisecond})

	res, err := st.Push(context.Background(), pushes, connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	// 100, 50, 25 and 12 time out and are halved; then ten calls of 10.
	if srv.Writes() != 14 || st.BatchSize() != woocommerce.MinBatch {
		t.Errorf("%d writes, batch size %d; want 14 and %d", srv.Writes(), st.BatchSize(), woocommerce.MinBatch)
	}
	for _, r := range res.Results {
		if r.OK || !strings.Contains(r.Error, "even 10 stock updates") {
			t.Fatalf("%s: %+v, want a timeout failure naming the smallest batch", r.SKU, r)
		}
	}
	if last := res.Notes[len(res.Notes)-1]; !strings.Contains(last, "10 at a time") {
		t.Errorf("notes %q, want the last size named", res.Notes)
	}
}

func TestSlowReadsAreStillRetried(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.AddSimple("MUG", 3)
	srv.Inject(woofake.Fault{Method: "GET", PathContains: "/products", Delay: 300 * time.Millisecond})
	st, _ := newStore(t, srv, woocommerce.Options{Timeout: 100 * time.Millisecond})

	idx, err := st.ReadIndex(context.Background())
	if err != nil || len(idx.Items) != 1 {
		t.Fatalf("items %+v err %v, want MUG after a retry", idx.Items, err)
	}
}
