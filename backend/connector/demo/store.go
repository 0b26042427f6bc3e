package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

// listing is one SKU in the demo store.
type listing struct {
	SKU  string `json:"sku"`
	Name string `json:"name"`
	Qty  int    `json:"qty"`
	// Untracked is a listing whose stock the store does not count, as a
	// merchant sets in a real store's admin (edit the file to try it).
	Untracked bool `json:"untracked,omitempty"`
	// Stock is the quantity at each location but the main shop (Qty).
	Stock map[string]int `json:"stock,omitempty"`
}

// storeFile is <ConnectionID>-store.json.
type storeFile struct {
	Listings []listing `json:"listings"`
}

// storeOnly are the prefilled store's listings the warehouse never had:
// gift cards, a bundle, a retired colour. They show up as unmapped.
var storeOnly = []listing{
	{SKU: "GIFT-CARD-25", Name: "Gift Card · $25", Qty: 999},
	{SKU: "GIFT-CARD-50", Name: "Gift Card · $50", Qty: 999},
	{SKU: "BNDL-CNDL-TRIO", Name: "Candle Trio Bundle", Qty: 12},
	{SKU: "MYSTERY-BOX", Name: "Mystery Box", Qty: 30},
	{SKU: "TEE-ORG-PNK-M", Name: "Organic Cotton Tee · Pink · M (retired)", Qty: 3},
}

// Store is the demo store: listings in one JSON file per connection. It
// creates a listing the first time a SKU is set, can be slowed down
// (latencyMs) and can refuse chosen SKUs (failSkus).
type Store struct {
	path          string
	warehousePath string
	maxBatch      int
	latency       time.Duration
	fail          map[string]bool
}

var _ connector.Store = (*Store)(nil)

// NewStore opens the connection's demo store, creating its file the first
// time: empty, or with prefill "true" holding listings for most of the
// warehouse's SKUs (several with stale quantities) and a few store-only
// SKUs. The prefill copies the connection's demo warehouse file when it
// exists, and otherwise the catalogue its seed and skus settings describe.
func NewStore(cfg connector.Config, now func() time.Time) (*Store, error) {
	if err := checkDataDir(cfg); err != nil {
		return nil, err
	}
	maxBatch, err := intSetting(cfg, SettingMaxBatch, DefaultMaxBatch, 1, 10_000)
	if err != nil {
		return nil, err
	}
	latency, err := latencySetting(cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{
		path:          storePath(cfg.DataDir, cfg.ConnectionID),
		warehousePath: warehousePath(cfg.DataDir, cfg.ConnectionID),
		maxBatch:      maxBatch,
		latency:       latency,
		fail:          map[string]bool{},
	}
	for _, sku := range strings.Split(cfg.Setting(SettingFailSKUs, ""), ",") {
		if sku = strings.TrimSpace(sku); sku != "" {
			s.fail[sku] = true
		}
	}

	unlock := lockFile(s.path)
	defer unlock()
	var f storeFile
	found, err := readJSON(s.path, &f)
	if err != nil {
		return nil, fmt.Errorf("open the demo store: %w", err)
	}
	if found {
		return s, nil
	}
	if cfg.Setting(SettingPrefill, "") == "true" {
		items, err := s.prefillSource(cfg, now)
		if err != nil {
			return nil, err
		}
		seed, _ := seedSetting(cfg) // validated in prefillSource
		f.Listings = prefill(items, seed)
	}
	if err := s.save(&f); err != nil {
		return nil, fmt.Errorf("create the demo store: %w", err)
	}
	return s, nil
}

// prefillSource is what the prefilled store copies: the warehouse file, or
// the catalogue the settings describe when there is none yet.
func (s *Store) prefillSource(cfg connector.Config, now func() time.Time) ([]item, error) {
	seed, err := seedSetting(cfg)
	if err != nil {
		return nil, err
	}
	unlock := lockFile(s.warehousePath)
	defer unlock()
	var wf warehouseFile
	found, err := readJSON(s.warehousePath, &wf)
	if err != nil {
		return nil, fmt.Errorf("prefill the demo store: %w", err)
	}
	if found && len(wf.Items) > 0 {
		return wf.Items, nil
	}
	skus, err := intSetting(cfg, SettingSKUs, DefaultSKUs, 1, maxSKUs)
	if err != nil {
		return nil, err
	}
	return initialItems(seed, skus, now().UTC()), nil
}

// prefill lists about nine in ten warehouse SKUs (always the first), about
// one in eight of them with a stale quantity, plus the store-only SKUs.
func prefill(items []item, seed int64) []listing {
	rng := newRand(seed, 0x5707E)
	out := make([]listing, 0, len(items)+len(storeOnly))
	for i, it := range items {
		if i > 0 && rng.IntN(10) == 0 {
			continue // warehouse-only: the first push creates it
		}
		qty := it.Qty
		if rng.IntN(8) == 0 {
			qty = max(0, qty+[]int{-1, 1}[rng.IntN(2)]*(1+rng.IntN(15)))
			if qty == it.Qty {
				qty++
			}
		}
		out = append(out, listing{SKU: it.SKU, Name: it.Name, Qty: qty})
	}
	return append(out, storeOnly...)
}

// Capabilities: batches of maxBatch, and listings created on first write.
func (s *Store) Capabilities() connector.StoreCapabilities {
	return connector.StoreCapabilities{MaxBatch: s.maxBatch, CreatesListings: true}
}

// ReadIndex returns every listing, with Ref "demo:<SKU>".
func (s *Store) ReadIndex(ctx context.Context) (connector.StoreIndex, error) {
	if err := ctx.Err(); err != nil {
		return connector.StoreIndex{}, err
	}
	unlock := lockFile(s.path)
	defer unlock()
	f, err := s.load()
	if err != nil {
		return connector.StoreIndex{}, err
	}
	idx := connector.StoreIndex{APICalls: 1, Items: make([]inventory.StoreItem, 0, len(f.Listings))}
	for _, l := range f.Listings {
		it := inventory.StoreItem{SKU: l.SKU, Name: l.Name, Qty: l.Qty, Ref: ref(l.SKU), Locations: l.locations()}
		if l.Untracked {
			it.Untracked = true
			idx.NotTracked = append(idx.NotTracked, it)
			continue
		}
		idx.Items = append(idx.Items, it)
	}
	return idx, nil
}

// Push sets quantities, creating listings for SKUs the store lacks. A
// failSkus SKU is refused in its result; a listing that does not track
// stock keeps no quantity (PushResult.NotTracked) unless the merchant
// turned tracking on (PushMeta.TurnOnTracking); the others are written
// and the file saved before Push returns.
func (s *Store) Push(ctx context.Context, batch []inventory.Push, meta connector.PushMeta) (connector.PushBatchResult, error) {
	if len(batch) > s.maxBatch {
		return connector.PushBatchResult{}, fmt.Errorf("demo store takes at most %d SKUs per call, got %d", s.maxBatch, len(batch))
	}
	if err := s.wait(ctx); err != nil {
		return connector.PushBatchResult{}, fmt.Errorf("demo store push: %w", err)
	}
	unlock := lockFile(s.path)
	defer unlock()
	f, err := s.load()
	if err != nil {
		return connector.PushBatchResult{}, err
	}
	at := make(map[string]int, len(f.Listings))
	for i, l := range f.Listings {
		at[l.SKU] = i
	}
	var names map[string]string // loaded only if a listing is created
	res := connector.PushBatchResult{APICalls: 1, Results: make([]connector.PushResult, 0, len(batch))}
	for _, p := range batch {
		sku := p.StoreSKU
		if sku == "" {
			sku = p.SKU
		}
		if s.fail[sku] {
			res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, Location: p.Location,
				Error: fmt.Sprintf("Demo store rejected the update for SKU %s (simulated failure)", sku)})
			continue
		}
		if p.To < 0 {
			res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, Location: p.Location,
				Error: fmt.Sprintf("Demo store refused quantity %d for SKU %s: quantities cannot be negative", p.To, sku)})
			continue
		}
		if _, known := (&listing{}).stockAt(p.Location); !known {
			res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, Location: p.Location,
				Error: fmt.Sprintf("The demo store has no location %q; it has the main shop and the pop-up store", p.Location)})
			continue
		}
		i, ok := at[sku]
		if ok && f.Listings[i].Untracked {
			if !meta.TurnOnTracking {
				res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, Location: p.Location, NotTracked: true,
					Error: fmt.Sprintf("The demo store does not track stock for SKU %s, so it kept no quantity; turn on stock tracking for it", sku)})
				continue
			}
			f.Listings[i].Untracked = false
		}
		if !ok {
			name := p.Name
			if name == "" {
				if names == nil {
					names = s.warehouseNames()
				}
				name = names[sku]
			}
			if name == "" {
				name = sku
			}
			f.Listings = append(f.Listings, listing{SKU: sku, Name: name})
			i = len(f.Listings) - 1
			at[sku] = i
		}
		r := connector.PushResult{SKU: p.SKU, Location: p.Location, OK: true, StoreQty: p.To, Ref: ref(sku)}
		if was, _ := f.Listings[i].stockAt(p.Location); ok && p.FromKnown && was != p.From {
			r.Seen = &was // the store moved it since ShelfSync's read
		}
		f.Listings[i].setStockAt(p.Location, p.To)
		res.Results = append(res.Results, r)
	}
	if err := s.save(f); err != nil {
		// Nothing is known written: the caller retries the whole batch.
		return connector.PushBatchResult{}, err
	}
	return res, nil
}

// Test reports how many listings the store holds.
func (s *Store) Test(ctx context.Context) (connector.TestResult, error) {
	if err := ctx.Err(); err != nil {
		return connector.TestResult{}, err
	}
	unlock := lockFile(s.path)
	defer unlock()
	f, err := s.load()
	if err != nil {
		return connector.TestResult{}, err
	}
	res := connector.TestResult{Count: len(f.Listings)}
	if len(f.Listings) == 0 {
		res.Summary = "Demo store: no listings yet; the first sync creates one for every warehouse SKU"
		return res, nil
	}
	for _, l := range f.Listings[:min(3, len(f.Listings))] {
		res.Sample = append(res.Sample, l.SKU)
	}
	res.Summary = fmt.Sprintf("Demo store: %d listings, e.g. %s", len(f.Listings), res.Sample[0])
	return res, nil
}

// Qty is the store's quantity for a SKU; false when it has no listing.
func (s *Store) Qty(sku string) (int, bool) {
	unlock := lockFile(s.path)
	defer unlock()
	f, err := s.load()
	if err != nil {
		return 0, false
	}
	for _, l := range f.Listings {
		if l.SKU == sku {
			return l.Qty, true
		}
	}
	return 0, false
}

// wait is the simulated network time of one call; it ends early, with the
// context's error, when the run is cancelled.
func (s *Store) wait(ctx context.Context) error {
	if s.latency <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(s.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// warehouseNames maps SKU to product name from the connection's demo
// warehouse file, so created listings get proper titles.
func (s *Store) warehouseNames() map[string]string {
	unlock := lockFile(s.warehousePath)
	defer unlock()
	var wf warehouseFile
	names := map[string]string{}
	if found, err := readJSON(s.warehousePath, &wf); err != nil || !found {
		return names
	}
	for _, it := range wf.Items {
		names[it.SKU] = it.Name
	}
	return names
}

func (s *Store) load() (*storeFile, error) {
	var f storeFile
	found, err := readJSON(s.path, &f)
	if err != nil {
		return nil, fmt.Errorf("read the demo store: %w", err)
	}
	if !found {
		return nil, fmt.Errorf("the demo store file %s is missing; test the connection again to recreate it", s.path)
	}
	return &f, nil
}

func (s *Store) save(f *storeFile) error {
	sort.Slice(f.Listings, func(i, j int) bool { return f.Listings[i].SKU < f.Listings[j].SKU })
	if err := writeJSON(s.path, f); err != nil {
		return fmt.Errorf("save the demo store: %w", err)
	}
	return nil
}

func ref(sku string) string { return "demo:" + sku }
