package inventory

import (
	"fmt"
	"sort"
	"strings"
)

// Rules turn a warehouse quantity into the quantity the store should show.
type Rules struct {
	// Buffer (safety stock) is held back from the store.
	Buffer int
	// Cap is the most ever published; 0 means no cap.
	Cap int
	// ZeroBelow publishes 0 when the quantity after the buffer is below it,
	// so the last few units are not oversold.
	ZeroBelow int
	// Ignored SKUs are never written.
	Ignored map[string]bool
	// Mapping renames warehouse SKUs to store SKUs where they differ.
	Mapping map[string]string
	// MissingToZero publishes 0 for a SKU the warehouse no longer lists
	// (ProblemMissing); by default such a SKU is left as it is.
	MissingToZero bool
}

// Published is the quantity the store should show for a warehouse quantity.
func (r Rules) Published(warehouseQty int) int {
	q := warehouseQty - r.Buffer
	if q < 0 {
		q = 0
	}
	if r.ZeroBelow > 0 && q < r.ZeroBelow {
		q = 0
	}
	if r.Cap > 0 && q > r.Cap {
		q = r.Cap
	}
	return q
}

// StoreSKU is the store's SKU for a warehouse SKU.
func (r Rules) StoreSKU(sku string) string {
	if mapped, ok := r.Mapping[sku]; ok && strings.TrimSpace(mapped) != "" {
		return mapped
	}
	return sku
}

// Collision is two warehouse SKUs that would feed one store listing; the
// store would end with whichever was written last.
type Collision struct {
	StoreSKU      string
	First, Second string // warehouse SKUs, First < Second
}

// Sentence says what is wrong and what to do, naming both SKUs.
func (c Collision) Sentence() string {
	if c.First == c.Second {
		return fmt.Sprintf("The warehouse lists %s, which is also a bundle built from other SKUs; a listing takes its quantity from one warehouse SKU or one bundle, so remove the bundle or rename the warehouse SKU", c.First)
	}
	return fmt.Sprintf("Warehouse SKUs %s and %s would both feed the store listing %s; a listing takes its quantity from one warehouse SKU, so map one of them to another listing", c.First, c.Second, c.StoreSKU)
}

// FindCollision finds a store listing the mapping would feed from two
// warehouse SKUs: two SKUs mapped to it, or one mapped to a listing named
// like a warehouse SKU that still feeds it (warehouseHas says which SKUs
// the warehouse lists). Ignored SKUs feed nothing. The first collision in
// SKU order is returned.
func (r Rules) FindCollision(warehouseHas func(sku string) bool) (Collision, bool) {
	feeders := map[string][]string{}
	for from := range r.Mapping {
		if r.IsIgnored(from) {
			continue
		}
		to := r.StoreSKU(from)
		feeders[to] = append(feeders[to], from)
	}
	var found []Collision
	for to, from := range feeders {
		if _, remapped := r.Mapping[to]; !remapped && !r.IsIgnored(to) && warehouseHas(to) {
			from = append(from, to) // the SKU named like the listing feeds it too
		}
		if len(from) < 2 {
			continue
		}
		sort.Strings(from)
		found = append(found, Collision{StoreSKU: to, First: from[0], Second: from[1]})
	}
	if len(found) == 0 {
		return Collision{}, false
	}
	sort.Slice(found, func(i, j int) bool { return found[i].StoreSKU < found[j].StoreSKU })
	return found[0], true
}

// IsIgnored tells whether a warehouse SKU is excluded from syncing.
func (r Rules) IsIgnored(sku string) bool { return r.Ignored[sku] }
