package csvfeed

import (
	"strings"

	"shelfsync/backend/inventory"
)

// locatedRows is what a parse holds of a feed with a location column: a
// row per SKU and facility. A SKU's first row makes its item; its other
// facilities are added to that item; only a facility said twice is a
// duplicate. Such feeds are a facility count times smaller in SKUs than
// the feeds keptRows is built for, so plain maps do here.
type locatedRows struct {
	first map[string]locatedRow // SKU + "\x00" + facility -> its first row
	at    map[string]int        // SKU -> its item in items
	items []inventory.WarehouseItem
}

type locatedRow struct{ line, qty int32 }

func newLocatedRows() *locatedRows {
	return &locatedRows{first: map[string]locatedRow{}, at: map[string]int{}}
}

// add keeps a row read at line; when the row repeats its SKU's facility it
// keeps nothing and returns that facility's first row.
func (l *locatedRows) add(item inventory.WarehouseItem, line int) (first locatedRow, dup bool) {
	place := onlyKey(item.Facilities)
	key := item.SKU + "\x00" + place
	if first, dup := l.first[key]; dup {
		return first, true
	}
	l.first[key] = locatedRow{line: int32(line), qty: int32(item.Qty)}
	if k, listed := l.at[item.SKU]; listed {
		kept := &l.items[k]
		kept.Facilities[strings.Clone(place)] = item.Facilities[place]
		kept.Qty += item.Facilities[place]
		if item.UpdatedAt.After(kept.UpdatedAt) {
			kept.UpdatedAt = item.UpdatedAt
		}
		return locatedRow{}, false
	}
	// The record's fields share one string per line: copy what is kept.
	item.SKU, item.Name = strings.Clone(item.SKU), strings.Clone(item.Name)
	item.Facilities = map[string]int{strings.Clone(place): item.Facilities[place]}
	l.at[item.SKU] = len(l.items)
	l.items = append(l.items, item)
	return locatedRow{}, false
}

// sku is the kept copy of a SKU listed already.
func (l *locatedRows) sku(sku string) string { return l.items[l.at[sku]].SKU }

func (l *locatedRows) has(sku string) bool {
	_, ok := l.at[sku]
	return ok
}
