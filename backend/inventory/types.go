// Package inventory is the pure heart of ShelfSync: the quantity rules and
// the Full / Smart sync planner. It does no I/O and never reads the clock;
// everything it needs is passed in, so it is tested with plain tables.
package inventory

import (
	"fmt"
	"strings"
	"time"
)

// Mode is the kind of sync: Full pushes every mapped SKU, Smart only what
// changed since the store last confirmed a quantity.
type Mode string

const (
	ModeFull  Mode = "full"
	ModeSmart Mode = "smart"
	// ModeUndo is recorded for a run that undoes another: it pushes neither
	// every SKU nor what changed, but back what that run wrote. It is never
	// planned (ParseMode does not accept it).
	ModeUndo Mode = "undo"
)

// ParseMode reads a mode as a person or a stored setting writes it
// ("smart", " Full "). This is the one place a mode is read from text.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case ModeFull, ModeSmart:
		return m, nil
	}
	return "", fmt.Errorf("the sync mode must be smart or full, not %q", s)
}

// WarehouseItem is what the warehouse reports for one SKU.
type WarehouseItem struct {
	SKU  string
	Name string
	Qty  int
	// UpdatedAt is when the quantity last changed, zero when the warehouse
	// cannot tell (ShipBob, a CSV without updated_at).
	UpdatedAt time.Time
	// Problem, when set, says the warehouse gave no quantity ShelfSync can
	// publish for this SKU (Qty is then meaningless).
	Problem ItemProblem
	// Bundle, for a bundle's item (BundleItems), says which component
	// limited its quantity; nil for a warehouse SKU.
	Bundle *BundleQty
	// Facilities is the quantity at each facility of a warehouse that
	// reports them (ShipBob fulfillment centers, a CSV's location column),
	// by facility id; Qty is then their sum (ShipBob's: the network
	// figure, which they never exceed). Nil for a warehouse that reports
	// one quantity, or ShipBob's without a location map naming centers.
	Facilities map[string]int
}

// ItemProblem says why a warehouse SKU has no quantity to publish. Such a
// SKU is never pushed (but see Rules.MissingToZero) and is reported as
// needing attention, never as unmapped.
type ItemProblem uint8

const (
	ProblemNone ItemProblem = iota
	// ProblemMissing: a complete read no longer lists a SKU it listed.
	ProblemMissing
	// ProblemConflicting: the feed lists the SKU on several rows with
	// different quantities.
	ProblemConflicting
	// ProblemInvalidQty: the quantity is not a whole number.
	ProblemInvalidQty
	// ProblemComponentMissing: a bundle one of whose components the
	// warehouse does not list. Rules.MissingToZero applies to it as to a
	// missing SKU.
	ProblemComponentMissing
)

// missing tells whether the warehouse does not list the SKU (or, for a
// bundle, one of its components): the connection's missing-SKU rule says
// what to publish for it.
func (p ItemProblem) missing() bool {
	return p == ProblemMissing || p == ProblemComponentMissing
}

// Attention is a SKU the run could not publish, and why.
type Attention struct {
	SKU     string
	Problem ItemProblem
}

// StoreItem is one listing in the store's SKU index.
type StoreItem struct {
	SKU  string
	Name string
	Qty  int
	// Ref is the store's own id for the stock record (a Shopify inventory
	// item gid, a WooCommerce product or variation id). Opaque here.
	Ref string
	// ParentRef is the parent product id where the platform needs one to
	// write (WooCommerce variations); empty elsewhere.
	ParentRef string
	// Untracked is true for a listing whose stock the store does not count
	// (WooCommerce manage_stock false, Shopify tracked false): a quantity
	// written there would not stop a sale, so it is never pushed.
	Untracked bool
	// Locations is the quantity at each of the store's locations, by
	// location id, for a store that keeps stock in several (Shopify
	// locations); Qty is the primary location's. Nil for a store with one.
	Locations map[string]int
}

// Baseline is the published quantity the store last confirmed for a SKU.
type Baseline struct {
	Qty         int
	ConfirmedAt time.Time
}

// Push is one planned write: set the store SKU to To.
type Push struct {
	// SKU is the warehouse SKU; StoreSKU the store's after mapping.
	SKU       string
	StoreSKU  string
	Ref       string
	ParentRef string
	// From is the store quantity we last knew (read or confirmed); the
	// store connectors use it for compare-and-set where the platform has it.
	From int
	// FromKnown is false when we never saw the store's quantity.
	FromKnown bool
	To        int
	Why       PushReason
	// Item is the index in PlanInput.Warehouse of the item this push
	// publishes, so the engine can find it without a map by SKU.
	Item int
	// Location is the store location the quantity is set at; "" is the
	// store's primary (or configured) location.
	Location string
	// Name is the warehouse item's name (a bundle's, its recipe), for a
	// store that creates the listing the first time it is written.
	Name string
}

// PushReason says why a SKU is in a plan.
type PushReason string

const (
	ReasonFull    PushReason = "full"    // a Full Sync pushes everything
	ReasonChanged PushReason = "changed" // published qty differs from baseline
	ReasonPending PushReason = "pending" // retry of a write that failed
	ReasonNew     PushReason = "new"     // no baseline for this SKU yet
	// ReasonFirstAtLocation is ReasonNew at a store location whose quantity
	// the store's index told: the location was never written under this
	// map (or the map just changed), but the listing is not new there.
	ReasonFirstAtLocation PushReason = "first-at-location"
	ReasonTrack           PushReason = "track" // stock tracking is being turned on for it
	ReasonDrift           PushReason = "drift" // the store moved away from the published quantity
	ReasonUndo            PushReason = "undo"  // back to the quantity before a run ShelfSync undoes
)

// Side names where an unmapped SKU was found.
type Side string

const (
	SideWarehouse Side = "warehouse"
	SideStore     Side = "store"
)

// Unmapped is a SKU present on one side only: reported, never guessed.
type Unmapped struct {
	SKU  string
	Side Side
}
