package services

import (
	"fmt"
	"slices"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// InventoryService serves the Inventory tab's table.
type InventoryService struct{ db *storage.DB }

func newInventoryService(db *storage.DB) *InventoryService { return &InventoryService{db: db} }

// Page returns one keyset page of a connection's inventory, filtered and
// sorted in SQLite.
func (s *InventoryService) Page(q types.InventoryQuery) (types.InventoryPage, error) {
	states, err := statesOf(q)
	if err != nil {
		return types.InventoryPage{}, err
	}
	page, err := s.db.ItemsPage(storage.ItemQuery{
		ConnectionID: q.ConnectionID, Search: q.Search, States: states,
		SortBy: q.SortBy, Desc: q.Desc, After: q.After, Limit: q.Limit,
	})
	if err != nil {
		return types.InventoryPage{}, err
	}
	out := types.InventoryPage{Items: make([]types.InventoryItem, len(page.Items)), Next: page.Next, Total: page.Total, StateCounts: page.StateCounts}
	for i, it := range page.Items {
		out.Items[i] = itemDTO(it)
	}
	if err := s.addLocations(q, out.Items); err != nil {
		return types.InventoryPage{}, err
	}
	if err := s.addRecipes(q.ConnectionID, out.Items); err != nil {
		return types.InventoryPage{}, err
	}
	return out, nil
}

// addRecipes gives each bundle's row its recipe.
func (s *InventoryService) addRecipes(connectionID uint, items []types.InventoryItem) error {
	if len(items) == 0 {
		return nil
	}
	skus := make([]string, len(items))
	for i, it := range items {
		skus[i] = it.SKU
	}
	recipes, err := s.db.RecipesOf(connectionID, skus)
	if err != nil {
		return err
	}
	for i := range items {
		for _, c := range recipes[items[i].SKU] {
			items[i].Bundle = append(items[i].Bundle, types.BundleComponent{SKU: c.SKU, Qty: c.Qty})
		}
	}
	return nil
}

// statesOf is the states a query keeps: its one state, or its group's.
func statesOf(q types.InventoryQuery) ([]types.ItemState, error) {
	switch {
	case q.State != "" && q.Group != "":
		return nil, fmt.Errorf("filter by one state (%q) or one group of states (%q), not both", q.State, q.Group)
	case q.Group != "":
		states := q.Group.States()
		if states == nil {
			return nil, fmt.Errorf("unknown state group %q", q.Group)
		}
		return states, nil
	case q.State != "":
		if !slices.Contains(types.ItemStates, q.State) {
			return nil, fmt.Errorf("unknown state filter %q", q.State)
		}
		return []types.ItemState{q.State}, nil
	}
	return nil, nil
}
