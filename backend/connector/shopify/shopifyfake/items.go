package shopifyfake

import (
	"fmt"
	"regexp"
	"strings"
)

// inventoryItems(first:, after:, query:) lists the shop's inventory items;
// its search filters include updated_at, which moves when an item's own
// fields change (tracked, sku, cost), not when its quantities do. The
// fake serves updated_at with the comparators of levels.go, joined by AND;
// any other term is refused, not ignored.

var (
	inventoryItemsRE = regexp.MustCompile(`\binventoryItems\s*\(`)
	itemTermRE       = regexp.MustCompile(`^updated_at:(>=|<=|>|<)?(?:'([^']*)'|"([^"]*)"|(\S+))$`)
)

func parseItemFilter(query string) (func(*variant) bool, error) {
	var terms []func(*variant) bool
	for _, term := range andSplitRE.Split(strings.TrimSpace(query), -1) {
		if term == "" {
			continue
		}
		m := itemTermRE.FindStringSubmatch(term)
		if m == nil {
			return nil, fmt.Errorf("the fake's inventoryItems only supports the search term updated_at joined by AND, got %q", term)
		}
		at, err := parseSearchTime(m[2] + m[3] + m[4])
		if err != nil {
			return nil, err
		}
		keep := timeComparison(m[1], at)
		terms = append(terms, func(v *variant) bool { return keep(v.itemTime) })
	}
	return func(v *variant) bool {
		for _, t := range terms {
			if !t(v) {
				return false
			}
		}
		return true
	}, nil
}

// planInventoryItems serves inventoryItems, in item id order, each with its
// level at the location its inventoryLevel(locationId:) names.
func (q *request) planInventoryItems() (rootField, error) {
	first, after, search, err := q.searchPage("inventoryItems")
	if err != nil {
		return rootField{}, err
	}
	match, err := parseItemFilter(search)
	if err != nil {
		return rootField{}, err
	}
	loc, hasLoc, err := q.levelLocation()
	if err != nil {
		return rootField{}, err
	}
	aliased, err := aliasedLevels(q.query, q.vars)
	if err != nil {
		return rootField{}, err
	}
	requested, per := q.cost("inventoryItems")
	return rootField{name: "inventoryItems", requested: requested, run: func() (any, int) {
		page, n := q.f.variantPage(after, first, match, func(v *variant) any {
			return q.f.variantJSON(v, loc, hasLoc, aliased)["inventoryItem"]
		})
		return page, 2 + n*per
	}}, nil
}
