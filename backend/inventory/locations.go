package inventory

import (
	"slices"
	"sort"
)

// AllFacilities, in a location map, stands for every facility the
// warehouse reports, summed: the one "facility" of a warehouse that reports
// a single quantity per SKU.
const AllFacilities = "*"

// LocationMap says, per store location id, which warehouse facilities feed
// it: one, several (their quantities summed) or none. A store location the
// map does not name is never written. A nil map is the default, today's
// behaviour: every facility summed into the store's primary (or configured)
// location, planned by MakePlan alone.
type LocationMap map[string][]string

// Locations are the store locations the map feeds from at least one
// facility, in order.
func (m LocationMap) Locations() []string {
	out := make([]string, 0, len(m))
	for loc, facilities := range m {
		if len(facilities) > 0 {
			out = append(out, loc)
		}
	}
	sort.Strings(out)
	return out
}

// LocationKey is the planner's unit on a connection with a location map: a
// warehouse SKU at a store location.
type LocationKey struct{ SKU, Location string }

// LocationInput is what a location-mapped plan needs besides PlanInput:
// the map, and the baselines, pending writes and store moves per SKU and
// location (PlanInput's, by SKU alone, are not read).
type LocationInput struct {
	Map      LocationMap
	Baseline map[LocationKey]Baseline
	Pending  map[LocationKey]bool
	// StoreMoved are the SKU-locations whose store quantity moved since
	// ShelfSync's last look (PlanInput.StoreMoved, per location).
	StoreMoved map[LocationKey]bool
}

// FeedQty is what the given facilities hold of an item, summed. A
// warehouse that reports no facilities holds it all in AllFacilities.
func FeedQty(it WarehouseItem, facilities []string) int {
	if slices.Contains(facilities, AllFacilities) {
		return it.Qty
	}
	if it.Facilities == nil {
		return 0
	}
	total := 0
	for _, f := range facilities {
		total += it.Facilities[f]
	}
	return total
}

// QtyAt is the listing's quantity at a store location: Locations' entry,
// or Qty for a store that reports one location.
func (s StoreItem) QtyAt(location string) int {
	if s.Locations == nil {
		return s.Qty
	}
	return s.Locations[location]
}

// MakeLocationPlan plans a connection whose location map names its store
// locations: each location is planned as MakePlan plans a store, from the
// quantities its facilities hold and the baseline that location confirmed,
// so a change at one facility pushes only the locations it feeds. What does
// not depend on a quantity (unmapped, ignored, duplicate and colliding
// SKUs, problems) is said once. Published is each SKU's sum over the
// locations; LocationPublished has each location's share. Drift is found
// and repaired per location (LocationDrifted).
func MakeLocationPlan(in PlanInput, loc LocationInput) Plan {
	locations := loc.Map.Locations()
	if len(locations) == 0 {
		// Nothing is fed: say what MakePlan says of the SKUs, write nothing.
		p := MakePlan(in)
		p.Pushes, p.Changed, p.Published, p.Drifted = nil, 0, map[string]int{}, nil
		p.LocationPublished = map[LocationKey]int{}
		return p
	}
	var out Plan
	for i, location := range locations {
		part := in
		part.StoreMoved = map[string]bool{}
		for key := range loc.StoreMoved {
			if key.Location == location {
				part.StoreMoved[key.SKU] = true
			}
		}
		part.Warehouse = make([]WarehouseItem, len(in.Warehouse))
		for k, it := range in.Warehouse {
			it.Qty = FeedQty(it, loc.Map[location])
			part.Warehouse[k] = it // same index: a push's Item still points at it
		}
		part.Store = make(map[string]StoreItem, len(in.Store))
		for sku, listing := range in.Store {
			listing.Qty = listing.QtyAt(location)
			part.Store[sku] = listing
		}
		part.Baseline = make(map[string]Baseline, len(in.Warehouse))
		part.Pending = map[string]bool{}
		for _, it := range in.Warehouse {
			if b, ok := loc.Baseline[LocationKey{it.SKU, location}]; ok {
				part.Baseline[it.SKU] = b
			}
			if loc.Pending[LocationKey{it.SKU, location}] {
				part.Pending[it.SKU] = true
			}
		}
		p := MakePlan(part)
		for _, sku := range p.Drifted {
			out.LocationDrifted = append(out.LocationDrifted, LocationKey{sku, location})
		}
		for k := range p.Pushes {
			push := &p.Pushes[k]
			push.Location = location
			if listing, ok := in.Store[push.StoreSKU]; ok && listing.Locations != nil {
				if _, read := listing.Locations[location]; !read {
					// The index was read at other locations: the store's
					// quantity here is unknown, not 0.
					push.From, push.FromKnown = 0, false
				}
			}
			if push.Why == ReasonNew && push.FromKnown {
				push.Why = ReasonFirstAtLocation
			}
		}
		if i == 0 {
			drifted := out.LocationDrifted
			out = p
			out.Drifted, out.LocationDrifted = nil, drifted
			out.LocationPublished = make(map[LocationKey]int, len(p.Published)*len(locations))
		} else {
			out.Pushes = append(out.Pushes, p.Pushes...)
			out.Changed += p.Changed
			for sku, q := range p.Published {
				out.Published[sku] += q
			}
		}
		for sku, q := range p.Published {
			out.LocationPublished[LocationKey{sku, location}] = q
		}
	}
	sort.SliceStable(out.Pushes, func(i, j int) bool {
		a, b := out.Pushes[i], out.Pushes[j]
		if a.SKU != b.SKU {
			return a.SKU < b.SKU
		}
		return a.Location < b.Location
	})
	sort.Slice(out.LocationDrifted, func(i, j int) bool {
		a, b := out.LocationDrifted[i], out.LocationDrifted[j]
		if a.SKU != b.SKU {
			return a.SKU < b.SKU
		}
		return a.Location < b.Location
	})
	return out
}
