package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

// item is one SKU as the demo files keep it.
type item struct {
	SKU       string    `json:"sku"`
	Name      string    `json:"name"`
	Qty       int       `json:"qty"`
	UpdatedAt time.Time `json:"updatedAt"`
	// Facilities is what each fulfillment center holds, once set per
	// facility (SetFacilityQty); until then Qty is split (facilities()).
	Facilities map[string]int `json:"facilities,omitempty"`
}

// warehouseFile is <ConnectionID>-warehouse.json.
type warehouseFile struct {
	Seed int64 `json:"seed"`
	SKUs int   `json:"skus"`
	// DriftedTo is the time up to which the drift has been applied.
	DriftedTo time.Time `json:"driftedTo"`
	Items     []item    `json:"items"`
}

// Warehouse is the demo warehouse: a seeded catalogue whose stock drifts as
// time passes, kept in one JSON file per connection.
type Warehouse struct {
	path string
	seed int64
	skus int
	now  func() time.Time
}

var _ connector.Warehouse = (*Warehouse)(nil)

// NewWarehouse opens the connection's demo warehouse, creating its file
// the first time (and afresh when the seed or size setting changed).
func NewWarehouse(cfg connector.Config, now func() time.Time) (*Warehouse, error) {
	if err := checkDataDir(cfg); err != nil {
		return nil, err
	}
	skus, err := intSetting(cfg, SettingSKUs, DefaultSKUs, 1, maxSKUs)
	if err != nil {
		return nil, err
	}
	seed, err := seedSetting(cfg)
	if err != nil {
		return nil, err
	}
	w := &Warehouse{path: warehousePath(cfg.DataDir, cfg.ConnectionID), seed: seed, skus: skus, now: now}
	unlock := lockFile(w.path)
	defer unlock()
	var f warehouseFile
	found, err := readJSON(w.path, &f)
	if err != nil {
		return nil, fmt.Errorf("open the demo warehouse: %w", err)
	}
	if found && f.Seed == seed && f.SKUs == skus && len(f.Items) > 0 {
		return w, nil
	}
	at := now().UTC()
	f = warehouseFile{Seed: seed, SKUs: skus, DriftedTo: at, Items: initialItems(seed, skus, at)}
	if err := writeJSON(w.path, &f); err != nil {
		return nil, fmt.Errorf("create the demo warehouse: %w", err)
	}
	return w, nil
}

// ReadItems applies the drift up to now and returns every item, or with a
// non-zero since only those changed at or after it.
func (w *Warehouse) ReadItems(ctx context.Context, since time.Time) (connector.WarehouseRead, error) {
	if err := ctx.Err(); err != nil {
		return connector.WarehouseRead{}, err
	}
	unlock := lockFile(w.path)
	defer unlock()
	f, err := w.loadAndDrift(w.now().UTC())
	if err != nil {
		return connector.WarehouseRead{}, err
	}
	read := connector.WarehouseRead{Complete: since.IsZero(), APICalls: 1}
	for _, it := range f.Items {
		if since.IsZero() || !it.UpdatedAt.Before(since) {
			read.Items = append(read.Items, inventory.WarehouseItem{SKU: it.SKU, Name: it.Name, Qty: it.Qty, UpdatedAt: it.UpdatedAt, Facilities: it.facilities()})
		}
	}
	sort.Slice(read.Items, func(i, j int) bool { return read.Items[i].SKU < read.Items[j].SKU })
	return read, nil
}

// SetQty sets one SKU's quantity as changed at at, for tests and scripted
// scenarios. The drift up to at happens first, so the file's history stays
// in time order.
func (w *Warehouse) SetQty(sku string, qty int, at time.Time) error {
	if qty < 0 {
		return fmt.Errorf("set %s to %d: a warehouse quantity cannot be negative", sku, qty)
	}
	unlock := lockFile(w.path)
	defer unlock()
	f, err := w.loadAndDrift(at.UTC())
	if err != nil {
		return err
	}
	for i := range f.Items {
		if f.Items[i].SKU == sku {
			f.Items[i].setQty(qty)
			f.Items[i].UpdatedAt = at.UTC()
			return w.save(f)
		}
	}
	return fmt.Errorf("the demo warehouse has no SKU %q; pick one from its catalogue, e.g. %s", sku, f.Items[0].SKU)
}

// Test reports the catalogue's size and first SKUs.
func (w *Warehouse) Test(ctx context.Context) (connector.TestResult, error) {
	if err := ctx.Err(); err != nil {
		return connector.TestResult{}, err
	}
	unlock := lockFile(w.path)
	defer unlock()
	f, err := w.load()
	if err != nil {
		return connector.TestResult{}, err
	}
	res := connector.TestResult{Count: len(f.Items)}
	for _, it := range f.Items[:min(3, len(f.Items))] {
		res.Sample = append(res.Sample, it.SKU)
	}
	res.Summary = fmt.Sprintf("Demo warehouse: %d SKUs, e.g. %s", len(f.Items), res.Sample[0])
	return res, nil
}

// loadAndDrift loads the file and moves it forward to at; callers hold the
// file lock. Nothing is written when at is not past the last drift.
func (w *Warehouse) loadAndDrift(at time.Time) (*warehouseFile, error) {
	f, err := w.load()
	if err != nil {
		return nil, err
	}
	if !at.After(f.DriftedTo) {
		return f, nil
	}
	applyDrift(f.Items, f.Seed, f.DriftedTo, at)
	f.DriftedTo = at
	if err := w.save(f); err != nil {
		return nil, err
	}
	return f, nil
}

func (w *Warehouse) load() (*warehouseFile, error) {
	var f warehouseFile
	found, err := readJSON(w.path, &f)
	if err != nil {
		return nil, fmt.Errorf("read the demo warehouse: %w", err)
	}
	if !found || len(f.Items) == 0 {
		return nil, fmt.Errorf("the demo warehouse file %s is missing or empty; test the connection again to recreate it", w.path)
	}
	return &f, nil
}

func (w *Warehouse) save(f *warehouseFile) error {
	if err := writeJSON(w.path, f); err != nil {
		return fmt.Errorf("save the demo warehouse: %w", err)
	}
	return nil
}
