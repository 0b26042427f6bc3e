package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// LocationService shows and changes a connection's location map: which
// warehouse facilities feed each store location.
type LocationService struct {
	db          *storage.DB
	connections *ConnectionService // loads the connection
	connectors  connectors         // asks both sides for their places
	runs        Runs               // the map does not change under a running sync
}

func newLocationService(db *storage.DB, connections *ConnectionService, conns connectors, runs Runs) *LocationService {
	return &LocationService{db: db, connections: connections, connectors: conns, runs: runs}
}

// placesTimeout bounds asking both sides for their places.
const placesTimeout = time.Minute

// wholeWarehouse is the one facility of a warehouse that reports none.
var wholeWarehouse = types.Place{ID: inventory.AllFacilities, Name: "The whole warehouse"}

// Map asks the store for its locations and the warehouse for its
// facilities, and says which feed which.
func (s *LocationService) Map(connectionID uint) (types.LocationMap, error) {
	conn, err := s.connections.load(connectionID)
	if err != nil {
		return types.LocationMap{}, err
	}
	locations, facilities, err := s.places(connectionID)
	if err != nil {
		return types.LocationMap{}, err
	}
	out := types.LocationMap{ConnectionID: connectionID, Default: conn.LocationMap == nil,
		Locations: locations, Facilities: facilities, Feeds: []types.LocationFeed{}}
	feeds := conn.LocationMap
	if feeds == nil {
		feeds = map[string][]string{locations[0].ID: {inventory.AllFacilities}}
	}
	for _, l := range locations {
		out.Feeds = append(out.Feeds, types.LocationFeed{Location: l.ID, Facilities: append([]string{}, feeds[l.ID]...)})
	}
	return out, nil
}

// SetFeed makes the given facilities (none: the location is not written)
// feed a store location. The first change of a connection starts from the
// default, every facility into the primary location. The location may be
// named by id, by name, or as "primary".
func (s *LocationService) SetFeed(connectionID uint, location string, facilities []string) (types.LocationMap, error) {
	conn, err := s.connections.load(connectionID)
	if err != nil {
		return types.LocationMap{}, err
	}
	if s.runs.IsRunning(connectionID) {
		return types.LocationMap{}, fmt.Errorf("a sync of %s is running; change the location map when it has finished", conn.Name)
	}
	locations, known, err := s.places(connectionID)
	if err != nil {
		return types.LocationMap{}, err
	}
	loc, ok := findPlace(locations, location)
	if !ok {
		return types.LocationMap{}, fmt.Errorf("the store has no location %q; it has %s", location, placeNames(locations))
	}
	chosen := []string{}
	for _, f := range facilities {
		p, ok := findPlace(append([]types.Place{wholeWarehouse}, known...), f)
		if !ok {
			return types.LocationMap{}, fmt.Errorf("the warehouse has no facility %q; it has %s", f, placeNames(known))
		}
		if !slices.Contains(chosen, p.ID) {
			chosen = append(chosen, p.ID)
		}
	}
	m := map[string][]string{}
	if conn.LocationMap == nil {
		m[locations[0].ID] = []string{inventory.AllFacilities}
	}
	for k, v := range conn.LocationMap {
		m[k] = v
	}
	m[loc.ID] = chosen
	if err := s.db.SetLocationMap(connectionID, m); err != nil {
		return types.LocationMap{}, err
	}
	return s.Map(connectionID)
}

// Reset goes back to the default map: every facility feeds the store's
// primary location.
func (s *LocationService) Reset(connectionID uint) (types.LocationMap, error) {
	if _, err := s.connections.load(connectionID); err != nil {
		return types.LocationMap{}, err
	}
	if err := s.db.SetLocationMap(connectionID, nil); err != nil {
		return types.LocationMap{}, err
	}
	return s.Map(connectionID)
}

// places asks the store for its locations (the primary first; one unnamed
// location for a store that keeps stock in one) and the warehouse for its
// facilities (the whole warehouse for one that reports none).
func (s *LocationService) places(connectionID uint) (locations, facilities []types.Place, err error) {
	conn, err := s.connections.load(connectionID)
	if err != nil {
		return nil, nil, err
	}
	wh, st, err := s.connectors.Open(conn)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), placesTimeout)
	defer cancel()
	if l, ok := st.(connector.LocationLister); ok {
		places, err := l.Locations(ctx)
		if err != nil && !errors.Is(err, connector.ErrUnsupported) {
			return nil, nil, fmt.Errorf("ask the store for its locations: %w", err)
		}
		locations = placesOf(places)
	}
	if len(locations) == 0 {
		locations = []types.Place{{ID: "", Name: "The store", Primary: true}}
	}
	slices.SortStableFunc(locations, func(a, b types.Place) int {
		switch {
		case a.Primary == b.Primary:
			return 0
		case a.Primary:
			return -1
		}
		return 1
	})
	if l, ok := wh.(connector.FacilityLister); ok {
		places, err := l.Facilities(ctx)
		if err != nil && !errors.Is(err, connector.ErrUnsupported) {
			return nil, nil, fmt.Errorf("ask the warehouse for its facilities: %w", err)
		}
		facilities = placesOf(places)
	}
	if len(facilities) == 0 {
		facilities = []types.Place{wholeWarehouse}
	}
	return locations, facilities, nil
}

func placesOf(in []connector.Place) []types.Place {
	out := make([]types.Place, 0, len(in))
	for _, p := range in {
		out = append(out, types.Place{ID: p.ID, Name: p.Name, Primary: p.Primary})
	}
	return out
}

// findPlace finds a place by id or name (any case), or the primary one by
// the word "primary".
func findPlace(places []types.Place, name string) (types.Place, bool) {
	name = strings.TrimSpace(name)
	for _, p := range places {
		if p.ID == name || strings.EqualFold(p.Name, name) || (p.Primary && strings.EqualFold(name, "primary")) {
			return p, true
		}
	}
	return types.Place{}, false
}

func placeNames(places []types.Place) string {
	names := make([]string, 0, len(places))
	for _, p := range places {
		names = append(names, fmt.Sprintf("%s (%s)", p.ID, p.Name))
	}
	return strings.Join(names, ", ")
}

// addLocations gives each item of a page its breakdown by store location
// and, when the query names a location, shows that location's quantities
// and state on the row instead of the sums.
func (s *InventoryService) addLocations(q types.InventoryQuery, items []types.InventoryItem) error {
	if len(items) == 0 {
		return nil
	}
	skus := make([]string, len(items))
	for i, it := range items {
		skus[i] = it.SKU
	}
	rows, err := s.db.ItemLocationsOf(q.ConnectionID, skus)
	if err != nil {
		return err
	}
	for i := range items {
		it := &items[i]
		for _, r := range rows[it.SKU] {
			at := types.ItemAtLocation{Location: r.Location, WarehouseQty: r.WarehouseQty, PublishedQty: r.PublishedQty,
				StoreQty: r.StoreQty, State: locationState(r), Error: r.LastError}
			it.Locations = append(it.Locations, at)
			if q.Location == r.Location {
				wq := at.WarehouseQty
				it.WarehouseQty, it.PublishedQty, it.StoreQty, it.State, it.Error = &wq, at.PublishedQty, at.StoreQty, at.State, at.Error
			}
		}
	}
	return nil
}

// locationState is a SKU's state at one location.
func locationState(r storage.ItemLocation) types.ItemState {
	switch {
	case r.Pending && r.LastError != "":
		return types.StateFailed
	case r.Pending:
		return types.StatePending
	case r.PublishedQty == nil || r.BaselineQty == nil || *r.PublishedQty != *r.BaselineQty:
		return types.StateChanged
	}
	return types.StateInSync
}

// locationNames names, by id, the store locations a preview's pushes would
// write; nil when none names one. A store that cannot be asked leaves the
// ids (and a line in the log): the preview is still worth showing.
func (s *SyncService) locationNames(connectionID uint, pushes []inventory.Push) map[string]string {
	if !slices.ContainsFunc(pushes, func(p inventory.Push) bool { return p.Location != "" }) {
		return nil
	}
	places, _, err := s.locations.places(connectionID)
	if err != nil {
		s.log.Warn("name the preview's store locations", "connection", connectionID, "err", err)
		return nil
	}
	names := make(map[string]string, len(places))
	for _, p := range places {
		names[p.ID] = p.Name
	}
	return names
}
