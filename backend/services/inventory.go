package services

import (
	"fmt"
	"sort"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// InventoryService serves the Inventory tab's table.
type InventoryService struct{ core *Core }

// NewInventoryService binds inventory use cases to a core.
func NewInventoryService(c *Core) *InventoryService { return &InventoryService{core: c} }

var knownStates = map[string]bool{
	"": true, storage.StateInSync: true, storage.StateChanged: true, storage.StatePending: true,
	storage.StateFailed: true, storage.StateUnmapped: true, storage.StateIgnored: true,
	storage.StateMissingFromFeed: true, storage.StateConflictingRows: true, storage.StateInvalidQuantity: true,
	storage.StateNotFed: true, storage.StateNotTracked: true,
}

// ItemStates are the states the Inventory tab filters by, in its order.
func ItemStates() []string {
	out := make([]string, 0, len(knownStates))
	for s := range knownStates {
		if s != "" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// IsItemState tells a state the Inventory tab can filter by ("" is all).
func IsItemState(s string) bool { return knownStates[s] }

// Page returns one keyset page of a connection's inventory, filtered and
// sorted in SQLite.
func (s *InventoryService) Page(q types.InventoryQuery) (types.InventoryPage, error) {
	if !knownStates[q.State] {
		return types.InventoryPage{}, fmt.Errorf("unknown state filter %q", q.State)
	}
	page, err := s.core.DB.ItemsPage(storage.ItemQuery{
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
	return out, nil
}
