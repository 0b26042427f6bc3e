package woocommerce_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
)

// shopClock is the fake store's clock, moved by hand.
type shopClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *shopClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *shopClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

func newShop(t *testing.T, zone *time.Location) (*woofake.Server, *shopClock) {
	t.Helper()
	c := &shopClock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	return newFake(t, woofake.Options{Now: c.Now, SiteLocation: zone}), c
}

func changedSince(t *testing.T, st *woocommerce.Store, since time.Time) connector.StoreChanges {
	t.Helper()
	ch, err := st.ChangedSince(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// A sale lowers the stock with a direct database write that leaves the
// product's date_modified alone (WooCommerce issue #40060): the products'
// own change filter misses it, the orders find it.
func TestChangedSinceFindsASaleThatLeftDateModifiedAlone(t *testing.T) {
	srv, clock := newShop(t, nil)
	mug := srv.AddSimple("MUG", 5)
	srv.AddSimple("CUP", 5)
	lastLook := clock.Advance(time.Hour)
	clock.Advance(time.Hour)
	srv.PlaceOrder(woofake.OrderLine{ProductID: mug, Quantity: 2})
	st, _ := newStore(t, srv, woocommerce.Options{})

	if idx, err := st.ReadIndexChangedSince(context.Background(), lastLook); err != nil || len(idx.Items) != 0 {
		t.Fatalf("the product filter saw %+v (err %v); the fake should leave date_modified alone on a sale", idx.Items, err)
	}
	ch := changedSince(t, st, lastLook)
	if len(ch.Items) != 1 || ch.Items[0].SKU != "MUG" || ch.Items[0].Qty != 3 {
		t.Fatalf("changed %+v, want MUG now at 3", ch.Items)
	}
	if !ch.Next.Equal(clock.Now()) {
		t.Errorf("next %v, want the order's change time %v", ch.Next, clock.Now())
	}
}

// The site's clock is seven hours behind GMT (or nine ahead): the order
// placed a minute after the last look is found either way.
func TestChangedSinceReadsDatesInGMTWhateverTheSiteTimeZone(t *testing.T) {
	for _, zone := range []*time.Location{time.FixedZone("Denver", -7*3600), time.FixedZone("Tokyo", 9*3600)} {
		srv, clock := newShop(t, zone)
		mug := srv.AddSimple("MUG", 5)
		old := srv.AddSimple("OLD", 5)
		srv.PlaceOrder(woofake.OrderLine{ProductID: old, Quantity: 1}) // long before the last look
		lastLook := clock.Advance(2 * time.Hour)
		clock.Advance(time.Minute)
		srv.PlaceOrder(woofake.OrderLine{ProductID: mug, Quantity: 1})
		st, _ := newStore(t, srv, woocommerce.Options{})

		ch := changedSince(t, st, lastLook)
		if got := bySKU(ch.Items); len(got) != 1 || got["MUG"].Qty != 4 {
			t.Errorf("%s: changed %+v, want only MUG at 4", zone, ch.Items)
		}
	}
}

// A variation sold from its parent's stock changes every SKU sharing it.
func TestChangedSinceReturnsEverySKUSharingTheStockASaleMoved(t *testing.T) {
	srv, clock := newShop(t, nil)
	tee := srv.Add(woofake.Product{Type: "variable", SKU: "TEE", ManageStock: true, StockQuantity: qty(10)})
	small := srv.Add(woofake.Product{ParentID: tee, SKU: "TEE-S", StockFromParent: true})
	srv.Add(woofake.Product{ParentID: tee, SKU: "TEE-L", StockFromParent: true})
	lastLook := clock.Advance(time.Hour)
	clock.Advance(time.Minute)
	srv.PlaceOrder(woofake.OrderLine{ProductID: tee, VariationID: small, Quantity: 3})
	st, _ := newStore(t, srv, woocommerce.Options{})

	got := bySKU(changedSince(t, st, lastLook).Items)
	for _, sku := range []string{"TEE", "TEE-S", "TEE-L"} {
		if got[sku].Qty != 7 {
			t.Errorf("%s: %+v, want 7", sku, got[sku])
		}
	}
}

func TestChangedSinceAlsoFindsHandEditsAndCancelledOrders(t *testing.T) {
	srv, clock := newShop(t, nil)
	mug, cup := srv.AddSimple("MUG", 5), srv.AddSimple("CUP", 5)
	order := srv.PlaceOrder(woofake.OrderLine{ProductID: cup, Quantity: 2})
	lastLook := clock.Advance(time.Hour)
	clock.Advance(time.Minute)
	srv.SetStock(mug, 9) // a hand edit saves the product
	srv.CancelOrder(order)
	st, _ := newStore(t, srv, woocommerce.Options{})

	got := bySKU(changedSince(t, st, lastLook).Items)
	if len(got) != 2 || got["MUG"].Qty != 9 || got["CUP"].Qty != 5 {
		t.Errorf("changed %+v, want MUG at 9 and CUP back at 5", got)
	}
}

func TestChangedSinceWithNothingNewKeepsTheCursor(t *testing.T) {
	srv, clock := newShop(t, nil)
	srv.AddSimple("MUG", 5)
	lastLook := clock.Advance(time.Hour)
	st, _ := newStore(t, srv, woocommerce.Options{})

	ch := changedSince(t, st, lastLook)
	if len(ch.Items) != 0 || !ch.Next.Equal(lastLook) || ch.APICalls != 2 {
		t.Errorf("changes %+v, want none, the same cursor, and 2 calls (orders, products)", ch)
	}
}

func TestChangedSinceReportsASoldProductNoLongerTracked(t *testing.T) {
	srv, clock := newShop(t, nil)
	mug := srv.AddSimple("MUG", 5)
	lastLook := clock.Advance(time.Hour)
	clock.Advance(time.Minute)
	srv.PlaceOrder(woofake.OrderLine{ProductID: mug, Quantity: 1})
	srv.SetManageStock(mug, false)
	st, _ := newStore(t, srv, woocommerce.Options{})

	ch := changedSince(t, st, lastLook)
	if len(ch.Items) != 0 || len(ch.NotTracked) != 1 || ch.NotTracked[0].SKU != "MUG" {
		t.Errorf("changes %+v, want MUG among the not tracked", ch)
	}
}

// WooCommerce before 5.8 ignores modified_after and lists old orders: that
// is said, not read as "everything changed".
func TestChangedSinceRefusesASiteThatCannotFilterOrders(t *testing.T) {
	srv, clock := newShop(t, nil)
	lastLook := clock.Advance(48 * time.Hour)
	srv.Inject(woofake.Fault{PathContains: "/orders", Body: `[{"id":7,"date_modified_gmt":"2020-01-01T00:00:00","line_items":[]}]`})
	st, _ := newStore(t, srv, woocommerce.Options{})

	_, err := st.ChangedSince(context.Background(), lastLook)
	if err == nil || !strings.Contains(err.Error(), "5.8") {
		t.Fatalf("err = %v, want the WooCommerce version named", err)
	}
}
