package connector

import (
	"context"
	"time"

	"shelfsync/backend/inventory"
)

// StoreChangeReader is a Store that can say which listings' stock may have
// changed in the store itself (a sale, a hand edit, another app) since a
// given time, without reading the whole catalogue. The engine uses it to
// find drift on a Smart Sync.
type StoreChangeReader interface {
	// ChangedSince returns the live stock of every listing whose stock may
	// have changed at or after since (a zero since is refused: read the
	// index instead). Listings may come back that did not change; a listing
	// that changed must come back, within the limits the connector's doc
	// names. Pass StoreChanges.Next as since the next time; it only moves
	// when the read succeeded whole.
	ChangedSince(ctx context.Context, since time.Time) (StoreChanges, error)
}

// StoreChanges is one answer of ChangedSince.
type StoreChanges struct {
	// Items are the listings read now, with the quantity the store holds.
	Items []inventory.StoreItem
	// NotTracked are listings among them whose stock the store no longer
	// tracks.
	NotTracked []inventory.StoreItem
	// Next is the since for the next call: the store's own time of this
	// read, minus nothing (the connector keeps its own overlap).
	Next     time.Time
	APICalls int
	// Notes are remarks for the run's problems, as in StoreIndex.
	Notes []string
}

// LocatedChangeReader is a StoreChangeReader whose change filter is asked
// one store location at a time (Shopify's inventoryLevels belong to a
// location). ChangedSinceAt asks each of locations and returns each
// listing once, with StoreItem.Locations holding the quantity at every
// location where it changed; a location it is not listed at was not read
// there. The engine uses it on a connection with a location map, so drift
// is found wherever a location is fed.
type LocatedChangeReader interface {
	ChangedSinceAt(ctx context.Context, since time.Time, locations []string) (StoreChanges, error)
}
