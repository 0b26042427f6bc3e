package storage

import (
	"context"
	"fmt"
	"shelfsync/backend/types"
	"testing"
	"time"
)

// The storage benchmarks measure what a sync of a large catalogue writes
// and what the Inventory tab reads: go test -bench . -benchtime 3x
// ./backend/storage. The 1M sizes take a while to seed; -short skips them.

func benchDB(b *testing.B) (*DB, Connection) {
	b.Helper()
	db, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	c := Connection{Name: "bench", WarehouseKind: "demo", StoreKind: "demo"}
	if err := db.CreateConnection(&c); err != nil {
		b.Fatal(err)
	}
	return db, c
}

// benchItems is a synced catalogue: every SKU seen on both sides with a
// baseline, a share in each state so the state filter has work to do.
func benchItems(connID uint, n int, at time.Time) []Item {
	states := []types.ItemState{types.StateInSync, types.StateInSync, types.StateInSync, types.StateChanged, types.StatePending, types.StateFailed, types.StateUnmapped}
	items := make([]Item, n)
	for i := range items {
		q, base := i%97, i%89
		t := at
		items[i] = Item{ConnectionID: connID, SKU: fmt.Sprintf("SKU-%07d", i), Name: fmt.Sprintf("Product %d in blue", n-i),
			WarehouseSeen: true, WarehouseQty: q, WarehouseUpdatedAt: &t, PublishedQty: &q,
			StoreSeen: true, StoreSKU: fmt.Sprintf("SKU-%07d", i), StoreRef: fmt.Sprintf("gid://shopify/InventoryItem/%d", 1000+i),
			StoreQty: &q, BaselineQty: &base, BaselineAt: &t, LastSyncedAt: &t, State: states[i%len(states)]}
	}
	return items
}

func benchRunItems(n int) []SyncRunItem {
	out := make([]SyncRunItem, n)
	for i := range out {
		from := i % 50
		out[i] = SyncRunItem{SKU: fmt.Sprintf("SKU-%07d", i), FromQty: &from, ToQty: i % 97, Status: "ok"}
	}
	return out
}

func finish(b *testing.B, db *DB, connID uint, items []SyncRunItem, upserts []Item) {
	b.Helper()
	run := SyncRun{ConnectionID: connID, StartedAt: time.Now()}
	if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
		b.Fatal(err)
	}
	run.Status = types.RunSucceeded
	if err := db.FinishRun(RunOutcome{Run: &run, Items: items, Upserts: upserts}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFinishRunFull is what a Full Sync records: one history row and
// one inventory row per SKU, into an inventory that already holds them.
func BenchmarkFinishRunFull(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("skus=%d", n), func(b *testing.B) {
			db, c := benchDB(b)
			items := benchItems(c.ID, n, time.Now())
			finish(b, db, c.ID, nil, items)
			history := benchRunItems(n)
			b.ResetTimer()
			for range b.N {
				finish(b, db, c.ID, history, items)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/sku")
		})
	}
}

// BenchmarkHistoryInsert is the history rows alone.
func BenchmarkHistoryInsert(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			db, c := benchDB(b)
			history := benchRunItems(n)
			b.ResetTimer()
			for range b.N {
				finish(b, db, c.ID, history, nil)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}

// BenchmarkItemsLoad is the engine's starting point: every row of a
// connection.
func BenchmarkItemsLoad(b *testing.B) {
	db, c := benchDB(b)
	finish(b, db, c.ID, nil, benchItems(c.ID, 100_000, time.Now()))
	b.ResetTimer()
	for range b.N {
		if _, err := db.Items(c.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkItemsPage is the Inventory tab: the first page (with its counts),
// a later page, a state filter and a search, at 100k and 1M rows.
func BenchmarkItemsPage(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		if n > 100_000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			db, c := benchDB(b)
			items := benchItems(c.ID, n, time.Now())
			for start := 0; start < n; start += 100_000 {
				finish(b, db, c.ID, nil, items[start:min(start+100_000, n)])
			}
			items = nil
			// As the app does after a run: index for search, keep counts.
			if _, err := db.CatchUpSearch(context.Background()); err != nil {
				b.Fatal(err)
			}
			first, err := db.ItemsPage(ItemQuery{ConnectionID: c.ID, Limit: 200})
			if err != nil {
				b.Fatal(err)
			}
			queries := []struct {
				name string
				q    ItemQuery
			}{
				{"first", ItemQuery{ConnectionID: c.ID, Limit: 200}},
				{"next", ItemQuery{ConnectionID: c.ID, Limit: 200, After: first.Next}},
				{"byName", ItemQuery{ConnectionID: c.ID, SortBy: "name", Limit: 200}},
				{"stateFailed", ItemQuery{ConnectionID: c.ID, States: []types.ItemState{types.StateFailed}, Limit: 200}},
				{"stateFailedNext", ItemQuery{ConnectionID: c.ID, States: []types.ItemState{types.StateFailed}, Limit: 200, After: first.Next}},
				{"search", ItemQuery{ConnectionID: c.ID, Search: "SKU-00123", Limit: 200}},
				{"searchBroad", ItemQuery{ConnectionID: c.ID, Search: "blue", Limit: 200}},
				{"searchBroadNext", ItemQuery{ConnectionID: c.ID, Search: "blue", Limit: 200, After: first.Next}},
			}
			// The first page right after a write recounts the states once.
			b.Run("recountStates", func(b *testing.B) {
				for range b.N {
					if _, err := db.recountStates(c.ID); err != nil {
						b.Fatal(err)
					}
				}
			})
			for _, qc := range queries {
				b.Run(qc.name, func(b *testing.B) {
					for range b.N {
						if _, err := db.ItemsPage(qc.q); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkInsertNewItems is a Full Sync's first write: rows new to the
// table, with the CPU they took (on a shared machine wall time mostly
// measures the wait for a core).
func BenchmarkInsertNewItems(b *testing.B) {
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		db, c := benchDB(b)
		items := benchItems(c.ID, 20_000, time.Now())
		b.StartTimer()
		c0 := cpuNow()
		if err := db.SaveItems(nil, items); err != nil {
			b.Fatal(err)
		}
		cpu += cpuNow() - c0
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}
