package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

func TestWorkedExampleThroughTheEngine(t *testing.T) {
	w := newTestWorld(t)
	w.wh.set("A", 7, time.Date(2020, 2, 28, 8, 45, 0, 0, time.UTC))
	w.wh.set("B", 10, time.Date(2020, 3, 2, 13, 30, 0, 0, time.UTC))
	w.wh.set("C", 3, time.Date(2020, 2, 25, 11, 0, 0, 0, time.UTC))

	first := w.sync(t, inventory.ModeSmart) // 2 PM, never synced: runs Full
	if first.ModeRun != "full" || first.Reason == "" || first.Pushed != 3 {
		t.Fatalf("first Smart = mode %s reason %q pushed %d, want a Full of 3 with a reason", first.ModeRun, first.Reason, first.Pushed)
	}

	w.clock.Set(time.Date(2020, 3, 2, 15, 0, 0, 0, time.UTC))
	w.wh.set("A", 5, time.Date(2020, 3, 2, 14, 30, 0, 0, time.UTC))
	smart := w.sync(t, inventory.ModeSmart)
	items := w.runItems(t, smart)
	if smart.Status != types.RunSucceeded || smart.Pushed != 1 || len(items) != 1 {
		t.Fatalf("3 PM Smart: status %s pushed %d items %v, want only A", smart.Status, smart.Pushed, items)
	}
	if a := items["A"]; a.FromQty == nil || *a.FromQty != 7 || a.ToQty != 5 {
		t.Errorf("A went %v -> %d, want 7 -> 5", a.FromQty, a.ToQty)
	}
	// The incremental read asked for changes since the 2 PM run, minus the overlap.
	if since := w.wh.reads[len(w.wh.reads)-1]; !since.Equal(first.StartedAt.Add(-IncrementalOverlap)) {
		t.Errorf("Smart read since %v, want %v", since, first.StartedAt.Add(-IncrementalOverlap))
	}

	if again := w.sync(t, inventory.ModeSmart); again.Pushed != 0 {
		t.Errorf("a second Smart pushed %d, want 0", again.Pushed)
	}
	if full := w.sync(t, inventory.ModeFull); full.Pushed != 3 {
		t.Errorf("Full pushed %d, want 3", full.Pushed)
	}
}

func TestSomeSKUsFailingMakesPartialAndTheNextSmartRetriesExactlyThose(t *testing.T) {
	w := newTestWorld(t)
	for i, sku := range []string{"A", "B", "C", "D"} {
		w.wh.set(sku, 10+i, w.clock.Now())
	}
	w.store.failSKUs["B"], w.store.failSKUs["D"] = true, true

	run := w.sync(t, inventory.ModeFull)
	if run.Status != types.RunPartial || run.Pushed != 2 || run.Failed != 2 {
		t.Fatalf("run = %s pushed %d failed %d, want partial 2/2", run.Status, run.Pushed, run.Failed)
	}
	if b := w.runItems(t, run)["B"]; b.Status != "failed" || !strings.Contains(b.Error, "locked") {
		t.Errorf("B's result = %+v, want failed with the store's message", b)
	}

	w.store.failSKUs = map[string]bool{}
	w.clock.Set(w.clock.Now().Add(time.Hour))
	retry := w.sync(t, inventory.ModeSmart)
	got := w.runItems(t, retry)
	if retry.Status != types.RunSucceeded || len(got) != 2 || got["B"].Status != "ok" || got["D"].Status != "ok" {
		t.Fatalf("retry = %s with items %v, want exactly B and D pushed ok", retry.Status, got)
	}
	if w.store.qty["B"] != 11 || w.store.qty["D"] != 13 {
		t.Errorf("store B=%d D=%d, want 11 and 13", w.store.qty["B"], w.store.qty["D"])
	}
}

func TestAWarehouseThatCannotBeReadFailsTheRunAndKeepsTheWatermark(t *testing.T) {
	w := newTestWorld(t)
	w.wh.set("A", 1, w.clock.Now())
	first := w.sync(t, inventory.ModeFull)

	w.wh.readErr = fmt.Errorf("warehouse: %w", connector.ErrUnavailable)
	w.clock.Set(w.clock.Now().Add(time.Hour))
	failed := w.sync(t, inventory.ModeSmart)
	if failed.Status != types.RunFailed || failed.Error == "" {
		t.Fatalf("run = %s %q, want failed with a sentence", failed.Status, failed.Error)
	}
	conn, _ := w.db.Connection(w.conn.ID)
	if conn.Watermark == nil || !conn.Watermark.Equal(first.StartedAt) {
		t.Errorf("watermark = %v, want it left at the first run's start %v", conn.Watermark, first.StartedAt)
	}
}

func TestRefusedCredentialsStopThePushAndFailTheRun(t *testing.T) {
	w := newTestWorld(t)
	w.store.maxSize = 1
	w.wh.set("A", 1, w.clock.Now())
	w.wh.set("B", 2, w.clock.Now())
	w.store.batchErr = fmt.Errorf("the access token was refused: %w", connector.ErrUnauthorized)

	run := w.sync(t, inventory.ModeFull)
	if run.Status != types.RunFailed || !strings.Contains(run.Error, "access token was refused") {
		t.Fatalf("run = %s %q, want failed naming the token", run.Status, run.Error)
	}
	if len(w.store.batches) != 1 {
		t.Errorf("tried %d batches after the store refused the token, want 1", len(w.store.batches))
	}
}

func TestPushesAreBatchedAtTheStoreMaximum(t *testing.T) {
	w := newTestWorld(t)
	for i := 0; i < 501; i++ {
		w.wh.set(fmt.Sprintf("SKU-%04d", i), i%7, w.clock.Now())
	}
	run := w.sync(t, inventory.ModeFull)
	if len(w.store.batches) != 3 || run.Pushed != 501 {
		t.Fatalf("%d batches, %d pushed; want 3 batches (250, 250, 1) and 501 pushed", len(w.store.batches), run.Pushed)
	}
	if run.APICalls != 2+3 {
		t.Errorf("api calls = %d, want 2 reads + 3 writes", run.APICalls)
	}
}

func TestASecondRunOfTheSameConnectionIsRefused(t *testing.T) {
	w := newTestWorld(t)
	w.wh.set("A", 1, w.clock.Now())
	inside := make(chan struct{})
	release := make(chan struct{})
	w.store.onPush = func(int) { close(inside); <-release }

	done := make(chan storage.SyncRun)
	go func() { done <- w.sync(t, inventory.ModeFull) }()
	<-inside
	_, err := w.engine.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeSmart, Trigger: types.TriggerManual})
	if !errors.Is(err, ErrAlreadyRunning) || !strings.Contains(err.Error(), "a sync of Test is already running") {
		t.Errorf("second run err = %v, want 'a sync of Test is already running'", err)
	}
	w.store.onPush = nil
	close(release)
	if first := <-done; first.Status != types.RunSucceeded {
		t.Errorf("first run = %s, want succeeded", first.Status)
	}
}

func TestCancelStopsBetweenBatchesAndLeavesTheRestPending(t *testing.T) {
	w := newTestWorld(t)
	w.store.maxSize = 2
	for _, sku := range []string{"A", "B", "C", "D", "E", "F"} {
		w.wh.set(sku, 5, w.clock.Now())
	}
	w.store.onPush = func(batch int) {
		if batch == 1 {
			w.engine.Cancel(w.conn.ID)
		}
	}
	run := w.sync(t, inventory.ModeFull)
	if run.Status != types.RunCancelled || run.Pushed != 2 {
		t.Fatalf("run = %s pushed %d, want cancelled after 2", run.Status, run.Pushed)
	}

	w.store.onPush = nil
	retry := w.sync(t, inventory.ModeSmart)
	if retry.Pushed != 4 || retry.Status != types.RunSucceeded {
		t.Errorf("Smart after cancel pushed %d (%s), want the 4 not written", retry.Pushed, retry.Status)
	}
}

func TestARunLeftRunningByADeadProcessReadsInterrupted(t *testing.T) {
	w := newTestWorld(t)
	host := w.engine.host
	orphan := storage.SyncRun{ConnectionID: w.conn.ID, Trigger: "cli", ModeRequested: "full", StartedAt: w.clock.Now(), PID: 999999, Host: host}
	if err := w.db.BeginRun(&orphan, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	engine := New(w.db, staticConnectors{w.wh, w.store}, Options{Now: w.clock.Now})
	n, err := engine.RecoverInterrupted()
	if err != nil || n != 1 {
		t.Fatalf("recovered %d runs (%v), want 1", n, err)
	}
	got, _ := w.db.Run(orphan.ID)
	if got.Status != types.RunInterrupted || got.FinishedAt == nil || got.Error == "" {
		t.Errorf("orphan = %s finished %v %q, want interrupted with a sentence", got.Status, got.FinishedAt, got.Error)
	}
}

func TestTheCircuitBreakerHoldsARunThatZeroesTooMuch(t *testing.T) {
	w := newTestWorld(t)
	for i := 0; i < 40; i++ {
		w.wh.set(fmt.Sprintf("S%02d", i), 10, w.clock.Now())
	}
	w.sync(t, inventory.ModeFull)
	for i := 0; i < 20; i++ {
		w.wh.set(fmt.Sprintf("S%02d", i), 0, w.clock.Now())
	}
	held := w.sync(t, inventory.ModeSmart)
	if held.Status != types.RunHeld || held.Pushed != 0 || !strings.Contains(held.Error, "20 of 40") {
		t.Fatalf("run = %s pushed %d %q, want held naming 20 of 40", held.Status, held.Pushed, held.Error)
	}
	confirmed, err := w.engine.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeSmart, Trigger: types.TriggerManual, Confirmed: true})
	if err != nil || confirmed.Pushed != 20 {
		t.Fatalf("confirmed run pushed %d (%v), want 20", confirmed.Pushed, err)
	}
}

// A rules change the breaker holds ("Send 0 below 1000") must still be
// seen by the next Smart Sync: a held run stores no quantities, so it must
// not store the rules either, or the next Smart takes the fast path and
// finds nothing to do while the store still shows the old quantities.
func TestARulesChangeHeldByTheBreakerStaysHeldOnTheNextSmart(t *testing.T) {
	w := newTestWorld(t)
	for i := 0; i < 40; i++ {
		w.wh.set(fmt.Sprintf("S%02d", i), 10+i, w.clock.Now())
	}
	w.sync(t, inventory.ModeFull)
	w.clock.Set(w.clock.Now().Add(time.Hour))
	w.sync(t, inventory.ModeSmart) // on the fast path from here on
	conn, _ := w.db.Connection(w.conn.ID)
	conn.Rules.ZeroBelow = 1000
	if err := w.db.SaveConnection(&conn); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		w.clock.Set(w.clock.Now().Add(time.Hour))
		if run := w.sync(t, inventory.ModeSmart); run.Status != types.RunHeld {
			t.Fatalf("Smart %d after zero below 1000: %s, pushed %d; want held", i+1, run.Status, run.Pushed)
		}
	}
}

// A Smart Sync that reads only what changed skips the SKUs in sync, but a
// rules change alters every published quantity: the next Smart must see it.
func TestSmartAfterARulesChangePushesEveryQuantityTheRulesMoved(t *testing.T) {
	w := newTestWorld(t)
	for i := 0; i < 30; i++ {
		w.wh.set(fmt.Sprintf("S%02d", i), 10+i, w.clock.Now())
	}
	w.sync(t, inventory.ModeFull)
	w.clock.Set(w.clock.Now().Add(time.Hour))
	if quiet := w.sync(t, inventory.ModeSmart); quiet.Pushed != 0 {
		t.Fatalf("Smart with nothing changed pushed %d", quiet.Pushed)
	}

	conn, _ := w.db.Connection(w.conn.ID)
	conn.Rules.Buffer = 2
	if err := w.db.SaveConnection(&conn); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(w.clock.Now().Add(time.Hour))
	run := w.sync(t, inventory.ModeSmart)
	if run.Pushed != 30 || w.store.qty["S00"] != 8 {
		t.Fatalf("Smart after a buffer of 2: pushed %d, S00 = %d; want all 30 lowered by 2", run.Pushed, w.store.qty["S00"])
	}

	// Back on the fast path: one change, one push, the rest untouched.
	w.clock.Set(w.clock.Now().Add(time.Hour))
	w.wh.set("S07", 3, w.clock.Now())
	one := w.sync(t, inventory.ModeSmart)
	if items := w.runItems(t, one); one.Pushed != 1 || items["S07"].ToQty != 1 {
		t.Fatalf("Smart after S07 changed: pushed %d %v, want S07 -> 1", one.Pushed, items)
	}
	if one.Unmapped != 0 {
		t.Errorf("unmapped = %d on the fast path, want the connection's count, 0", one.Unmapped)
	}
}

// A PID says nothing once the process that had it died: after a reboot it
// may be any program's, even this test's. The run lock decides.
func TestARunMarkedRunningUnderALivePIDButHoldingNoLockIsClosedByTheNextRun(t *testing.T) {
	w := newTestWorld(t)
	orphan := storage.SyncRun{ConnectionID: w.conn.ID, Trigger: "cli", ModeRequested: "full", StartedAt: w.clock.Now(), PID: os.Getpid(), Host: w.engine.host}
	if err := w.db.BeginRun(&orphan, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	other := New(w.db, staticConnectors{w.wh, w.store}, Options{Now: w.clock.Now})
	run, err := other.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeFull, Trigger: types.TriggerManual})
	if err != nil {
		t.Fatalf("a run beside a lockless running row of a live PID: %v", err)
	}
	if run.Status != types.RunSucceeded {
		t.Errorf("the run ended %s", run.Status)
	}
	if got, _ := w.db.Run(orphan.ID); got.Status != types.RunInterrupted {
		t.Errorf("the orphan is %s, want interrupted", got.Status)
	}
}
