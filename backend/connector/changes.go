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
