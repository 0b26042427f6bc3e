package demo

import (
	"context"
	"fmt"
	"time"

	"shelfsync/backend/connector"
)

// The demo warehouse ships from two fulfillment centers and the demo store
// sells in two locations, so a location map can be tried without an
// account. With no map, every facility feeds the primary location, and the
// demo behaves as it did before it had either.
var (
	demoFacilities = []connector.Place{
		{ID: "east", Name: "East fulfillment center"},
		{ID: "west", Name: "West fulfillment center"},
	}
	demoLocations = []connector.Place{
		{ID: "shop", Name: "Main shop", Primary: true},
		{ID: "popup", Name: "Pop-up store"},
	}
)

const (
	// mainFacility takes the drift's changes first: deliveries arrive
	// there and orders ship from it while it has stock.
	mainFacility = "east"
	// primaryLocation is where a listing's Qty is; the others are in Stock.
	primaryLocation = "shop"
)

var (
	_ connector.FacilityLister = (*Warehouse)(nil)
	_ connector.LocationLister = (*Store)(nil)
)

// Facilities names the demo warehouse's two fulfillment centers.
func (w *Warehouse) Facilities(ctx context.Context) ([]connector.Place, error) {
	return append([]connector.Place(nil), demoFacilities...), ctx.Err()
}

// Locations names the demo store's two locations, the main shop first.
func (s *Store) Locations(ctx context.Context) ([]connector.Place, error) {
	return append([]connector.Place(nil), demoLocations...), ctx.Err()
}

// facilities is what each facility holds of an item: as the file says, or,
// for an item no one set per facility, a third (rounded down) at west and
// the rest at east.
func (it *item) facilities() map[string]int {
	if it.Facilities != nil {
		return map[string]int{"east": it.Facilities["east"], "west": it.Facilities["west"]}
	}
	west := it.Qty / 3
	return map[string]int{"east": it.Qty - west, "west": west}
}

// setQty moves the item's total to qty; an item kept per facility takes
// the change at the main facility, a decrease past its stock from the other.
func (it *item) setQty(qty int) {
	if it.Facilities != nil {
		f := it.facilities()
		delta := qty - it.Qty
		f[mainFacility] += delta
		if f[mainFacility] < 0 {
			f["west"] += f[mainFacility]
			f[mainFacility] = 0
		}
		it.Facilities = f
	}
	it.Qty = qty
}

// SetFacilityQty sets what one facility holds of a SKU, as changed at at
// (for tests and scripted scenarios); the SKU's total follows.
func (w *Warehouse) SetFacilityQty(sku, facility string, qty int, at time.Time) error {
	if qty < 0 {
		return fmt.Errorf("set %s at %s to %d: a warehouse quantity cannot be negative", sku, facility, qty)
	}
	known := false
	for _, f := range demoFacilities {
		known = known || f.ID == facility
	}
	if !known {
		return fmt.Errorf("the demo warehouse has no facility %q; it has east and west", facility)
	}
	unlock := lockFile(w.path)
	defer unlock()
	f, err := w.loadAndDrift(at.UTC())
	if err != nil {
		return err
	}
	for i := range f.Items {
		if it := &f.Items[i]; it.SKU == sku {
			fac := it.facilities()
			fac[facility] = qty
			it.Facilities = fac
			it.Qty = fac["east"] + fac["west"]
			it.UpdatedAt = at.UTC()
			return w.save(f)
		}
	}
	return fmt.Errorf("the demo warehouse has no SKU %q", sku)
}

// stockAt is a listing's quantity at a location and whether the store has
// that location.
func (l *listing) stockAt(location string) (int, bool) {
	switch location {
	case "", primaryLocation:
		return l.Qty, true
	}
	for _, p := range demoLocations {
		if p.ID == location {
			return l.Stock[location], true
		}
	}
	return 0, false
}

// setStockAt sets a listing's quantity at a known location.
func (l *listing) setStockAt(location string, qty int) {
	if location == "" || location == primaryLocation {
		l.Qty = qty
		return
	}
	if l.Stock == nil {
		l.Stock = map[string]int{}
	}
	l.Stock[location] = qty
}

// locations is the listing's quantity at every location, for the index.
func (l *listing) locations() map[string]int {
	out := make(map[string]int, len(demoLocations))
	for _, p := range demoLocations {
		out[p.ID], _ = l.stockAt(p.ID)
	}
	return out
}
