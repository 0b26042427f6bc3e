package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

// skuName is the i-th SKU of a generated catalogue; zero-padded so the
// SKUs sort in generation order, as most real catalogues roughly do.
func skuName(i int) string { return fmt.Sprintf("SKU-%07d", i) }

// catalogue is a generated warehouse: n SKUs with quantities that differ
// from the store's so a Full Sync really writes every one.
type catalogue struct {
	mu    sync.Mutex
	items []inventory.WarehouseItem
}

func newCatalogue(n int, at time.Time) *catalogue {
	c := &catalogue{items: make([]inventory.WarehouseItem, n)}
	for i := range n {
		c.items[i] = inventory.WarehouseItem{SKU: skuName(i), Name: "Product " + skuName(i), Qty: warehouseQty(i), UpdatedAt: at}
	}
	return c
}

func warehouseQty(i int) int { return 10 + i%97 }

// storeQty is what the store shows before the first sync.
func storeQty(i int) int { return i % 50 }

// change moves the quantity of every stride-th SKU, starting at offset, and
// stamps it with at, as sales and deliveries would. It returns how many
// SKUs it changed.
func (c *catalogue) change(stride, offset int, at time.Time) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for i := offset; i < len(c.items); i += stride {
		c.items[i].Qty++
		c.items[i].UpdatedAt = at
		n++
	}
	return n
}

// ReadItems filters by change time like a 3PL API that can: a Smart Sync
// gets only what changed since the watermark.
func (c *catalogue) ReadItems(_ context.Context, since time.Time) (connector.WarehouseRead, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if since.IsZero() {
		return connector.WarehouseRead{Items: append([]inventory.WarehouseItem(nil), c.items...), Complete: true, APICalls: 1}, nil
	}
	read := connector.WarehouseRead{APICalls: 1}
	for _, it := range c.items {
		if !it.UpdatedAt.Before(since) {
			read.Items = append(read.Items, it)
		}
	}
	return read, nil
}

func (c *catalogue) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{Summary: "in-memory bench warehouse", Count: len(c.items)}, nil
}

// memStore is the local world's store: no latency, no limits, Shopify's
// batch size so call counts compare with the rate-limited world.
type memStore struct {
	mu     sync.Mutex
	qty    map[string]int
	order  []string
	reads  int
	writes int
}

func newMemStore(n int) *memStore {
	s := &memStore{qty: make(map[string]int, n), order: make([]string, n)}
	for i := range n {
		s.order[i] = skuName(i)
		s.qty[s.order[i]] = storeQty(i)
	}
	return s
}

func (s *memStore) Capabilities() connector.StoreCapabilities {
	return connector.StoreCapabilities{MaxBatch: shopifyMaxBatch}
}

func (s *memStore) ReadIndex(context.Context) (connector.StoreIndex, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	idx := connector.StoreIndex{Items: make([]inventory.StoreItem, len(s.order)), APICalls: 1}
	for i, sku := range s.order {
		idx.Items[i] = inventory.StoreItem{SKU: sku, Qty: s.qty[sku], Ref: "ref-" + sku}
	}
	return idx, nil
}

func (s *memStore) Push(_ context.Context, batch []inventory.Push, _ connector.PushMeta) (connector.PushBatchResult, error) {
	if len(batch) > shopifyMaxBatch {
		return connector.PushBatchResult{}, fmt.Errorf("a batch of %d is over the store's maximum of %d", len(batch), shopifyMaxBatch)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	res := connector.PushBatchResult{Results: make([]connector.PushResult, len(batch)), APICalls: 1}
	for i, p := range batch {
		s.qty[p.StoreSKU] = p.To
		res.Results[i] = connector.PushResult{SKU: p.SKU, OK: true, StoreQty: p.To}
	}
	return res, nil
}

func (s *memStore) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{Summary: "in-memory bench store", Count: len(s.order)}, nil
}

func (s *memStore) counts() (reads, writes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads, s.writes
}

// mismatches counts SKUs whose store quantity is not the warehouse's: a
// bench whose syncs leave any is measuring the wrong thing.
func mismatches(c *catalogue, storeQty func(sku string) (int, bool)) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	bad := 0
	for _, it := range c.items {
		if q, ok := storeQty(it.SKU); !ok || q != it.Qty {
			bad++
		}
	}
	return bad
}
