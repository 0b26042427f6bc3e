package engine

import (
	"context"
	"fmt"

	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
)

// Preview is what a sync would do, computed without pushing or recording.
type Preview struct {
	Plan  inventory.Plan
	Read  int
	Names map[string]string // warehouse SKU -> product name
	// Hold is the circuit breaker's sentence when a real run would be held.
	Hold string
	// Bundles says, for each bundle the sync computed, which component
	// limited its quantity ("limited by MUG: 7 ÷ 2").
	Bundles map[string]string
	// Located is true when the connection has a location map, so the plan
	// counts SKU-locations.
	Located bool
}

// Preview reads both sides and plans, but writes nothing.
func (e *Engine) Preview(ctx context.Context, connectionID uint, mode inventory.Mode) (Preview, error) {
	conn, err := e.db.Connection(connectionID)
	if err != nil {
		return Preview{}, fmt.Errorf("there is no connection %d: %w", connectionID, err)
	}
	w, err := e.gather(ctx, conn, Request{Mode: mode}, nil)
	if err != nil {
		return Preview{}, fmt.Errorf("preview %s: %w", conn.Name, err)
	}
	names := make(map[string]string, len(w.plan.Pushes))
	byStore := map[string]storage.Item{}
	for _, it := range w.stored {
		byStore[it.SKU] = it
	}
	for _, it := range w.view {
		if it.Name != "" {
			names[it.SKU] = it.Name
		} else if old, ok := byStore[it.SKU]; ok {
			names[it.SKU] = old.Name
		}
	}
	return Preview{Plan: w.plan, Read: len(w.read.Items), Names: names, Hold: checkHold(w, Request{}), Bundles: bundleSentences(w.view), Located: w.locMap != nil}, nil
}
