package shopifyfake

import (
	"fmt"
	"regexp"
)

// inventoryItemUpdate(id: ID!, input: InventoryItemInput!) changes an
// inventory item's own fields; the fake serves input.tracked, the one
// ShelfSync sets ("Turn on stock tracking for these"). It needs
// write_inventory (or write_products), costs 10 like any mutation, and
// takes no @idempotent directive: setting a field twice is harmless, so
// Shopify made the directive mandatory only for quantity adjustments.
// Turning tracking on keeps the levels' quantities and moves the item's
// updatedAt. An unknown id is a userError on ["id"] (the message is the
// fake's own words).

var itemUpdateRE = regexp.MustCompile(`\binventoryItemUpdate\b`)

func (q *request) planItemUpdate() (rootField, error) {
	args, err := q.args("inventoryItemUpdate")
	if err != nil {
		return rootField{}, err
	}
	gid, ok, err := stringArg(args, "id")
	if err != nil || !ok {
		return rootField{}, invalidVariable("id (Expected value to not be null)")
	}
	in, ok := args["input"].(map[string]any)
	if !ok {
		return rootField{}, invalidVariable("input (Expected value to not be null)")
	}
	tracked, setTracked := in["tracked"]
	if setTracked {
		if _, isBool := tracked.(bool); !isBool {
			return rootField{}, invalidVariable("input.tracked must be a Boolean")
		}
	}
	for k := range in {
		if k != "tracked" {
			return rootField{}, fmt.Errorf("the fake's inventoryItemUpdate only sets tracked, got input.%s", k)
		}
	}
	return rootField{name: "inventoryItemUpdate", requested: 10, run: func() (any, int) {
		id, ok := parseGID(gid, "InventoryItem")
		v := q.f.byItem[id]
		if !ok || v == nil {
			return map[string]any{"inventoryItem": nil, "userErrors": []any{
				map[string]any{"field": []string{"id"}, "message": "The inventory item could not be found."},
			}}, 10
		}
		if setTracked {
			v.tracked = tracked.(bool)
			v.itemTime = q.f.opts.Clock.Now()
		}
		q.f.stats.ItemUpdates++
		return map[string]any{
			"inventoryItem": map[string]any{"id": ItemGID(v.id), "sku": v.sku, "tracked": v.tracked, "updatedAt": v.itemTime.UTC().Format(shopifyLayout)},
			"userErrors":    []any{},
		}, 10
	}}, nil
}
