package connector

import "context"

// Place is a store location or a warehouse facility, as the platform
// names it.
type Place struct {
	// ID is the platform's own id (a Shopify location gid, a ShipBob
	// fulfillment center id, a CSV's location value).
	ID   string `json:"id"`
	Name string `json:"name"`
	// Primary marks the store location a connection without a location
	// map writes (Shopify's primary or configured location).
	Primary bool `json:"primary"`
}

// LocationLister is a store that keeps stock at several locations and can
// name them. Its index then fills StoreItem.Locations and its Push writes
// at inventory.Push.Location ("" the primary), echoing it in
// PushResult.Location.
type LocationLister interface {
	Locations(ctx context.Context) ([]Place, error)
}

// FacilityLister is a warehouse that reports quantities per facility and
// can name its facilities. Its reads then fill WarehouseItem.Facilities.
type FacilityLister interface {
	Facilities(ctx context.Context) ([]Place, error)
}
