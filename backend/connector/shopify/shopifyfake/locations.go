package shopifyfake

// StockAt stocks every variant with sku at a location with the given
// available quantity, as activating an inventory item at a location in the
// Shopify admin does.
func (f *Fake) StockAt(sku string, location int64, available int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range f.variants {
		if v.sku == sku {
			v.levels[location] = &level{available: available, updatedAt: f.opts.Clock.Now()}
		}
	}
}

// AvailableAt is the available quantity of the first variant with sku at a
// location; ok is false when it is not stocked there.
func (f *Fake) AvailableAt(sku string, location int64) (n int, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range f.variants {
		if v.sku == sku {
			if l := v.levels[location]; l != nil {
				return l.available, true
			}
			return 0, false
		}
	}
	return 0, false
}

// QuantitiesWritten is how many quantity entries the inventorySetQuantities
// calls validated so far carried, and the most one call carried.
func (f *Fake) QuantitiesWritten() (total, most int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.entriesWritten, f.mostEntries
}
