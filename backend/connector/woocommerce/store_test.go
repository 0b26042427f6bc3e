package woocommerce_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/inventory"
)

// sleeps records the waits the client asked for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

func newFake(t *testing.T, opts woofake.Options) *woofake.Server {
	t.Helper()
	srv := woofake.New(opts)
	t.Cleanup(srv.Close)
	return srv
}

func newStore(t *testing.T, srv *woofake.Server, o woocommerce.Options) (*woocommerce.Store, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	if o.Sleep == nil {
		o.Sleep = sl.sleep
	}
	st, err := woocommerce.NewWithOptions(connector.Config{
		Kind:     woocommerce.Kind,
		Settings: map[string]string{woocommerce.SettingURL: srv.URL},
		Secrets:  map[string]string{woocommerce.SecretKey: srv.Key(), woocommerce.SecretSecret: srv.Secret()},
	}, o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return st, sl
}

func qty(n int) *int { return &n }

func bySKU(items []inventory.StoreItem) map[string]inventory.StoreItem {
	m := map[string]inventory.StoreItem{}
	for _, it := range items {
		m[it.SKU] = it
	}
	return m
}

func TestReadIndexPagesThroughEveryProduct(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	for i := range 250 {
		srv.AddSimple(fmt.Sprintf("SKU-%03d", i), i)
	}
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Items) != 250 {
		t.Fatalf("read %d items, want 250", len(idx.Items))
	}
	if got := bySKU(idx.Items)["SKU-249"]; got.Qty != 249 || got.Ref == "" || got.ParentRef != "" {
		t.Errorf("SKU-249 = %+v", got)
	}
	if idx.APICalls != 3 || srv.Reads() != 3 {
		t.Errorf("APICalls = %d, fake reads = %d; want 3 pages of 100", idx.APICalls, srv.Reads())
	}
	for _, r := range srv.Requests() {
		if !strings.Contains(r, "per_page=100") {
			t.Errorf("request %q does not ask for 100 per page", r)
		}
	}
}

func TestReadIndexReadsVariationsAndSkipsUntrackedItems(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.Add(woofake.Product{SKU: "NOT-TRACKED", ManageStock: false})
	srv.Add(woofake.Product{Type: "grouped", SKU: "GROUP"})
	shirt := srv.Add(woofake.Product{Type: "variable", SKU: "SHIRT"})
	for i := range 150 {
		srv.Add(woofake.Product{ParentID: shirt, SKU: fmt.Sprintf("SHIRT-%03d", i), ManageStock: true, StockQuantity: qty(i)})
	}
	srv.Add(woofake.Product{ParentID: shirt, SKU: "SHIRT-LOOSE"})
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := bySKU(idx.Items)
	if len(got) != 150 {
		t.Fatalf("read %d items, want the 150 tracked variations: %v", len(got), idx.Items)
	}
	for _, sku := range []string{"NOT-TRACKED", "GROUP", "SHIRT", "SHIRT-LOOSE"} {
		if _, ok := got[sku]; ok {
			t.Errorf("%s is not stock-managed but was indexed", sku)
		}
	}
	v := got["SHIRT-120"]
	if v.Qty != 120 || v.ParentRef != strconv.FormatInt(shirt, 10) || v.Ref == strconv.FormatInt(shirt, 10) {
		t.Errorf("SHIRT-120 = %+v, want qty 120 with parent %d", v, shirt)
	}
	// 1 product page + 2 variation pages.
	if idx.APICalls != 3 {
		t.Errorf("APICalls = %d, want 3", idx.APICalls)
	}
}

func TestVariationsUsingParentStockAreWrittenThroughTheParent(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	mug := srv.Add(woofake.Product{Type: "variable", SKU: "", ManageStock: true, StockQuantity: qty(9)})
	srv.Add(woofake.Product{ParentID: mug, SKU: "MUG-RED", StockFromParent: true})
	srv.Add(woofake.Product{ParentID: mug, SKU: "MUG-BLUE", StockFromParent: true})
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := bySKU(idx.Items)
	parent := strconv.FormatInt(mug, 10)
	for _, sku := range []string{"MUG-RED", "MUG-BLUE"} {
		if it := got[sku]; it.Qty != 9 || it.Ref != parent || it.ParentRef != "" {
			t.Errorf("%s = %+v, want qty 9 on parent %s", sku, it, parent)
		}
	}

	res, err := st.Push(context.Background(), []inventory.Push{
		{SKU: "MUG-RED", Ref: parent, To: 4},
		{SKU: "MUG-BLUE", Ref: parent, To: 4},
	}, connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Results {
		if !r.OK || r.StoreQty != 4 {
			t.Errorf("%s: %+v", r.SKU, r)
		}
	}
	if q, _ := srv.Stock(mug); q != 4 {
		t.Errorf("parent stock = %d, want 4", q)
	}
	if srv.ItemsWritten() != 1 || res.APICalls != 1 {
		t.Errorf("items written %d in %d calls, want the parent once in 1 call", srv.ItemsWritten(), res.APICalls)
	}
}

func TestSharedParentStockAskedForTwoQuantitiesIsNotWritten(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	mug := srv.Add(woofake.Product{Type: "variable", ManageStock: true, StockQuantity: qty(9)})
	st, _ := newStore(t, srv, woocommerce.Options{})
	parent := strconv.FormatInt(mug, 10)

	res, err := st.Push(context.Background(), []inventory.Push{
		{SKU: "MUG-RED", Ref: parent, To: 4},
		{SKU: "MUG-BLUE", Ref: parent, To: 6},
	}, connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Results {
		if r.OK || !strings.Contains(r.Error, "share one stock quantity") {
			t.Errorf("%s: %+v, want a shared-stock failure", r.SKU, r)
		}
	}
	if q, _ := srv.Stock(mug); q != 9 || srv.Writes() != 0 {
		t.Errorf("parent stock %d after %d writes, want it untouched", q, srv.Writes())
	}
}

func TestReadIndexReportsDuplicateSKUsAndLeavesThemOut(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.AddSimple("TWICE", 1)
	srv.AddSimple("TWICE", 2)
	srv.AddSimple("ONCE", 3)
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Duplicates) != 1 || idx.Duplicates[0] != "TWICE" {
		t.Errorf("Duplicates = %v, want [TWICE]", idx.Duplicates)
	}
	if len(idx.Items) != 1 || idx.Items[0].SKU != "ONCE" {
		t.Errorf("Items = %v, want only ONCE", idx.Items)
	}
}

func TestReadIndexChangedSinceAsksOnlyForModifiedProducts(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	srv := newFake(t, woofake.Options{Now: func() time.Time { return now }})
	srv.Add(woofake.Product{SKU: "OLD", ManageStock: true, StockQuantity: qty(1), Modified: now.Add(-2 * time.Hour)})
	srv.Add(woofake.Product{SKU: "NEW", ManageStock: true, StockQuantity: qty(2), Modified: now.Add(-time.Minute)})
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndexChangedSince(context.Background(), now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Items) != 1 || idx.Items[0].SKU != "NEW" {
		t.Errorf("Items = %v, want only NEW", idx.Items)
	}
	if r := srv.Requests()[0]; !strings.Contains(r, "modified_after=") || !strings.Contains(r, "dates_are_gmt=true") {
		t.Errorf("request %q lacks the modified_after filter", r)
	}
}

func TestTestReportsTheProductCount(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	for i := range 12 {
		srv.AddSimple(fmt.Sprintf("S%d", i), 1)
	}
	st, _ := newStore(t, srv, woocommerce.Options{})

	res, err := st.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Count != 12 || !strings.Contains(res.Summary, "12 products") || len(res.Sample) != 5 {
		t.Errorf("Test = %+v", res)
	}
}

func TestNewRefusesMissingSecretsAndPlainHTTPToARemoteSite(t *testing.T) {
	cases := map[string]connector.Config{
		"no url":      {Secrets: map[string]string{"key": "ck", "secret": "cs"}},
		"no secret":   {Settings: map[string]string{"url": "https://shop.example.com"}, Secrets: map[string]string{"key": "ck"}},
		"remote http": {Settings: map[string]string{"url": "http://shop.example.com"}, Secrets: map[string]string{"key": "ck", "secret": "cs"}},
	}
	for name, cfg := range cases {
		if _, err := woocommerce.New(cfg); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
	if _, err := woocommerce.New(connector.Config{Settings: map[string]string{"url": "shop.example.com"}, Secrets: map[string]string{"key": "ck", "secret": "cs"}}); err != nil {
		t.Errorf("a bare host name should mean https: %v", err)
	}
}

func TestReadIndexWithoutPagingHeadersStopsAtTheFirstShortPage(t *testing.T) {
	srv := newFake(t, woofake.Options{OmitPagingHeaders: true})
	for i := range 200 {
		srv.AddSimple(fmt.Sprintf("SKU-%03d", i), i)
	}
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Two full pages, then an empty third one says the list has ended.
	if len(idx.Items) != 200 || idx.APICalls != 3 {
		t.Errorf("read %d items in %d calls, want 200 in 3", len(idx.Items), idx.APICalls)
	}
}
