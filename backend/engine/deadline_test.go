package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// hangingWarehouse never answers: a server that accepts the connection and
// then says nothing, slower than any timeout of one request.
type hangingWarehouse struct{}

func (hangingWarehouse) ReadItems(ctx context.Context, _ time.Time) (connector.WarehouseRead, error) {
	<-ctx.Done()
	return connector.WarehouseRead{}, ctx.Err()
}

func (hangingWarehouse) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{}, nil
}

func TestARunPastItsDeadlineFailsNamingTheStepItWasIn(t *testing.T) {
	w := newTestWorld(t)
	e := New(w.db, staticConnectors{hangingWarehouse{}, w.store}, Options{Now: w.clock.Now, RunDeadline: 100 * time.Millisecond})
	done := make(chan storage.SyncRun, 1)
	go func() {
		run, err := e.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeFull, Trigger: types.TriggerScheduled})
		if err != nil {
			t.Error(err)
		}
		done <- run
	}()
	var run storage.SyncRun
	select {
	case run = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a run against a warehouse that never answers did not stop at its deadline")
	}
	if run.Status != types.RunFailed || !strings.Contains(run.Error, "reading the warehouse") || !strings.Contains(run.Error, "deadline of 100ms") {
		t.Fatalf("run %s: %q; want failed at its deadline while reading the warehouse", run.Status, run.Error)
	}
}

func TestARunPastItsDeadlineWhilePushingSaysSoAndKeepsTheRestPending(t *testing.T) {
	w := newTestWorld(t)
	w.store.maxSize = 1
	for _, sku := range []string{"A", "B", "C"} {
		w.wh.set(sku, 5, w.clock.Now())
	}
	w.store.onPush = func(batch int) {
		if batch == 1 {
			time.Sleep(300 * time.Millisecond)
		}
	}
	e := New(w.db, staticConnectors{w.wh, w.store}, Options{Now: w.clock.Now, RunDeadline: 150 * time.Millisecond})
	run, err := e.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeFull, Trigger: types.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != types.RunFailed || !strings.Contains(run.Error, "writing to the store") || run.Pushed != 1 {
		t.Fatalf("run %s pushed %d: %q; want failed while writing to the store after 1", run.Status, run.Pushed, run.Error)
	}
	// A connection's own deadline wins over the default.
	conn, err := w.db.Connection(w.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	conn.Rules.RunDeadlineMinutes = 60
	if err := w.db.SaveConnection(&conn); err != nil {
		t.Fatal(err)
	}
	w.store.onPush = func(int) { time.Sleep(200 * time.Millisecond) }
	retry, err := e.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeSmart, Trigger: types.TriggerManual})
	if err != nil || retry.Status != types.RunSucceeded || retry.Pushed != 2 {
		t.Errorf("the next Smart Sync, with an hour: %s pushed %d (%v), want the 2 not written", retry.Status, retry.Pushed, err)
	}
}
