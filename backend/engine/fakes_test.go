package engine

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// memWarehouse is an in-memory warehouse that can filter by change time.
type memWarehouse struct {
	mu      sync.Mutex
	items   map[string]inventory.WarehouseItem
	readErr error
	reads   []time.Time // the since of each read
}

func (w *memWarehouse) set(sku string, qty int, at time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items[sku] = inventory.WarehouseItem{SKU: sku, Name: "Product " + sku, Qty: qty, UpdatedAt: at}
}

func (w *memWarehouse) ReadItems(_ context.Context, since time.Time) (connector.WarehouseRead, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reads = append(w.reads, since)
	if w.readErr != nil {
		return connector.WarehouseRead{APICalls: 1}, w.readErr
	}
	read := connector.WarehouseRead{Complete: since.IsZero(), APICalls: 1}
	for _, it := range w.items {
		if since.IsZero() || !it.UpdatedAt.Before(since) {
			read.Items = append(read.Items, it)
		}
	}
	sort.Slice(read.Items, func(i, j int) bool { return read.Items[i].SKU < read.Items[j].SKU })
	return read, nil
}

func (w *memWarehouse) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{Summary: "ok"}, nil
}

// memStore is an in-memory store that creates listings and can refuse SKUs.
type memStore struct {
	mu       sync.Mutex
	qty      map[string]int
	failSKUs map[string]bool
	batchErr error
	// onPush runs before each batch, e.g. to cancel the run mid-way.
	onPush  func(batch int)
	batches [][]string
	maxSize int
}

func (s *memStore) Capabilities() connector.StoreCapabilities {
	return connector.StoreCapabilities{MaxBatch: s.maxSize, CreatesListings: true}
}

func (s *memStore) ReadIndex(context.Context) (connector.StoreIndex, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := connector.StoreIndex{APICalls: 1}
	for sku, q := range s.qty {
		idx.Items = append(idx.Items, inventory.StoreItem{SKU: sku, Qty: q, Ref: "ref-" + sku})
	}
	return idx, nil
}

func (s *memStore) Push(ctx context.Context, batch []inventory.Push, _ connector.PushMeta) (connector.PushBatchResult, error) {
	if s.onPush != nil {
		s.onPush(len(s.batches))
	}
	if err := ctx.Err(); err != nil {
		return connector.PushBatchResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res := connector.PushBatchResult{APICalls: 1}
	var skus []string
	for _, p := range batch {
		skus = append(skus, p.SKU)
	}
	s.batches = append(s.batches, skus)
	if s.batchErr != nil {
		return res, s.batchErr
	}
	for _, p := range batch {
		if s.failSKUs[p.StoreSKU] {
			res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, Error: fmt.Sprintf("SKU %s is locked", p.StoreSKU)})
			continue
		}
		s.qty[p.StoreSKU] = p.To
		res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, OK: true, StoreQty: p.To, Ref: "ref-" + p.StoreSKU})
	}
	return res, nil
}

func (s *memStore) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{Summary: "ok"}, nil
}

type staticConnectors struct {
	wh connector.Warehouse
	st connector.Store
}

func (c staticConnectors) Open(storage.Connection) (connector.Warehouse, connector.Store, error) {
	return c.wh, c.st, nil
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// testWorld is a database, a connection, both sides and an engine.
type testWorld struct {
	db     *storage.DB
	conn   storage.Connection
	wh     *memWarehouse
	store  *memStore
	clock  *fakeClock
	engine *Engine
}

func newTestWorld(t *testing.T) *testWorld {
	t.Helper()
	db, err := storage.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn := storage.Connection{Name: "Test", WarehouseKind: "mem", StoreKind: "mem", IntervalMinutes: 60, AutoMode: "smart"}
	if err := db.CreateConnection(&conn); err != nil {
		t.Fatal(err)
	}
	w := &testWorld{
		db: db, conn: conn,
		wh:    &memWarehouse{items: map[string]inventory.WarehouseItem{}},
		store: &memStore{qty: map[string]int{}, failSKUs: map[string]bool{}, maxSize: 250},
		clock: &fakeClock{t: time.Date(2020, 3, 2, 14, 0, 0, 0, time.UTC)},
	}
	w.engine = New(db, staticConnectors{w.wh, w.store}, Options{Now: w.clock.Now})
	return w
}

func (w *testWorld) sync(t *testing.T, mode inventory.Mode) storage.SyncRun {
	t.Helper()
	run, err := w.engine.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: mode, Trigger: types.TriggerManual})
	if err != nil {
		t.Fatalf("%s sync: %v", mode, err)
	}
	return run
}

func (w *testWorld) runItems(t *testing.T, run storage.SyncRun) map[string]storage.SyncRunItem {
	t.Helper()
	items, err := w.db.RunItems(run.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]storage.SyncRunItem{}
	for _, it := range items {
		out[it.SKU] = it
	}
	return out
}
