package shopify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/plain"
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
// changed since a time, and the shop which inventory items did. A level's
// updatedAt moves when any of its quantities moves: an order (available
// down, committed up), a hand edit in the admin, another app, a return,
// and ShelfSync's own writes. An item's moves when its own fields do:
// tracking switched off (or on) in the admin changes no quantity, so only
// the item says so.
var changedLevelsQuery = `query ShelfSyncChangedLevels($locationId: ID!, $first: Int!, $query: String!, $items: Int!) {
  location(id: $locationId) {
    inventoryLevels(first: $first, query: $query) {
      pageInfo { hasNextPage }
      nodes { ` + changedLevelFields + ` }
    }
  }
  ` + fmt.Sprintf(changedItemsField, "$locationId") + `
}`

const changedItemsField = `inventoryItems(first: $items, query: $query) {
    pageInfo { hasNextPage }
    nodes { ` + changedItemFields + ` }
  }`

const changedItemFields = `id sku tracked inventoryLevel(locationId: %s) { quantities(names: ["available"]) { name quantity } }`

// changedItemsExport asks for every changed item as one bulk query.
func changedItemsExport(locationID, filter string) string {
	return fmt.Sprintf(`{ inventoryItems(query: %s) { edges { node { `+changedItemFields+` } } } }`,
		strconv.Quote(filter), strconv.Quote(locationID))
}

// changedItemsPage is how many changed items the change read asks for
// with the levels: 2 + 50 x 3 = 152 points (an item, its level, the
// quantities list).
const changedItemsPage = 50

func changedItemsCost(n int) int { return 2 + 3*n }

const changedLevelFields = `updatedAt quantities(names: ["available"]) { name quantity } item { id sku tracked }`

// changedLevelsExport is the same question as one bulk query: every level
// the filter keeps, a line each under the location's own line.
func changedLevelsExport(locationID, filter string) string {
	return fmt.Sprintf(`{ location(id: %s) { id inventoryLevels(query: %s) { edges { node { %s } } } } }`,
		strconv.Quote(locationID), strconv.Quote(filter), changedLevelFields)
}

// changedLevel is one level of the change read, from a page or a line of
// the export (where ParentID is the location's id).
type changedLevel struct {
	UpdatedAt time.Time `json:"updatedAt"`
	levelRef
	Item     *changedItem `json:"item"`
	ParentID string       `json:"__parentId"`
}

type changedItem struct {
	ID      string `json:"id"`
	SKU     string `json:"sku"`
	Tracked *bool  `json:"tracked"`
}

type changedItemsData struct {
	InventoryItems struct {
		PageInfo struct {
			HasNextPage bool `json:"hasNextPage"`
		} `json:"pageInfo"`
		Nodes []inventoryItemRef `json:"nodes"`
	} `json:"inventoryItems"`
}

type changedLevelsData struct {
	changedItemsData
	Location *struct {
		InventoryLevels struct {
			PageInfo struct {
				HasNextPage bool `json:"hasNextPage"`
			} `json:"pageInfo"`
			Nodes []changedLevel `json:"nodes"`
		} `json:"inventoryLevels"`
	} `json:"location"`
}

// minChangedLevelsPage is the smallest first page of the change read: 78
// points, under a second of a standard bucket's restore.
const minChangedLevelsPage = 25

// changedLevelsPageSize is the largest page of the change read within the
// cost limit: the changed items, the location 1, the connection 2, then
// one level each.
func (s *Store) changedLevelsPageSize() int {
	return max(1, min(MaxBatch, (s.costLimit()-changedItemsCost(changedItemsPage)-3)/changedLevelCost))
}

// changesExport names the export of the levels changed since from.
func (s *Store) changesExport(from time.Time) bulkExport {
	return bulkExport{
		what:    "the stock levels changed since " + from.Format("2 Jan 15:04 MST"),
		step:    "wait for the export of changed stock levels",
		timeout: s.opts.ChangeBulkTimeout,
	}
}

// ChangedSince reads the inventory levels at the synced location whose
// updatedAt is at or after since minus ChangeOverlap, using Shopify's own
// filter (inventoryLevels(query: "updated_at:>='…'")), and returns each
// one's available quantity now. One page answers the usual few changes;
// when there are more (the first Smart after a Full reads back every level
// the Full wrote), the rest come by one bulk export of the same filter,
// about 12 points whatever its size, instead of a page of 750 points per
// 250 levels. Levels of untracked items come back as NotTracked. Next is
// the latest updatedAt seen (Shopify's clock), never before since. See
// docs/connectors/shopify.md for what this cannot see.
func (s *Store) ChangedSince(ctx context.Context, since time.Time) (connector.StoreChanges, error) {
	if since.IsZero() {
		return connector.StoreChanges{}, errors.New("ask Shopify what changed since a time: with no time, read the whole store instead")
	}
	calls0 := s.Calls()
	loc, err := s.resolveLocation(ctx)
	if err != nil {
		return connector.StoreChanges{}, err
	}
	from := since.Add(-ChangeOverlap).UTC().Truncate(time.Second)
	filter := "updated_at:>='" + from.Format(time.RFC3339) + "'"
	out := connector.StoreChanges{Next: since.UTC()}
	first := s.changedLevelsPageSize()
	if points, known := s.pacer.available(s.opts.Now()); known {
		// A page the bucket cannot pay for now would wait for it (after a
		// Full Sync it is nearly empty); a smaller one answers the usual few
		// changes at once, and the export reads a larger set whatever the page.
		first = min(first, max(minChangedLevelsPage, (int(points)-changedItemsCost(changedItemsPage)-3)/changedLevelCost))
	}
	var d changedLevelsData
	for {
		d = changedLevelsData{}
		vars := map[string]any{"locationId": loc.ID, "first": first, "query": filter, "items": changedItemsPage}
		err := s.call(ctx, "ShelfSyncChangedLevels", changedLevelsQuery, vars, 3+changedLevelCost*first+changedItemsCost(changedItemsPage), &d)
		var ce *costError
		if errors.As(err, &ce) && first > 1 {
			first = max(1, min(first/2, s.changedLevelsPageSize()))
			continue
		}
		if err != nil {
			return connector.StoreChanges{}, fmt.Errorf("ask Shopify which stock levels changed since %s: %w", from.Format(time.RFC3339), err)
		}
		break
	}
	if d.Location == nil {
		return connector.StoreChanges{}, plain.New(fmt.Sprintf("Shopify no longer has the location %s: choose the location again in the connection's settings", loc.Name))
	}
	levels := d.Location.InventoryLevels
	if !levels.PageInfo.HasNextPage {
		for _, n := range levels.Nodes {
			addChangedLevel(&out, n)
		}
	} else {
		// The export holds the first page's levels again: read them there.
		err := s.runBulk(ctx, s.changesExport(from), changedLevelsExport(loc.ID, filter), func(raw []byte) error {
			var n changedLevel
			if err := json.Unmarshal(raw, &n); err != nil {
				return err
			}
			if n.ParentID != "" { // the location's own line has none
				addChangedLevel(&out, n)
			}
			return nil
		})
		if err != nil {
			return connector.StoreChanges{}, err
		}
	}
	if err := s.addChangedItems(ctx, &out, loc, from, filter, d.changedItemsData); err != nil {
		return connector.StoreChanges{}, err
	}
	out.APICalls = int(s.Calls() - calls0)
	return out, nil
}

// addChangedItems adds the items changed since the look whose level the
// change read did not already bring (tracking switched off or on); when
// more changed than the first request holds (a product import), the rest
// come by one bulk export, as the levels do.
func (s *Store) addChangedItems(ctx context.Context, out *connector.StoreChanges, loc location, from time.Time, filter string, page changedItemsData) error {
	seen := make(map[string]bool, len(out.Items)+len(out.NotTracked))
	for _, it := range out.Items {
		seen[it.Ref] = true
	}
	for _, it := range out.NotTracked {
		seen[it.Ref] = true
	}
	add := func(item inventoryItemRef) {
		if !seen[item.ID] {
			seen[item.ID] = true
			addChangedLevel(out, changedLevel{levelRef: derefLevel(item.InventoryLevel), Item: &changedItem{ID: item.ID, SKU: item.SKU, Tracked: item.Tracked}})
		}
	}
	if !page.InventoryItems.PageInfo.HasNextPage {
		for _, item := range page.InventoryItems.Nodes {
			add(item)
		}
		return nil
	}
	ex := bulkExport{
		what:    "the inventory items edited since " + from.Format("2 Jan 15:04 MST"),
		step:    "wait for the export of edited inventory items",
		timeout: s.opts.ChangeBulkTimeout,
	}
	return s.runBulk(ctx, ex, changedItemsExport(loc.ID, filter), func(raw []byte) error {
		var item inventoryItemRef
		if err := json.Unmarshal(raw, &item); err != nil {
			return err
		}
		add(item)
		return nil
	})
}

// derefLevel is an item's level at the location, or none (not stocked).
func derefLevel(l *levelRef) levelRef {
	if l == nil {
		return levelRef{}
	}
	return *l
}

// addChangedLevel adds one changed level to out, moving out.Next to its
// time.
func addChangedLevel(out *connector.StoreChanges, n changedLevel) {
	if n.UpdatedAt.After(out.Next) {
		out.Next = n.UpdatedAt.UTC()
	}
	if n.Item == nil || strings.TrimSpace(n.Item.SKU) == "" {
		return
	}
	qty, ok := n.available()
	if !ok {
		return
	}
	it := inventory.StoreItem{SKU: strings.TrimSpace(n.Item.SKU), Qty: qty, Ref: n.Item.ID}
	if n.Item.Tracked != nil && !*n.Item.Tracked {
		out.NotTracked = append(out.NotTracked, it)
	} else {
		out.Items = append(out.Items, it)
	}
}
