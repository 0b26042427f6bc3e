package shopify

import (
	"context"
	"fmt"

	"shelfsync/backend/connector"
)

var _ connector.LocationLister = (*Store)(nil)

// Locations lists the shop's active locations (the first 50, as
// resolveLocation reads them); the one a connection without a location map
// writes is marked primary. A location map names them by gid; one
// inventorySetQuantities call writes entries of several locations.
func (s *Store) Locations(ctx context.Context) ([]connector.Place, error) {
	primary, err := s.resolveLocation(ctx)
	if err != nil {
		return nil, err
	}
	var d locationsData
	if err := s.call(ctx, "ShelfSyncLocations", locationsQuery, map[string]any{"first": 50}, 52, &d); err != nil {
		return nil, fmt.Errorf("read locations: %w", err)
	}
	var out []connector.Place
	for _, n := range d.Locations.Nodes {
		if n.IsActive {
			out = append(out, connector.Place{ID: n.ID, Name: n.Name, Primary: n.ID == primary.ID})
		}
	}
	return out, nil
}
