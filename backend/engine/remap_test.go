package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"shelfsync/backend/inventory"
	"shelfsync/backend/types"
)

// A remap pushes: the baseline A confirmed on listing P does not stand for
// listing X, which A now feeds; P, which no SKU feeds any more, keeps a
// row of its own in the not_fed state.
func TestARemapPushesTheListingTheSKUNowFeeds(t *testing.T) {
	w := newTestWorld(t)
	at := time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC)
	w.wh.set("A", 5, at)
	w.wh.set("B", 7, at)
	w.conn.Rules.Mapping = map[string]string{"A": "P"}
	if err := w.db.SaveConnection(&w.conn); err != nil {
		t.Fatal(err)
	}
	if full := w.sync(t, inventory.ModeFull); full.Pushed != 2 || w.store.qty["P"] != 5 {
		t.Fatalf("Full pushed %d, listing P holds %d; want 2 pushed and P at 5", full.Pushed, w.store.qty["P"])
	}

	conn, err := w.db.Connection(w.conn.ID) // as the last run left it
	if err != nil {
		t.Fatal(err)
	}
	conn.Rules.Mapping = map[string]string{"A": "X"}
	if err := w.db.SaveConnection(&conn); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(at.Add(time.Hour))
	smart := w.sync(t, inventory.ModeSmart)
	if smart.Pushed != 1 || w.store.qty["X"] != 5 || smart.NotFed != 1 {
		t.Fatalf("Smart after the remap pushed %d, listing X holds %d, %d not fed; want A's 5 on X and P not fed", smart.Pushed, w.store.qty["X"], smart.NotFed)
	}
	states, err := w.db.ItemsInState(w.conn.ID, types.StateNotFed)
	if err != nil || len(states) != 1 || states[0].SKU != "P" {
		t.Errorf("not fed: %+v (%v), want listing P", states, err)
	}
}

// Undo of a run whose history the retention removed says it is too old.
func TestUndoOfARunPastTheRetentionSaysItIsTooOld(t *testing.T) {
	w := newTestWorld(t)
	w.wh.set("A", 5, time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC))
	run := w.sync(t, inventory.ModeFull)
	if _, err := w.db.Prune(w.conn.ID, w.clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, err := w.engine.PreviewUndo(context.Background(), run.ID)
	if !errors.Is(err, ErrUndoTooOld) {
		t.Fatalf("undo of a pruned run: %v, want ErrUndoTooOld", err)
	}
}

// A first sync the breaker held has not finished: the next Smart Sync runs
// Full (seed 5142 of the simulation met a held first Full that had
// recorded its rules as planned, so the Smart after it trusted a store
// index nobody had recorded).
func TestAHeldFirstSyncLeavesTheNextSmartAFull(t *testing.T) {
	w := newTestWorld(t)
	at := time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range 25 {
		q := 5
		if i < 10 {
			q = 0
		}
		w.wh.set(fmt.Sprintf("S%02d", i), q, at)
		w.store.qty[fmt.Sprintf("S%02d", i)] = 5
	}
	if held := w.sync(t, inventory.ModeFull); held.Status != types.RunHeld {
		t.Fatalf("first Full: %s, want held", held.Status)
	}
	conn, err := w.db.Connection(w.conn.ID)
	if err != nil || conn.PlannedRules != "" {
		t.Fatalf("after a held run the connection says its rules were planned with (%q, %v)", conn.PlannedRules, err)
	}
}
