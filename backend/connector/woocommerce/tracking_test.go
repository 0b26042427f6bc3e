package woocommerce_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/inventory"
)

func pushOne(t *testing.T, st *woocommerce.Store, sku string, id int64, to int, meta connector.PushMeta) connector.PushResult {
	t.Helper()
	res, err := st.Push(context.Background(), []inventory.Push{{SKU: sku, Ref: strconv.FormatInt(id, 10), To: to}}, meta)
	if err != nil {
		t.Fatal(err)
	}
	return res.Results[0]
}

// A plugin that switches stock management off on save makes WooCommerce
// answer stock_quantity: null: nothing was kept, so it is no write.
func TestBatchReplyWithNullStockIsAFailureNotAWrite(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	mug := srv.AddSimple("MUG", 3)
	srv.UntrackOnSave(mug)
	st, _ := newStore(t, srv, woocommerce.Options{})

	r := pushOne(t, st, "MUG", mug, 8, connector.PushMeta{})
	if r.OK || !r.NotTracked {
		t.Fatalf("result %+v, want a not-tracked failure", r)
	}
	if !strings.Contains(r.Error, "does not track stock") || !strings.Contains(r.Error, "Manage stock") {
		t.Errorf("error %q does not say what happened and what to do", r.Error)
	}
}

// The merchant unticked "Manage stock?" since ShelfSync last read the store:
// a stock write must not tick it again behind their back.
func TestPushNeverTurnsStockTrackingBackOn(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	mug := srv.AddSimple("MUG", 3)
	st, _ := newStore(t, srv, woocommerce.Options{})
	srv.SetManageStock(mug, false)

	r := pushOne(t, st, "MUG", mug, 8, connector.PushMeta{})
	if p, _ := srv.Product(mug); p.ManageStock {
		t.Fatal("the push switched stock management back on")
	}
	if r.OK || !r.NotTracked {
		t.Errorf("result %+v, want a not-tracked failure", r)
	}
}

func TestPushTurnsTrackingOnWhenTheMerchantChoseTo(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	mug := srv.AddSimple("MUG", 3)
	srv.SetManageStock(mug, false)
	st, _ := newStore(t, srv, woocommerce.Options{})

	r := pushOne(t, st, "MUG", mug, 8, connector.PushMeta{TurnOnTracking: true})
	if !r.OK || r.StoreQty != 8 {
		t.Fatalf("result %+v, want 8 written", r)
	}
	if q, ok := srv.Stock(mug); !ok || q != 8 {
		t.Errorf("store holds %d (%v), want 8 tracked", q, ok)
	}
}

func TestReadIndexListsUntrackedListingsApart(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.AddSimple("MUG", 3)
	srv.Add(woofake.Product{SKU: "POSTER"}) // stock not managed
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Items) != 1 || idx.Items[0].SKU != "MUG" {
		t.Errorf("items %+v, want only MUG", idx.Items)
	}
	if len(idx.NotTracked) != 1 || idx.NotTracked[0].SKU != "POSTER" || idx.NotTracked[0].Ref == "" {
		t.Errorf("not tracked %+v, want POSTER with its id", idx.NotTracked)
	}
}

// A plugin can make stock amounts floats: 2.5 mugs can sell 2, -0.5 is
// an oversold unit. Rounded down, and said once a run, not once a SKU.
func TestFractionalStockRoundsDownAndIsSaidOncePerRun(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.SetStockDecimal(srv.AddSimple("MUG", 0), 2.5)
	srv.SetStockDecimal(srv.AddSimple("CUP", 0), 7.9)
	srv.SetStockDecimal(srv.AddSimple("BOWL", 0), -0.5)
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := bySKU(idx.Items)
	if got["MUG"].Qty != 2 || got["CUP"].Qty != 7 || got["BOWL"].Qty != -1 {
		t.Errorf("quantities %+v, want 2, 7 and -1", got)
	}
	if len(idx.Notes) != 1 || !strings.Contains(idx.Notes[0], "3 listings") || !strings.Contains(idx.Notes[0], "rounded down") {
		t.Errorf("notes %q, want one note naming 3 listings rounded down", idx.Notes)
	}
	again, err := st.ReadIndex(context.Background())
	if err != nil || len(again.Notes) != 0 {
		t.Errorf("second read in the same run: notes %q err %v, want none", again.Notes, err)
	}
}
