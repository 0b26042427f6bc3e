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
	if q.State != "" && !slices.Contains(types.ItemStates, q.State) {
		return types.InventoryPage{}, fmt.Errorf("unknown state filter %q", q.State)
	}
	page, err := s.db.ItemsPage(storage.ItemQuery{
		ConnectionID: q.ConnectionID, Search: q.Search, State: q.State,
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
	return out, nil
}
