package shipbob

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/plain"
)

// A ShipBob warehouse's facilities are its fulfillment centers, read from
// two documented endpoints of the dated API (checked on 2026-12-02):
//
//   - GET /{version}/location (developer.shipbob.com/2026-07/api/locations/get-locations):
//     a plain JSON list of locations, each with id, name, abbreviation,
//     access_granted and is_active; inactive ones are left out unless
//     IncludeInactive=true, and AccessGranted=true keeps those the account
//     may use.
//   - GET /{version}/inventory-level/locations
//     (developer.shipbob.com/2026-07/api/inventory/get-all-inventory-levels-grouped-by-fulfillment-center):
//     paged like inventory-level (PageSize, next/prev links, items), each
//     item {inventory_id, sku, name, locations} with locations a list (or
//     null) of {location_id, name, fulfillable_quantity, on_hand_quantity,
//     committed_quantity, awaiting_quantity, internal_transfer_quantity}.
//
// ShipBob's integration guide (developer.shipbob.com/guides) says the
// sellable quantity exists only network-wide, so a center's figure is its
// fulfillable quantity, less the network's exception orders (withinTotal).
var _ connector.FacilityLister = (*Warehouse)(nil)

// Facilities lists the fulfillment centers the account may use, by
// ShipBob's location id.
func (w *Warehouse) Facilities(ctx context.Context) ([]connector.Place, error) {
	body, err := w.get(ctx, w.http.URL("/"+w.version+"/location")+"?"+url.Values{"AccessGranted": {"true"}}.Encode())
	if err != nil {
		return nil, fmt.Errorf("read ShipBob's fulfillment centers: %w", err)
	}
	list, err := decodeCenterList(body)
	if err != nil {
		return nil, plain.Wrap(err, "ShipBob sent a list of fulfillment centers ShelfSync cannot read; check that the API address is right (leave it empty for %s) and try again", DefaultURL)
	}
	places := make([]connector.Place, 0, len(list))
	for _, c := range list {
		if !c.AccessGranted {
			continue
		}
		name := strings.TrimSpace(c.Name)
		if name == "" {
			name = strings.TrimSpace(c.Abbreviation)
		}
		if name == "" {
			name = fmt.Sprintf("Fulfillment center %d", *c.ID)
		}
		places = append(places, connector.Place{ID: strconv.FormatInt(*c.ID, 10), Name: name})
	}
	return places, nil
}

// addCenters reads every item's stock per fulfillment center and gives
// each of items (made from levels) its Facilities. An item the listing
// leaves out holds nothing at any center.
func (w *Warehouse) addCenters(ctx context.Context, levels []levelItem, items []inventory.WarehouseItem) error {
	bySKU := map[string]*inventory.WarehouseItem{}
	for i := range items {
		items[i].Facilities = map[string]int{}
		bySKU[items[i].SKU] = &items[i]
	}
	// Items are matched by inventory id: a SKU is ShipBob's text and was
	// already checked to be on one inventory record.
	byID := map[int64]*inventory.WarehouseItem{}
	for _, l := range levels {
		if it, ok := bySKU[strings.TrimSpace(l.SKU)]; ok {
			byID[l.InventoryID] = it
		}
	}
	err := w.readPages(ctx, w.pageURL("/inventory-level/locations", w.pageSize), "inventory per fulfillment center", func(body []byte) (*string, error) {
		page, err := decodeCenters(body)
		if err != nil {
			return nil, plain.Wrap(err, "ShipBob sent an inventory page per fulfillment center ShelfSync cannot read; check that the API address is right (leave it empty for %s) and try again", DefaultURL)
		}
		for _, c := range page.Items {
			it, ok := byID[c.InventoryID]
			if !ok {
				continue
			}
			for _, l := range c.Locations {
				it.Facilities[strconv.FormatInt(*l.LocationID, 10)] += *l.Fulfillable
			}
		}
		return page.Next, nil
	})
	if err != nil {
		return err
	}
	for i := range items {
		withinTotal(items[i].Facilities, items[i].Qty)
	}
	return nil
}

// withinTotal lowers a SKU's center quantities until they add up to no
// more than total, the network figure the connection publishes, taking
// from the center holding the most first. For sellable that takes out the
// units exception orders hold, which ShipBob counts only network-wide; for
// fulfillable it matters only when stock moved between the two reads. No
// center is raised, so none is told more than it holds.
func withinTotal(at map[string]int, total int) {
	sum := 0
	ids := make([]string, 0, len(at))
	for id, n := range at {
		sum += max(n, 0)
		ids = append(ids, id)
	}
	excess := sum - max(total, 0)
	if excess <= 0 {
		return
	}
	sort.Slice(ids, func(i, j int) bool {
		if at[ids[i]] != at[ids[j]] {
			return at[ids[i]] > at[ids[j]]
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids {
		take := min(excess, max(at[id], 0))
		at[id] -= take
		excess -= take
	}
}
