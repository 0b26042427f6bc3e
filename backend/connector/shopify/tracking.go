package shopify

import (
	"context"
	"fmt"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

// trackMutation turns stock tracking on for one inventory item
// ("Turn on stock tracking for these"). Setting a field twice is harmless,
// so Shopify takes it without an idempotency key.
const trackMutation = `mutation ShelfSyncTrack($id: ID!, $input: InventoryItemInput!) {
  inventoryItemUpdate(id: $id, input: $input) {
    inventoryItem { id tracked }
    userErrors { field message }
  }
}`

type trackData struct {
	Update struct {
		Item *struct {
			ID      string `json:"id"`
			Tracked bool   `json:"tracked"`
		} `json:"inventoryItem"`
		UserErrors []struct {
			Field   []string `json:"field"`
			Message string   `json:"message"`
		} `json:"userErrors"`
	} `json:"inventoryItemUpdate"`
}

// turnOnTracking switches tracking on, one call per item, for the pushes
// the merchant asked to track (inventory.ReasonTrack, with
// PushMeta.TurnOnTracking); a push Shopify refused fails with a sentence
// and is left out of the write. It returns the entries still to write.
func (s *Store) turnOnTracking(ctx context.Context, batch []inventory.Push, entries []*entry, results []connector.PushResult) ([]*entry, error) {
	var kept []*entry
	for _, e := range entries {
		if batch[e.i].Why != inventory.ReasonTrack {
			kept = append(kept, e)
			continue
		}
		var d trackData
		vars := map[string]any{"id": e.item, "input": map[string]any{"tracked": true}}
		if err := s.call(ctx, "ShelfSyncTrack", trackMutation, vars, 10, &d); err != nil {
			if !anyWritten(results) && len(kept) == 0 {
				return nil, fmt.Errorf("turn on stock tracking: %w", err)
			}
			results[e.i].Error = fmt.Sprintf("Shopify did not turn on stock tracking for this item (%v); it stays untracked until you try again", err)
			continue
		}
		switch {
		case len(d.Update.UserErrors) > 0:
			results[e.i].Error = s.tokens.scrub(fmt.Sprintf("Shopify refused to turn on stock tracking for this item: %s", d.Update.UserErrors[0].Message))
		case d.Update.Item == nil || !d.Update.Item.Tracked:
			results[e.i].Error = "Shopify did not confirm that stock tracking is on for this item; it stays untracked until you try again"
		default:
			kept = append(kept, e)
		}
	}
	return kept, nil
}
