package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// Found by the seeded simulation (backend/sim, seeds 212 and 364): a process
// killed after the store took a write but before the run was recorded left
// the old baseline standing; when the warehouse came back to that quantity,
// Smart saw nothing to do and the store kept the lost write for good.
func TestAWriteTheStoreTookBeforeAKillIsRetriedWhenTheWarehouseComesBack(t *testing.T) {
	w := newTestWorld(t)
	w.wh.set("A", 5, w.clock.Now())
	w.wh.set("B", 3, w.clock.Now())
	w.sync(t, inventory.ModeFull)

	// A moves to 7; the store takes the write, then the process dies: what
	// is on disk is the database as it was at that instant.
	w.clock.Set(w.clock.Now().Add(time.Hour))
	w.wh.set("A", 7, w.clock.Now())
	crashed := filepath.Join(t.TempDir(), "after-kill")
	if err := os.MkdirAll(crashed, 0o700); err != nil {
		t.Fatal(err)
	}
	w.store.onPush = func(int) {
		if err := w.db.Gorm().Exec("VACUUM INTO ?", filepath.Join(crashed, storage.FileName)).Error; err != nil {
			t.Fatal(err)
		}
	}
	w.sync(t, inventory.ModeSmart)
	w.store.onPush = nil
	if w.store.qty["A"] != 7 {
		t.Fatalf("store A = %d, want the write of 7 applied", w.store.qty["A"])
	}

	db, err := storage.Open(crashed)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Gorm().Model(&storage.SyncRun{}).Where("status = ?", types.RunRunning).Updates(storage.SyncRun{PID: 1 << 30})
	restarted := New(db, staticConnectors{w.wh, w.store}, Options{Now: w.clock.Now})
	if n, err := restarted.RecoverInterrupted(); err != nil || n != 1 {
		t.Fatalf("RecoverInterrupted = %d, %v; want the killed run closed", n, err)
	}

	w.clock.Set(w.clock.Now().Add(time.Hour))
	w.wh.set("A", 5, w.clock.Now()) // back to the baseline the store no longer holds
	run, err := restarted.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeSmart, Trigger: types.TriggerScheduled})
	if err != nil {
		t.Fatal(err)
	}
	if w.store.qty["A"] != 5 || run.Pushed != 1 {
		t.Fatalf("after restart Smart pushed %d and store A = %d, want A rewritten to 5", run.Pushed, w.store.qty["A"])
	}
}

// refStore writes by the listing id the engine sends, as Shopify and
// WooCommerce do, and never creates a listing.
type refStore struct{ qty map[string]int } // by ref "ref-<store SKU>"

func (s *refStore) Capabilities() connector.StoreCapabilities {
	return connector.StoreCapabilities{MaxBatch: 50}
}

func (s *refStore) ReadIndex(context.Context) (connector.StoreIndex, error) {
	idx := connector.StoreIndex{APICalls: 1}
	for ref, q := range s.qty {
		idx.Items = append(idx.Items, inventory.StoreItem{SKU: strings.TrimPrefix(ref, "ref-"), Qty: q, Ref: ref})
	}
	return idx, nil
}

func (s *refStore) Push(_ context.Context, batch []inventory.Push, _ connector.PushMeta) (connector.PushBatchResult, error) {
	res := connector.PushBatchResult{APICalls: 1}
	for _, p := range batch {
		if _, ok := s.qty[p.Ref]; !ok {
			res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, Error: "no listing " + p.Ref})
			continue
		}
		s.qty[p.Ref] = p.To
		res.Results = append(res.Results, connector.PushResult{SKU: p.SKU, OK: true, StoreQty: p.To})
	}
	return res, nil
}

func (s *refStore) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{}, nil
}

// Found by the simulation (seed 14): with A mapped to the store's X-A, a
// store listing that happens to be called A took over A's row, so A's
// writes went to the wrong listing and X-A never moved.
func TestAStoreListingNamedLikeAMappedWarehouseSKUDoesNotTakeItsWrites(t *testing.T) {
	w := newTestWorld(t)
	store := &refStore{qty: map[string]int{"ref-X-A": 1, "ref-A": 8}}
	w.engine = New(w.db, staticConnectors{w.wh, store}, Options{Now: w.clock.Now})
	conn, _ := w.db.Connection(w.conn.ID)
	conn.Rules.Mapping = map[string]string{"A": "X-A"}
	if err := w.db.SaveConnection(&conn); err != nil {
		t.Fatal(err)
	}
	w.wh.set("A", 4, w.clock.Now())
	w.sync(t, inventory.ModeFull)

	w.clock.Set(w.clock.Now().Add(time.Hour))
	w.wh.set("A", 6, w.clock.Now())
	w.sync(t, inventory.ModeSmart)
	if store.qty["ref-X-A"] != 6 || store.qty["ref-A"] != 8 {
		t.Fatalf("store X-A = %d, A = %d; want X-A = 6 and the unrelated listing A left at 8", store.qty["ref-X-A"], store.qty["ref-A"])
	}
}

// Each confirmed batch is recorded while the next ones are pushed, so a
// kill mid-run keeps what the store confirmed. Found by the simulation
// (seeds 247, 339, 401, 486): a first run killed so leaves some baselines,
// and the next Smart must still run Full, since the rest of the store was
// never recorded.
func TestConfirmedBatchesAreRecordedMidRunAndAFirstRunKilledSoIsFollowedByFull(t *testing.T) {
	w := newTestWorld(t)
	w.store.maxSize = 2
	for _, sku := range []string{"A", "B", "C", "D", "E", "F"} {
		w.wh.set(sku, 4, w.clock.Now())
		w.store.qty[sku] = 1
	}
	crashed := filepath.Join(t.TempDir(), "after-kill")
	if err := os.MkdirAll(crashed, 0o700); err != nil {
		t.Fatal(err)
	}
	w.store.onPush = func(batch int) {
		if batch != 2 {
			return
		}
		// Batches 1 and 2 (A-D) were confirmed: their rows reach the
		// database while the run goes on.
		deadline := time.Now().Add(5 * time.Second)
		for {
			var n int64
			w.db.Gorm().Model(&storage.Item{}).Where("baseline_qty = 4 AND NOT pending").Count(&n)
			if n == 4 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%d of the 4 confirmed SKUs were recorded before the third batch", n)
				break
			}
			time.Sleep(time.Millisecond)
		}
		if err := w.db.Gorm().Exec("VACUUM INTO ?", filepath.Join(crashed, storage.FileName)).Error; err != nil {
			t.Fatal(err)
		}
	}
	w.sync(t, inventory.ModeSmart) // the first sync: runs Full
	w.store.onPush = nil

	db, err := storage.Open(crashed)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Gorm().Model(&storage.SyncRun{}).Where("status = ?", types.RunRunning).Updates(storage.SyncRun{PID: 1 << 30})
	restarted := New(db, staticConnectors{w.wh, w.store}, Options{Now: w.clock.Now})
	if _, err := restarted.RecoverInterrupted(); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(w.clock.Now().Add(time.Hour))
	run, err := restarted.Run(context.Background(), Request{ConnectionID: w.conn.ID, Mode: inventory.ModeSmart, Trigger: types.TriggerScheduled})
	if err != nil {
		t.Fatal(err)
	}
	if run.ModeRun != inventory.ModeFull || run.Pushed != 6 || run.Reason != inventory.ReasonFirstUnfinished {
		t.Fatalf("Smart after the killed first run: %s pushing %d (%q), want Full pushing all 6 because the first sync did not finish", run.ModeRun, run.Pushed, run.Reason)
	}
	items, err := db.Items(w.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if !it.StoreSeen || it.BaselineQty == nil || *it.BaselineQty != 4 || it.State != types.StateInSync {
			t.Errorf("%s after the Full: store seen %v, baseline %v, state %s; want in sync at 4", it.SKU, it.StoreSeen, it.BaselineQty, it.State)
		}
	}
}
