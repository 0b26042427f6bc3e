package sim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"sync"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/connector/shopify"
	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/inventory"
)

// StoreSide is a simulated store: the platform's own state, which outlives
// any ShelfSync process, and a way to open a fresh connector to it.
type StoreSide interface {
	Name() string
	// Open builds the connector a run uses, as a new process would.
	Open() (connector.Store, error)
	// Add lists a store SKU with a quantity (twice makes a duplicate).
	Add(storeSKU string, qty int)
	// Listings counts each store SKU's listings.
	Listings() map[string]int
	// Actual is what the store holds for a store SKU now.
	Actual(storeSKU string) (int, bool)
	// Sell changes a listing's quantity in the store itself (a sale, a
	// hand edit) by delta, never below 0. It returns false where the
	// simulated store cannot do it or ShelfSync's connector cannot say
	// what changed in the store (no drift check to exercise).
	Sell(storeSKU string, delta int) bool
	CreatesListings() bool
	// setHTTPFaultRate turns the platform's network faults on or off.
	setHTTPFaultRate(r float64)
	injected() string
	Close()
}

// memStore is an in-process store with small batches, so a crash can fall
// between batches, and optionally creating listings like the demo store.
type memStore struct {
	mu       sync.Mutex
	qty      map[string]int
	listings map[string]int
	creates  bool
	maxBatch int
	// changed is when each listing's quantity last changed, on the
	// world's clock (now), for ChangedSince.
	changed map[string]time.Time
	now     func() time.Time
}

var _ connector.StoreChangeReader = (*memStore)(nil)

func newMemStore(rng *rand.Rand) *memStore {
	return &memStore{qty: map[string]int{}, listings: map[string]int{}, creates: rng.IntN(3) == 0, maxBatch: 1 + rng.IntN(4),
		changed: map[string]time.Time{}, now: time.Now}
}

func (s *memStore) Name() string {
	return fmt.Sprintf("memory store (batches of %d, creates listings %v)", s.maxBatch, s.creates)
}
func (s *memStore) Open() (connector.Store, error) { return s, nil }
func (s *memStore) CreatesListings() bool          { return s.creates }
func (s *memStore) setHTTPFaultRate(float64)       {}
func (s *memStore) injected() string               { return "" }
func (s *memStore) Close()                         {}

func (s *memStore) Add(sku string, qty int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listings[sku]++
	s.qty[sku] = qty
}

func (s *memStore) Listings() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.listings))
	for k, v := range s.listings {
		out[k] = v
	}
	return out
}

func (s *memStore) Sell(sku string, delta int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listings[sku] != 1 {
		return false
	}
	s.qty[sku] = max(0, s.qty[sku]+delta)
	s.changed[sku] = s.now()
	return true
}

// ChangedSince returns the listings whose quantity changed at or after
// since, by anyone, as a platform's change filter does.
func (s *memStore) ChangedSince(ctx context.Context, since time.Time) (connector.StoreChanges, error) {
	if err := ctx.Err(); err != nil {
		return connector.StoreChanges{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := connector.StoreChanges{Next: s.now(), APICalls: 1}
	for sku, at := range s.changed {
		if !at.Before(since) && s.listings[sku] == 1 {
			out.Items = append(out.Items, inventory.StoreItem{SKU: sku, Name: "Listing " + sku, Qty: s.qty[sku], Ref: "mem-" + sku})
		}
	}
	sort.Slice(out.Items, func(i, j int) bool { return out.Items[i].SKU < out.Items[j].SKU })
	return out, nil
}

func (s *memStore) Actual(sku string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.qty[sku]
	return q, ok
}

func (s *memStore) Capabilities() connector.StoreCapabilities {
	return connector.StoreCapabilities{MaxBatch: s.maxBatch, CreatesListings: s.creates}
}

func (s *memStore) ReadIndex(ctx context.Context) (connector.StoreIndex, error) {
	if err := ctx.Err(); err != nil {
		return connector.StoreIndex{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := connector.StoreIndex{APICalls: 1}
	for sku, n := range s.listings {
		if n > 1 {
			idx.Duplicates = append(idx.Duplicates, sku)
			continue
		}
		idx.Items = append(idx.Items, inventory.StoreItem{SKU: sku, Name: "Listing " + sku, Qty: s.qty[sku], Ref: "mem-" + sku})
	}
	sort.Slice(idx.Items, func(i, j int) bool { return idx.Items[i].SKU < idx.Items[j].SKU })
	sort.Strings(idx.Duplicates)
	return idx, nil
}

func (s *memStore) Push(ctx context.Context, batch []inventory.Push, _ connector.PushMeta) (connector.PushBatchResult, error) {
	if err := ctx.Err(); err != nil {
		return connector.PushBatchResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res := connector.PushBatchResult{APICalls: 1}
	for _, p := range batch {
		sku := p.StoreSKU
		if sku == "" {
			sku = p.SKU
		}
		switch n := s.listings[sku]; {
		case n > 1:
			res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, Error: "SKU is listed twice"})
			continue
		case n == 0 && !s.creates:
			res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, Error: "no such listing"})
			continue
		case n == 0:
			s.listings[sku] = 1
		}
		s.qty[sku] = p.To
		s.changed[sku] = s.now()
		res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, OK: true, StoreQty: p.To, Ref: "mem-" + sku})
	}
	return res, nil
}

func (s *memStore) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{Summary: "memory store"}, nil
}

// shopifySide is the real Shopify connector against shopifyfake, with the
// network faults injected between them and no real waiting.
type shopifySide struct {
	fake       *shopifyfake.Fake
	clock      *shopifyfake.VirtualClock
	faults     *faultTransport
	maxRetries int
}

func newShopifySide(rng *rand.Rand) *shopifySide {
	clock := shopifyfake.NewVirtualClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	return &shopifySide{
		fake:       shopifyfake.New(shopifyfake.Options{Clock: clock}),
		clock:      clock,
		faults:     newFaultTransport(rand.New(rand.NewPCG(rng.Uint64(), 1)), `{"data":{"productVariants":{"nodes":[{"id":`),
		maxRetries: 1 + rng.IntN(4),
	}
}

func (s *shopifySide) Name() string {
	return fmt.Sprintf("Shopify connector against shopifyfake (%d retries)", s.maxRetries)
}

func (s *shopifySide) Open() (connector.Store, error) {
	cfg := connector.Config{Kind: "shopify", Settings: map[string]string{shopify.SettingShop: s.fake.URL()}, Secrets: map[string]string{shopify.SecretToken: s.fake.Token()}}
	return shopify.NewWithOptions(cfg, shopify.Options{Now: s.clock.Now, Sleep: s.clock.Sleep,
		HTTP: shopifyHTTP(s.faults, s.maxRetries)})
}

func (s *shopifySide) Add(sku string, qty int)       { s.fake.AddVariant(sku, qty) }
func (s *shopifySide) Actual(sku string) (int, bool) { return s.fake.Available(sku) }
func (s *shopifySide) CreatesListings() bool         { return false }

// Sell is not simulated: the Shopify connector cannot yet say what changed
// in the store, so a Smart Sync could not find it.
func (s *shopifySide) Sell(string, int) bool      { return false }
func (s *shopifySide) setHTTPFaultRate(r float64) { s.faults.setRate(r) }
func (s *shopifySide) injected() string           { return s.faults.injected() }
func (s *shopifySide) Close()                     { s.fake.Close() }
func (s *shopifySide) Listings() map[string]int   { return countSKUs(s.fake.SKUs()) }
func shopifyHTTP(t *faultTransport, retries int) httpx.Options {
	return httpx.Options{Transport: t, MaxRetries: retries}
}

func countSKUs(skus []string) map[string]int {
	out := map[string]int{}
	for _, s := range skus {
		out[s]++
	}
	return out
}

// wooSide is the real WooCommerce connector against woofake, through a
// proxy that injects the network faults (the connector takes no transport).
type wooSide struct {
	fake       *woofake.Server
	proxy      *httptest.Server
	faults     *faultTransport
	maxRetries int

	mu  sync.Mutex
	ids map[string][]int64
}

func newWooSide(rng *rand.Rand, now func() time.Time) *wooSide {
	s := &wooSide{
		fake:       woofake.New(woofake.Options{Now: now}),
		faults:     newFaultTransport(rand.New(rand.NewPCG(rng.Uint64(), 2)), `[{"id":101,"sku":"A","stock_quan`),
		maxRetries: 1 + rng.IntN(4),
		ids:        map[string][]int64{},
	}
	target, _ := url.Parse(s.fake.URL) // httptest's own URL always parses
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = s.faults
	rp.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, err error) {
		http.Error(w, "bad gateway: "+err.Error(), http.StatusBadGateway)
	}
	s.proxy = httptest.NewServer(rp)
	return s
}

func (s *wooSide) Name() string {
	return fmt.Sprintf("WooCommerce connector against woofake (%d retries)", s.maxRetries)
}

func (s *wooSide) Open() (connector.Store, error) {
	cfg := connector.Config{Kind: "woocommerce", Settings: map[string]string{woocommerce.SettingURL: s.proxy.URL},
		Secrets: map[string]string{woocommerce.SecretKey: s.fake.Key(), woocommerce.SecretSecret: s.fake.Secret()}}
	return woocommerce.NewWithOptions(cfg, woocommerce.Options{MaxRetries: s.maxRetries,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
}

func (s *wooSide) Add(sku string, qty int) {
	id := s.fake.AddSimple(sku, qty)
	s.mu.Lock()
	s.ids[sku] = append(s.ids[sku], id)
	s.mu.Unlock()
}

func (s *wooSide) Listings() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for sku, ids := range s.ids {
		out[sku] = len(ids)
	}
	return out
}

func (s *wooSide) Actual(sku string) (int, bool) {
	s.mu.Lock()
	ids := s.ids[sku]
	s.mu.Unlock()
	if len(ids) == 0 {
		return 0, false
	}
	return s.fake.Stock(ids[0])
}

func (s *wooSide) CreatesListings() bool { return false }

// Sell is a customer's order (which moves stock without touching the
// product's date_modified, as core WooCommerce does) or, upwards, a hand
// edit in the admin; the connector finds both through ChangedSince.
func (s *wooSide) Sell(sku string, delta int) bool {
	s.mu.Lock()
	ids := s.ids[sku]
	s.mu.Unlock()
	if len(ids) != 1 {
		return false
	}
	q, ok := s.fake.Stock(ids[0])
	if !ok {
		return false
	}
	if delta > 0 {
		s.fake.SetStock(ids[0], q+delta)
		return true
	}
	if sold := min(-delta, q); sold > 0 {
		s.fake.PlaceOrder(woofake.OrderLine{ProductID: ids[0], Quantity: sold})
		return true
	}
	return false
}
func (s *wooSide) setHTTPFaultRate(r float64) { s.faults.setRate(r) }
func (s *wooSide) injected() string           { return s.faults.injected() }
func (s *wooSide) Close()                     { s.proxy.Close(); s.fake.Close() }

// errBatchTimeout stands for a batch write that timed out before the store
// took it.
var errBatchTimeout = errors.New("the store did not answer in time")

// faultyStore wraps any store with the faults a connector reports rather
// than the network: a whole batch refused, some items failing, a batch the
// store applied whose answer was lost, and the world's crash hooks.
type faultyStore struct {
	inner connector.Store
	w     *World
}

func (f *faultyStore) Capabilities() connector.StoreCapabilities { return f.inner.Capabilities() }

func (f *faultyStore) Test(ctx context.Context) (connector.TestResult, error) {
	return f.inner.Test(ctx)
}

func (f *faultyStore) ReadIndex(ctx context.Context) (connector.StoreIndex, error) {
	if f.w.roll("store index read fails") {
		return connector.StoreIndex{APICalls: 1}, fmt.Errorf("read products page 1: %w", connector.ErrUnavailable)
	}
	return f.inner.ReadIndex(ctx)
}

// ChangedSince passes the store's change filter through, failing now and
// then like any read (the drift check then waits for the next sync).
func (f *faultyStore) ChangedSince(ctx context.Context, since time.Time) (connector.StoreChanges, error) {
	r, ok := f.inner.(connector.StoreChangeReader)
	if !ok {
		return connector.StoreChanges{}, connector.ErrUnsupported
	}
	if f.w.roll("what-changed read fails") {
		return connector.StoreChanges{APICalls: 1}, fmt.Errorf("read what changed: %w", connector.ErrUnavailable)
	}
	return r.ChangedSince(ctx, since)
}

func (f *faultyStore) Push(ctx context.Context, batch []inventory.Push, meta connector.PushMeta) (connector.PushBatchResult, error) {
	f.w.enterPush(meta.RunID)
	defer f.w.leavePush()
	f.w.atPoint(pointBeforeBatch)
	if err := ctx.Err(); err != nil {
		return connector.PushBatchResult{}, err
	}
	switch {
	case f.w.roll("batch refused"):
		return connector.PushBatchResult{APICalls: 1}, fmt.Errorf("write batch: %w", errBatchTimeout)
	case f.w.roll("batch applied, answer lost"):
		res, err := f.inner.Push(ctx, batch, meta)
		f.w.atPoint(pointAfterApply)
		if err != nil {
			return res, err
		}
		return connector.PushBatchResult{APICalls: res.APICalls}, fmt.Errorf("write batch: the connection dropped before the answer: %w", connector.ErrUnavailable)
	}
	// Some items refused by the store: they are left out of the write.
	var send []inventory.Push
	var refused []connector.PushResult
	for _, p := range batch {
		if f.w.roll("item refused") {
			refused = append(refused, connector.PushResult{SKU: p.SKU, Error: "the store refused SKU " + p.StoreSKU + " (simulated)"})
			continue
		}
		send = append(send, p)
	}
	res := connector.PushBatchResult{}
	if len(send) > 0 {
		var err error
		res, err = f.inner.Push(ctx, send, meta)
		f.w.atPoint(pointAfterApply)
		if err != nil {
			return res, err
		}
	}
	res.Results = append(res.Results, refused...)
	// An answer that leaves a SKU out: the engine must treat it as unconfirmed.
	if len(res.Results) > 0 && f.w.roll("answer leaves a SKU out") {
		res.Results = res.Results[1:]
	}
	return res, nil
}
