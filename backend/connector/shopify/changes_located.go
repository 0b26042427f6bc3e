package shopify

import (
	"context"
	"fmt"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

var _ connector.LocatedChangeReader = (*Store)(nil)

// lookAtKey carries, in a context, the location a read asks instead of the
// connection's own (see ChangedSinceAt).
type lookAtKey struct{}

// lookingAt is the location id ctx asks for instead of the connection's,
// or "".
func lookingAt(ctx context.Context) string {
	id, _ := ctx.Value(lookAtKey{}).(string)
	return id
}

// ChangedSinceAt is ChangedSince asked at each of the given locations (the
// ones a location map feeds), the levels of one SKU merged into one item
// whose Locations hold each location's available quantity. Next is the
// earliest of the locations' Nexts, so the next look misses no level at
// any of them. A location Shopify no longer has fails the whole look, as
// at the connection's own location.
func (s *Store) ChangedSinceAt(ctx context.Context, since time.Time, locations []string) (connector.StoreChanges, error) {
	var out connector.StoreChanges
	bySKU := map[string]int{} // SKU -> index in items
	var items []inventory.StoreItem
	untracked := map[string]bool{}
	add := func(it inventory.StoreItem, location string, notTracked bool) {
		k, seen := bySKU[it.SKU]
		if !seen {
			k = len(items)
			bySKU[it.SKU] = k
			it.Locations = map[string]int{}
			items = append(items, it)
		}
		items[k].Locations[location] = it.Qty
		untracked[it.SKU] = untracked[it.SKU] || notTracked
	}
	for i, location := range locations {
		ch, err := s.ChangedSince(context.WithValue(ctx, lookAtKey{}, location), since)
		out.APICalls += ch.APICalls
		if err != nil {
			return connector.StoreChanges{APICalls: out.APICalls}, fmt.Errorf("at location %s: %w", location, err)
		}
		if i == 0 || ch.Next.Before(out.Next) {
			out.Next = ch.Next
		}
		out.Notes = append(out.Notes, ch.Notes...)
		for _, it := range ch.Items {
			add(it, location, false)
		}
		for _, it := range ch.NotTracked {
			add(it, location, true)
		}
	}
	for _, it := range items {
		if untracked[it.SKU] {
			out.NotTracked = append(out.NotTracked, it)
		} else {
			out.Items = append(out.Items, it)
		}
	}
	return out, nil
}
