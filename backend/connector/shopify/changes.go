package shopify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

// ChangeOverlap is how far before the last look ChangedSince asks: a level
// changed in the same second as the last look, or saved by Shopify just
// after it was read, is still seen, and the first look (ShelfSync's own
// clock) may run a few minutes ahead of Shopify's. Seeing a level twice is
// harmless.
const ChangeOverlap = 10 * time.Minute

// changedLevelCost is one level of the change read: the level, its
// quantities list, its inventory item.
const changedLevelCost = 3

var _ connector.StoreChangeReader = (*Store)(nil)

// changedLevelsQuery asks the location which of its inventory levels
// changed since a time. A level's updatedAt moves when any of its
// quantities moves: an order (available down, committed up), a hand edit
// in the admin, another app, a return.
const changedLevelsQuery = `query ShelfSyncChangedLevels($locationId: ID!, $first: Int!, $after: String, $query: String!) {
  location(id: $locationId) {
    inventoryLevels(first: $first, after: $after, query: $query) {
      pageInfo { hasNextPage endCursor }
      nodes { updatedAt quantities(names: ["available"]) { name quantity } item { id sku tracked } }
    }
  }
}`

type changedLevelsData struct {
	Location *struct {
		InventoryLevels struct {
			PageInfo struct {
				HasNextPage bool   `json:"hasNextPage"`
				EndCursor   string `json:"endCursor"`
			} `json:"pageInfo"`
			Nodes []struct {
				UpdatedAt time.Time `json:"updatedAt"`
				levelRef
				Item *struct {
					ID      string `json:"id"`
					SKU     string `json:"sku"`
					Tracked *bool  `json:"tracked"`
				} `json:"item"`
			} `json:"nodes"`
		} `json:"inventoryLevels"`
	} `json:"location"`
}

// changedLevelsPageSize is the largest page of the change read within the
// cost limit: the location 1, the connection 2, then one level each.
func (s *Store) changedLevelsPageSize() int {
	return max(1, min(MaxBatch, (s.costLimit()-3)/changedLevelCost))
}

// ChangedSince reads the inventory levels at the synced location whose
// updatedAt is at or after since minus ChangeOverlap, using Shopify's own
// filter (inventoryLevels(query: "updated_at:>='…'")), and returns each
// one's available quantity now. Levels of untracked items come back as
// NotTracked. Next is the latest updatedAt seen (Shopify's clock), never
// before since. See docs/connectors/shopify.md for what this cannot see.
func (s *Store) ChangedSince(ctx context.Context, since time.Time) (connector.StoreChanges, error) {
	if since.IsZero() {
		return connector.StoreChanges{}, errors.New("ask Shopify what changed since a time: with no time, read the whole store instead")
	}
	calls0 := s.http.Calls()
	loc, err := s.resolveLocation(ctx)
	if err != nil {
		return connector.StoreChanges{}, err
	}
	from := since.Add(-ChangeOverlap).UTC().Truncate(time.Second)
	filter := "updated_at:>='" + from.Format(time.RFC3339) + "'"
	out := connector.StoreChanges{Next: since.UTC()}
	first := s.changedLevelsPageSize()
	var after any
	read := 0
	for page := 1; ; {
		if read+first > paginationLimit {
			return connector.StoreChanges{}, fmt.Errorf("more than %d stock levels changed in Shopify since %s: a Full Sync reads them all", paginationLimit, from.Format(time.RFC3339))
		}
		var d changedLevelsData
		vars := map[string]any{"locationId": loc.ID, "first": first, "after": after, "query": filter}
		err := s.call(ctx, "ShelfSyncChangedLevels", changedLevelsQuery, vars, 3+changedLevelCost*first, &d)
		var ce *costError
		if errors.As(err, &ce) && first > 1 {
			first = max(1, min(first/2, s.changedLevelsPageSize()))
			continue
		}
		if err != nil {
			return connector.StoreChanges{}, fmt.Errorf("ask Shopify which stock levels changed since %s (page %d): %w", from.Format(time.RFC3339), page, err)
		}
		if d.Location == nil {
			return connector.StoreChanges{}, fmt.Errorf("Shopify no longer has the location %s: choose the location again in the connection's settings", loc.Name)
		}
		levels := d.Location.InventoryLevels
		for _, n := range levels.Nodes {
			if n.UpdatedAt.After(out.Next) {
				out.Next = n.UpdatedAt.UTC()
			}
			if n.Item == nil || strings.TrimSpace(n.Item.SKU) == "" {
				continue
			}
			qty, ok := n.available()
			if !ok {
				continue
			}
			it := inventory.StoreItem{SKU: strings.TrimSpace(n.Item.SKU), Qty: qty, Ref: n.Item.ID}
			if n.Item.Tracked != nil && !*n.Item.Tracked {
				out.NotTracked = append(out.NotTracked, it)
			} else {
				out.Items = append(out.Items, it)
			}
		}
		read += len(levels.Nodes)
		if !levels.PageInfo.HasNextPage {
			break
		}
		if levels.PageInfo.EndCursor == "" || levels.PageInfo.EndCursor == after {
			return connector.StoreChanges{}, fmt.Errorf("ask Shopify which stock levels changed (page %d): Shopify said there are more pages but gave no new cursor", page)
		}
		after = levels.PageInfo.EndCursor
		page++
	}
	out.APICalls = int(s.http.Calls() - calls0)
	return out, nil
}
