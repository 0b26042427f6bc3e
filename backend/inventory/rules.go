package inventory

import "strings"

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

// IsIgnored tells whether a warehouse SKU is excluded from syncing.
func (r Rules) IsIgnored(sku string) bool { return r.Ignored[sku] }
