package sim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

// Warehouse is the simulated source of truth: quantities that change
// between syncs, stamped by a clock that may run a few minutes behind ours,
// read whole or incrementally, and reads that fail when faults are on.
type Warehouse struct {
	mu          sync.Mutex
	items       map[string]inventory.WarehouseItem
	incremental bool
	skew        time.Duration // the warehouse clock is this far behind ours
	now         func() time.Time
	rng         *rand.Rand
	faultRate   float64
	// beforeRead, if set, runs at the start of every read (the world uses
	// it to hold a run while a second one is asked for).
	beforeRead func()
}

func (w *Warehouse) stamp() time.Time { return w.now().Add(-w.skew) }

// Set changes one SKU's quantity, stamped with the warehouse's clock.
func (w *Warehouse) Set(sku string, qty int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items[sku] = inventory.WarehouseItem{SKU: sku, Name: "Product " + sku, Qty: qty, UpdatedAt: w.stamp()}
}

// Truth is every SKU's quantity now.
func (w *Warehouse) Truth() map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]int, len(w.items))
	for sku, it := range w.items {
		out[sku] = it.Qty
	}
	return out
}

func (w *Warehouse) setFaultRate(r float64) {
	w.mu.Lock()
	w.faultRate = r
	w.mu.Unlock()
}

// errReadTimeout stands for a warehouse that stopped answering.
var errReadTimeout = errors.New("the warehouse did not answer in time")

// ReadItems implements connector.Warehouse.
func (w *Warehouse) ReadItems(ctx context.Context, since time.Time) (connector.WarehouseRead, error) {
	w.mu.Lock()
	hook := w.beforeRead
	w.mu.Unlock()
	if hook != nil {
		hook()
	}
	if err := ctx.Err(); err != nil {
		return connector.WarehouseRead{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.faultRate > 0 && w.rng.Float64() < w.faultRate {
		switch w.rng.IntN(3) {
		case 0:
			return connector.WarehouseRead{APICalls: 1}, fmt.Errorf("read the warehouse: %w", errReadTimeout)
		case 1:
			return connector.WarehouseRead{APICalls: 1}, fmt.Errorf("read the warehouse: %w", connector.ErrUnavailable)
		default:
			return connector.WarehouseRead{APICalls: 1}, errors.New("read the warehouse: decode page 2: unexpected end of JSON input")
		}
	}
	incremental := w.incremental && !since.IsZero()
	read := connector.WarehouseRead{Complete: !incremental, APICalls: 1}
	for _, it := range w.items {
		if incremental && it.UpdatedAt.Before(since) {
			continue
		}
		read.Items = append(read.Items, it)
	}
	sort.Slice(read.Items, func(i, j int) bool { return read.Items[i].SKU < read.Items[j].SKU })
	return read, nil
}

// Test implements connector.Warehouse.
func (w *Warehouse) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{Summary: "simulated warehouse"}, nil
}
