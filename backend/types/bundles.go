package types

// Bundle is a store listing whose quantity is built from warehouse SKUs
// (a kit): GIFTBOX = 2 x MUG + 1 x TEA.
type Bundle struct {
	SKU        string            `json:"sku"`
	Components []BundleComponent `json:"components"`
	// Makes is how many whole bundles the components made at the last
	// sync (before the rules); null when a component is missing or its
	// quantity unusable, or was never read.
	Makes *int `json:"makes"`
	// Note says which component limits the bundle ("limited by MUG: 7 ÷ 2")
	// or which is missing.
	Note string `json:"note"`
}

// BundleComponent is one warehouse SKU of a bundle and the units one
// bundle takes.
type BundleComponent struct {
	SKU string `json:"sku"`
	Qty int    `json:"qty"`
}

// BundleImport is what a bundles CSV import changed.
type BundleImport struct {
	// Bundles is how many bundles the file gave (each replaces the recipe
	// of the bundle of that SKU); Components how many lines it took.
	Bundles    int `json:"bundles"`
	Components int `json:"components"`
}
