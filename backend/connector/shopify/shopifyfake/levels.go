package shopifyfake

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// location(id:) { inventoryLevels(first:, after:, query:) } is how a client
// asks which stock levels changed at a location since a time: Shopify's
// InventoryLevel connection takes the search filters created_at,
// updated_at, inventory_item_id and inventory_group_id; the fake serves
// updated_at and inventory_item_id, with the comparators :>, :>=, :<, :<=
// and : (equal), joined by AND. A level's updatedAt moves whenever one of
// its quantities changes: a write, a sale, a hand edit in the admin.

var (
	locationRE    = regexp.MustCompile(`\blocation\s*\(`)
	levelTermRE   = regexp.MustCompile(`^(updated_at|created_at|inventory_item_id):(>=|<=|>|<)?(?:'([^']*)'|"([^"]*)"|(\S+))$`)
	andSplitRE    = regexp.MustCompile(`\s+AND\s+|\s+`)
	shopifyLayout = time.RFC3339
)

// levelFilter is a parsed inventoryLevels search query.
type levelFilter struct {
	terms []func(v *variant, l *level) bool
}

func (lf levelFilter) match(v *variant, l *level) bool {
	for _, t := range lf.terms {
		if !t(v, l) {
			return false
		}
	}
	return true
}

// parseLevelFilter reads the query argument of inventoryLevels. A term it
// does not know is refused, as the fake serves only what it can check.
func parseLevelFilter(query string) (levelFilter, error) {
	var lf levelFilter
	for _, term := range andSplitRE.Split(strings.TrimSpace(query), -1) {
		if term == "" {
			continue
		}
		m := levelTermRE.FindStringSubmatch(term)
		if m == nil {
			return lf, fmt.Errorf("the fake's inventoryLevels only supports the search terms updated_at, created_at and inventory_item_id joined by AND, got %q", term)
		}
		field, op, value := m[1], m[2], m[3]+m[4]+m[5]
		if field == "inventory_item_id" {
			id, ok := parseGID(value, "InventoryItem")
			if !ok {
				if _, err := fmt.Sscan(value, &id); err != nil {
					return lf, fmt.Errorf("inventory_item_id must be a number or an InventoryItem gid, got %q", value)
				}
			}
			lf.terms = append(lf.terms, func(v *variant, _ *level) bool { return v.id == id })
			continue
		}
		at, err := parseSearchTime(value)
		if err != nil {
			return lf, err
		}
		pick := func(_ *variant, l *level) time.Time { return l.updatedAt }
		if field == "created_at" {
			pick = func(_ *variant, l *level) time.Time { return l.createdAt }
		}
		keep := timeComparison(op, at)
		lf.terms = append(lf.terms, func(v *variant, l *level) bool { return keep(pick(v, l)) })
	}
	return lf, nil
}

// timeComparison is a search term's comparator (:>, :>=, :<, :<= or :)
// against at; Shopify keeps these times to the second.
func timeComparison(op string, at time.Time) func(time.Time) bool {
	return func(t time.Time) bool {
		c := t.Truncate(time.Second).Compare(at)
		switch op {
		case ">":
			return c > 0
		case ">=":
			return c >= 0
		case "<":
			return c < 0
		case "<=":
			return c <= 0
		}
		return c == 0
	}
}

// parseSearchTime reads a search query's time: RFC 3339, or a date alone
// (midnight UTC), as Shopify's search syntax takes them.
func parseSearchTime(s string) (time.Time, error) {
	if t, err := time.Parse(shopifyLayout, s); err == nil {
		return t.Truncate(time.Second), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("invalid date %q in the search query: use ISO 8601, e.g. 2026-12-02T10:00:00Z", s)
}

// planLocationLevels serves location(id:) with its inventoryLevels
// connection, the levels in inventory item id order.
func (q *request) planLocationLevels() (rootField, error) {
	locArgs, err := q.args("location")
	if err != nil {
		return rootField{}, err
	}
	s, ok, err := stringArg(locArgs, "id")
	if err != nil || !ok {
		return rootField{}, fmt.Errorf("location needs id: ID")
	}
	locID, ok := parseGID(s, "Location")
	if !ok {
		return rootField{}, fmt.Errorf("invalid global id %q", s)
	}
	first, after, search, err := q.searchPage("inventoryLevels")
	if err != nil {
		return rootField{}, err
	}
	filter, err := parseLevelFilter(search)
	if err != nil {
		return rootField{}, err
	}
	requested, _ := q.cost("location")
	perLevel := (requested - 3) / first // location 1, connection 2, then first × one level
	return rootField{name: "location", requested: requested, run: func() (any, int) {
		if !q.f.locationExists(locID) {
			return nil, 1
		}
		q.f.stats.LevelPages++
		var nodes, edges []any
		var last int64
		more := false
		for _, v := range q.f.variants {
			l := v.levels[locID]
			if v.id <= after || l == nil || !filter.match(v, l) {
				continue
			}
			if len(nodes) == first {
				more = true
				break
			}
			n := levelNode(v, locID, l)
			nodes = append(nodes, n)
			edges = append(edges, map[string]any{"cursor": encodeCursor(v.id), "node": n})
			last = v.id
		}
		page := map[string]any{"hasNextPage": more, "hasPreviousPage": after > 0, "endCursor": nil, "startCursor": nil}
		if len(nodes) > 0 {
			page["endCursor"] = encodeCursor(last)
			page["startCursor"] = edges[0].(map[string]any)["cursor"]
		}
		if nodes == nil {
			nodes, edges = []any{}, []any{}
		}
		levels := map[string]any{"nodes": nodes, "edges": edges, "pageInfo": page}
		return map[string]any{"id": LocationGID(locID), "inventoryLevels": levels}, 3 + len(nodes)*perLevel
	}}, nil
}

// levelNode is the whole shape of one inventory level the fake returns.
func levelNode(v *variant, locID int64, l *level) map[string]any {
	return map[string]any{
		"id":        fmt.Sprintf("gid://shopify/InventoryLevel/%d?inventory_item_id=%d", locID, v.id),
		"createdAt": l.createdAt.UTC().Format(shopifyLayout),
		"updatedAt": l.updatedAt.UTC().Format(shopifyLayout),
		"quantities": []any{
			map[string]any{"name": "available", "quantity": l.available},
			map[string]any{"name": "committed", "quantity": l.committed},
			map[string]any{"name": "on_hand", "quantity": l.available + l.committed},
		},
		"item":     map[string]any{"id": ItemGID(v.id), "sku": v.sku, "tracked": v.tracked, "updatedAt": v.itemTime.UTC().Format(shopifyLayout)},
		"location": map[string]any{"id": LocationGID(locID)},
	}
}
