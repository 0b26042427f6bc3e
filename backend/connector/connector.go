// Package connector defines what ShelfSync needs from a warehouse and from a
// store. One sub-package per platform implements these interfaces; the engine
// knows nothing else about platforms.
package connector

import (
	"context"
	"errors"
	"time"

	"shelfsync/backend/inventory"
)

// Warehouse is the source of truth for quantities.
type Warehouse interface {
	// ReadItems reads the warehouse. When since is non-zero and the
	// warehouse can filter by change time, it may return only items changed
	// at or after since (Read.Complete false). A zero since asks for all.
	ReadItems(ctx context.Context, since time.Time) (WarehouseRead, error)
	// Test reads a little to prove the credentials and address work.
	Test(ctx context.Context) (TestResult, error)
}

// WarehouseRead is one read of a warehouse.
type WarehouseRead struct {
	Items []inventory.WarehouseItem
	// Complete is true when Items is the whole catalogue, false when it is
	// only what changed since the time asked for.
	Complete bool
	// NotModified is true when the source said nothing changed (an HTTP
	// 304 for a CSV feed); Items is then empty.
	NotModified bool
	// Problems are rows that were skipped, in words (a bad CSV line).
	Problems []string
	// APICalls counts the requests the read made.
	APICalls int
	// State is how far this read got, in the connector's own words (a
	// feed's HTTP validators). The engine records it with the run's
	// quantities, in one transaction, and hands it back as
	// Config.ReadState; the connector never saves it itself. Ignored when
	// NotModified (the recorded state still holds).
	State string
}

// Store is the eCommerce platform whose quantities follow the warehouse.
type Store interface {
	// Capabilities tells the engine how to batch writes.
	Capabilities() StoreCapabilities
	// ReadIndex reads the store's SKU index: every SKU with its id and
	// current quantity.
	ReadIndex(ctx context.Context) (StoreIndex, error)
	// Push writes one batch (at most Capabilities().MaxBatch pushes) and
	// says, per SKU, what happened. An error return means the whole batch
	// failed (nothing is known to be written); per-SKU failures go in the
	// results.
	Push(ctx context.Context, batch []inventory.Push, meta PushMeta) (PushBatchResult, error)
	// Test reads a little to prove the credentials and address work.
	Test(ctx context.Context) (TestResult, error)
}

// StoreIndex is the result of reading the store's SKU index.
type StoreIndex struct {
	Items []inventory.StoreItem
	// Duplicates lists SKUs the store has more than once; they are reported
	// and never written.
	Duplicates []string
	APICalls   int
	// NotTracked are listings with a SKU whose stock the store does not
	// track (WooCommerce manage_stock off); they are never written unless
	// the merchant turns tracking on (PushMeta.TurnOnTracking).
	NotTracked []inventory.StoreItem
	// Notes are remarks on the read for the run's problems, each said once
	// a run (e.g. fractional stock rounded down).
	Notes []string
}

// StoreCapabilities describe how a store takes writes.
type StoreCapabilities struct {
	// MaxBatch is the most SKUs one write call takes (Shopify 250,
	// WooCommerce 100).
	MaxBatch int
	// WritesPerParent is true for a store that writes each parent
	// listing's variations through a call of their own (WooCommerce): the
	// engine then keeps a parent's pushes together in as few batches as
	// their count needs, so the run spends the fewest calls.
	WritesPerParent bool
	// CreatesListings is true for the demo store, which creates a listing
	// the first time a SKU is set; such a store maps every warehouse SKU.
	CreatesListings bool
}

// PushMeta describes the run a push belongs to, for audit trails
// (Shopify's referenceDocumentUri).
type PushMeta struct {
	RunID        uint
	ConnectionID uint
	// TurnOnTracking is set when the merchant chose to turn stock tracking
	// on for the listings of this batch. Without it a store never switches
	// tracking back on; a listing found untracked is reported with
	// PushResult.NotTracked instead.
	TurnOnTracking bool
}

// PushBatchResult is what a batch write did.
type PushBatchResult struct {
	Results  []PushResult
	APICalls int
	// Throttled counts rate-limit answers met (and waited out) on the way.
	Throttled int
	// Notes are remarks on how the writes went, for the run's problems,
	// each said once a run (e.g. a smaller batch size after a timeout).
	Notes []string
}

// PushResult is the outcome of one SKU's write.
type PushResult struct {
	SKU string // the warehouse SKU of the Push
	// Location is the Push's Location, echoed: one batch may write a SKU
	// at several locations.
	Location string
	OK       bool
	// StoreQty is the quantity the store now holds (when OK), or the one it
	// reported when a compare-and-set failed.
	StoreQty int
	// Ref is the store id now holding the SKU, set by stores that create
	// listings or that re-resolved it.
	Ref   string
	Error string
	// Seen, when set, is the quantity the store held at the moment of the
	// write when it was not the Push's From: the store changed the SKU
	// itself (a sale, a hand edit) between ShelfSync's read and its write,
	// and the write overwrote it. Only a store that can tell sets it
	// (Shopify's compare-and-set refuses a stale write and is re-read; the
	// demo store compares its file); WooCommerce's batch reply does not say
	// what it replaced.
	Seen *int
	// NotTracked is set, with OK false and Error saying so, when the store
	// does not track this listing's stock, so it kept no quantity: the SKU
	// belongs in the "not tracked in the store" state, not among failures.
	NotTracked bool
}

// Noticer is a connector with things to tell the merchant about its runs
// that are not failures (Shopify answering with another API version than
// asked, a page size cut for a small rate limit). The engine adds them to
// the run's problems.
type Noticer interface {
	Notices() []string
}

// TestResult is what Test connection reports to the user.
type TestResult struct {
	// Summary is one sentence, e.g. "Read 3 of 5,000 SKUs from ShipBob".
	Summary string
	Sample  []string
	Count   int
	// Warnings are what the read worked around (the first few skipped
	// rows, in words), so a test that passes with them says so.
	Warnings []string
	// Choices are the values the platform offers for a setting, by the
	// setting's key (Shopify's active locations for "location"), so the
	// window can offer a list instead of asking for a raw id. Selected is
	// the value the test used.
	Choices map[string]Choices
}

// Choices are a setting's possible values and the one in use.
type Choices struct {
	Options  []Choice
	Selected string
}

// Choice is one value a setting may take, with the name a merchant knows.
type Choice struct {
	Value string
	Label string
}

// ErrUnauthorized marks credentials the platform refused; the message the
// connector wraps around it says what to check.
var ErrUnauthorized = errors.New("credentials refused")

// ErrUnsupported is returned by wrappers of a Store (or Warehouse) for an
// optional interface (StockTracker, …) the wrapped connector lacks.
var ErrUnsupported = errors.New("the platform's connector does not offer this")

// ErrUnavailable marks a platform that could not be reached or kept failing.
var ErrUnavailable = errors.New("platform unavailable")
