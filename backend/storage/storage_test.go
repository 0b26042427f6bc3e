package storage

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"shelfsync/backend/types"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// openTest opens an empty database: SQLite in a temporary folder, or a
// new PostgreSQL database while the suite runs there (postgres_test.go).
func openTest(t *testing.T) *DB {
	t.Helper()
	if suiteOnPostgres {
		return openTestPostgres(t)
	}
	db, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func addConnection(t *testing.T, db *DB, name string) Connection {
	t.Helper()
	c := Connection{Name: name, WarehouseKind: "demo", StoreKind: "demo"}
	if err := db.CreateConnection(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

func intp(n int) *int { return &n }

func seedItems(t *testing.T, db *DB, connID uint, n int) {
	t.Helper()
	states := []types.ItemState{types.StateInSync, types.StateChanged, types.StateFailed, types.StateUnmapped}
	run := SyncRun{ConnectionID: connID, Status: types.RunRunning, StartedAt: time.Now()}
	if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{ConnectionID: connID, SKU: fmt.Sprintf("SKU-%04d", i), Name: fmt.Sprintf("Tee %d", n-i),
			WarehouseSeen: true, WarehouseQty: i % 17, StoreQty: intp(i % 5), State: states[i%len(states)]}
	}
	run.Status = types.RunSucceeded
	if err := db.FinishRun(RunOutcome{Run: &run, Upserts: items}); err != nil {
		t.Fatal(err)
	}
}

func TestKeysetPagesVisitEveryRowOnceInOrder(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	other := addConnection(t, db, "B")
	seedItems(t, db, conn.ID, 1000)
	seedItems(t, db, other.ID, 10)

	for _, sortBy := range []types.SortKey{"sku", "name", "warehouseQty", "storeQty"} {
		for _, desc := range []bool{false, true} {
			q := ItemQuery{ConnectionID: conn.ID, SortBy: sortBy, Desc: desc, Limit: 64}
			seen := map[string]bool{}
			var prev Item
			pages := 0
			for {
				page, err := db.ItemsPage(q)
				if err != nil {
					t.Fatal(err)
				}
				if pages == 0 && page.Total != 1000 {
					t.Fatalf("%s: total %d, want 1000", sortBy, page.Total)
				}
				for i, it := range page.Items {
					if seen[it.SKU] {
						t.Fatalf("%s desc=%v: %s seen twice", sortBy, desc, it.SKU)
					}
					seen[it.SKU] = true
					if (pages > 0 || i > 0) && sortBy == "warehouseQty" && !desc && it.WarehouseQty < prev.WarehouseQty {
						t.Fatalf("warehouseQty out of order: %d after %d", it.WarehouseQty, prev.WarehouseQty)
					}
					prev = it
				}
				pages++
				if page.Next == "" {
					break
				}
				q.After = page.Next
			}
			if len(seen) != 1000 {
				t.Errorf("sort %s desc=%v: visited %d rows, want 1000", sortBy, desc, len(seen))
			}
		}
	}
}

func TestFilterBySearchAndStateWithCounts(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	seedItems(t, db, conn.ID, 400)

	page, err := db.ItemsPage(ItemQuery{ConnectionID: conn.ID, States: []types.ItemState{types.StateFailed}, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 100 || page.Total != 100 || page.StateCounts[types.StateInSync] != 100 || page.StateCounts[types.StateFailed] != 100 {
		t.Fatalf("failed filter: %d items, total %d, counts %v", len(page.Items), page.Total, page.StateCounts)
	}
	for _, it := range page.Items {
		if it.State != types.StateFailed {
			t.Fatalf("%s is %s in the failed filter", it.SKU, it.State)
		}
	}
	page, err = db.ItemsPage(ItemQuery{ConnectionID: conn.ID, States: []types.ItemState{types.StateFailed, types.StateChanged}, Limit: 64})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 64 || page.Total != 200 {
		t.Fatalf("failed-or-changed filter: %d items, total %d; want a page of 64 of 200", len(page.Items), page.Total)
	}
	for _, it := range page.Items {
		if it.State != types.StateFailed && it.State != types.StateChanged {
			t.Fatalf("%s is %s in the failed-or-changed filter", it.SKU, it.State)
		}
	}
	page, _ = db.ItemsPage(ItemQuery{ConnectionID: conn.ID, Search: "sku-012", Limit: 500})
	if len(page.Items) != 10 {
		t.Errorf("search sku-012 found %d, want SKU-0120..0129 (case-insensitive)", len(page.Items))
	}
	page, _ = db.ItemsPage(ItemQuery{ConnectionID: conn.ID, Search: "100%_", Limit: 500})
	if len(page.Items) != 0 {
		t.Errorf("LIKE wildcards in the search matched %d rows, want them taken literally", len(page.Items))
	}
	if _, err := db.ItemsPage(ItemQuery{ConnectionID: conn.ID, After: "garbage!"}); err == nil {
		t.Errorf("a bad cursor was accepted")
	}
	if _, err := db.ItemsPage(ItemQuery{ConnectionID: conn.ID, SortBy: "password"}); err == nil {
		t.Errorf("an unknown sort column was accepted")
	}
}

func TestAnotherLiveProcessRunBlocksButADeadOneDoesNot(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	first := SyncRun{ConnectionID: conn.ID, PID: 4242, Host: "h", StartedAt: time.Now()}
	if err := db.BeginRun(&first, func(int) bool { return true }); err != nil {
		t.Fatal(err)
	}
	second := SyncRun{ConnectionID: conn.ID, PID: 5000, Host: "h", StartedAt: time.Now()}
	if err := db.BeginRun(&second, func(int) bool { return true }); err == nil || !strings.Contains(err.Error(), "already running") {
		t.Fatalf("second run while the first process lives: %v", err)
	}
	if err := db.BeginRun(&second, func(pid int) bool { return pid != 4242 }); err != nil {
		t.Fatalf("second run after the first process died: %v", err)
	}
	// The second run closed the dead one as it began; nothing is left for
	// MarkInterrupted, and the live second run is not touched.
	if got, _ := db.Run(first.ID); got.Status != types.RunInterrupted {
		t.Errorf("the dead process's run is %s, want interrupted", got.Status)
	}
	n, err := db.MarkInterrupted("h", func(r SyncRun) bool { return r.PID == 5000 }, time.Now())
	if err != nil || n != 0 {
		t.Fatalf("MarkInterrupted closed %d (%v), want none", n, err)
	}
	if got, _ := db.Run(second.ID); got.Status != types.RunRunning {
		t.Errorf("the live run is %s, want running", got.Status)
	}
}

func TestPruneAndDeleteRemoveHistoryWithItsRows(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, at := range []time.Time{old, old.AddDate(0, 3, 0)} {
		r := SyncRun{ConnectionID: conn.ID, StartedAt: at}
		if err := db.BeginRun(&r, func(int) bool { return false }); err != nil {
			t.Fatal(err)
		}
		r.Status = types.RunSucceeded
		if err := db.FinishRun(RunOutcome{Run: &r, Items: []SyncRunItem{{SKU: fmt.Sprint(i), ToQty: 1, Status: "ok"}}}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.Prune(conn.ID, old.AddDate(0, 1, 0))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d (%v), want 1", n, err)
	}
	items, _ := db.HistoryItemCount()
	if items != 1 {
		t.Errorf("%d run items left, want 1 (the pruned run's items go too)", items)
	}
	if err := db.DeleteConnection(conn.ID); err != nil {
		t.Fatal(err)
	}
	items, _ = db.HistoryItemCount()
	if runs, _ := db.Runs(RunQuery{ConnectionID: conn.ID}); len(runs) != 0 || items != 0 {
		t.Errorf("after delete: %d runs, %d run items", len(runs), items)
	}
	if err := db.CreateConnection(&Connection{Name: "A", WarehouseKind: "demo", StoreKind: "demo"}); err != nil {
		t.Errorf("the name of a deleted connection cannot be reused: %v", err)
	}
}

func TestDeriveState(t *testing.T) {
	cases := []struct {
		it      Item
		creates bool
		want    types.ItemState
	}{
		{Item{WarehouseSeen: true, StoreSeen: true, PublishedQty: intp(3), BaselineQty: intp(3)}, false, types.StateInSync},
		{Item{WarehouseSeen: true, StoreSeen: true, PublishedQty: intp(3), BaselineQty: intp(2)}, false, types.StateChanged},
		{Item{WarehouseSeen: true, StoreSeen: true, Pending: true}, false, types.StatePending},
		{Item{WarehouseSeen: true, StoreSeen: true, Pending: true, LastError: "x"}, false, types.StateFailed},
		{Item{WarehouseSeen: true}, false, types.StateUnmapped},
		{Item{WarehouseSeen: true, PublishedQty: intp(1)}, true, types.StateChanged},
		{Item{StoreSeen: true}, true, types.StateUnmapped},
		// The store confirmed 3, then moved to 1 by itself: drifted, never in sync.
		{Item{WarehouseSeen: true, StoreSeen: true, StoreQty: intp(1), PublishedQty: intp(3), BaselineQty: intp(3)}, false, types.StateDrifted},
		{Item{WarehouseSeen: true, StoreSeen: true, StoreQty: intp(3), PublishedQty: intp(3), BaselineQty: intp(3)}, false, types.StateInSync},
		// A listing ShelfSync wrote that no SKU feeds any more.
		{Item{StoreSeen: true, StoreQty: intp(3), BaselineQty: intp(3)}, false, types.StateNotFed},
		{Item{WarehouseSeen: true, StoreSeen: true, StoreUntracked: true, PublishedQty: intp(3)}, false, types.StateNotTracked},
		// The warehouse's problem comes first, unless a write the rules asked for failed.
		{Item{WarehouseSeen: true, StoreSeen: true, Attention: types.StateConflictingRows, PublishedQty: intp(3), BaselineQty: intp(3)}, false, types.StateConflictingRows},
		{Item{StoreSeen: true, Attention: types.StateMissingFromFeed, BaselineQty: intp(3)}, false, types.StateMissingFromFeed},
		{Item{StoreSeen: true, Attention: types.StateMissingFromFeed, Pending: true, LastError: "x"}, false, types.StateFailed},
	}
	for i, c := range cases {
		if got := DeriveState(&c.it, false, c.creates); got != c.want {
			t.Errorf("case %d: %s, want %s", i, got, c.want)
		}
	}
}

func TestSearchIndexFollowsRenamesDeletesAndOddCharacters(t *testing.T) {
	// A rename leaves the row marked until CatchUpSearch runs: the search
	// must give the same answers before and after it does.
	for _, caughtUp := range []bool{false, true} {
		t.Run(fmt.Sprintf("index caught up after the rename=%v", caughtUp), func(t *testing.T) {
			db := openTest(t)
			conn := addConnection(t, db, "A")
			seedItems(t, db, conn.ID, 50)
			catchUp(t, db, 50)
			search := func(q string) []string {
				t.Helper()
				page, err := db.ItemsPage(ItemQuery{ConnectionID: conn.ID, Search: q, Limit: 100})
				if err != nil {
					t.Fatalf("search %q: %v", q, err)
				}
				var skus []string
				for _, it := range page.Items {
					skus = append(skus, it.SKU)
				}
				if page.Total != len(skus) {
					t.Fatalf("search %q: total %d but %d rows", q, page.Total, len(skus))
				}
				return skus
			}
			if got := search("tee 7"); len(got) != 1 || got[0] != "SKU-0043" {
				t.Fatalf("search by name fragment = %v, want SKU-0043 (named Tee 7)", got)
			}
			// Rename SKU-0043 through the same upsert a sync uses.
			run := SyncRun{ConnectionID: conn.ID, StartedAt: time.Now()}
			if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
				t.Fatal(err)
			}
			run.Status = types.RunSucceeded
			renamed := Item{ConnectionID: conn.ID, SKU: "SKU-0043", Name: "Linen Apron \"Sage\"", WarehouseSeen: true, State: types.StateInSync}
			if err := db.FinishRun(RunOutcome{Run: &run, Upserts: []Item{renamed}}); err != nil {
				t.Fatal(err)
			}
			if caughtUp {
				catchUp(t, db, 1)
			}
			if got := search("tee 7"); len(got) != 0 {
				t.Errorf("the old name still matches: %v", got)
			}
			if got := search(`apron "sage`); len(got) != 1 {
				t.Errorf("the new name with a quote in the search = %v, want SKU-0043", got)
			}
			if got := search("04"); len(got) != 11 {
				t.Errorf("a two-character search found %d, want SKU-0004 and SKU-0040..0049", len(got))
			}
			if err := db.DeleteConnection(conn.ID); err != nil {
				t.Fatal(err)
			}
			if db.dialect.searchIndexedAfterRuns() {
				var left int
				db.Gorm().Raw(`SELECT COUNT(*) FROM items_fts`).Scan(&left)
				if left != 0 {
					t.Errorf("%d deleted items are still in the search index", left)
				}
			}
		})
	}
}

// catchUp brings the search index up to date and checks how many rows it
// had to index: none where the database indexes every write itself.
func catchUp(t *testing.T, db *DB, want int) {
	t.Helper()
	if !db.dialect.searchIndexedAfterRuns() {
		want = 0
	}
	n, err := db.CatchUpSearch(context.Background())
	if err != nil || n != want {
		t.Fatalf("CatchUpSearch indexed %d (%v), want %d", n, err, want)
	}
	if stale, _ := db.SearchStale(); stale != 0 {
		t.Fatalf("%d rows still wait for the index", stale)
	}
}

func TestSearchFindsRowsBeforeAndAfterTheIndexCatchesUpInBatches(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	n := 2*searchBatch + 7 // three batches, the last one short
	seedItems(t, db, conn.ID, n)
	query := ItemQuery{ConnectionID: conn.ID, Search: "sku-01", Limit: 1000}
	before, err := db.ItemsPage(query)
	if err != nil {
		t.Fatal(err)
	}
	catchUp(t, db, n)
	after, err := db.ItemsPage(query)
	if err != nil {
		t.Fatal(err)
	}
	if before.Total != 100 || after.Total != before.Total || len(after.Items) != len(before.Items) {
		t.Fatalf("search sku-01 found %d before the index and %d after, want 100 (SKU-0100..0199) both times", before.Total, after.Total)
	}
	for state, c := range before.StateCounts {
		if after.StateCounts[state] != c {
			t.Errorf("state %s: %d before the index, %d after", state, c, after.StateCounts[state])
		}
	}
	// An index already up to date has nothing to do.
	catchUp(t, db, 0)
}

func TestOpeningADatabaseWithTheOldTriggerIndexReplacesIt(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	conn := addConnection(t, db, "A")
	seedItems(t, db, conn.ID, 20)
	// The schema before: an external-content index kept by triggers, and
	// no search_stale column.
	for _, stmt := range []string{
		`DROP TRIGGER items_fts_delete`, `DROP TABLE items_fts`, `DROP INDEX idx_items_search_stale`,
		`ALTER TABLE items DROP COLUMN search_stale`,
		`CREATE VIRTUAL TABLE items_search USING fts5(sku, name, content='items', content_rowid='rowid', tokenize='trigram')`,
		`CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN
			INSERT INTO items_search(rowid, sku, name) VALUES (new.rowid, new.sku, new.name);
		END`,
		`INSERT INTO items_search(items_search) VALUES ('rebuild')`,
	} {
		if err := db.Gorm().Exec(stmt).Error; err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	db.Close()
	db, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var old int
	db.Gorm().Raw(`SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'items_search%'`).Scan(&old)
	if old != 0 {
		t.Errorf("%d objects of the old index are left", old)
	}
	page, err := db.ItemsPage(ItemQuery{ConnectionID: conn.ID, Search: "SKU-001", Limit: 100})
	if err != nil || len(page.Items) != 10 {
		t.Fatalf("after the upgrade the search found %d (%v), want 10", len(page.Items), err)
	}
	catchUp(t, db, 20)
	page, err = db.ItemsPage(ItemQuery{ConnectionID: conn.ID, Search: "SKU-001", Limit: 100})
	if err != nil || len(page.Items) != 10 {
		t.Fatalf("once indexed the search found %d (%v), want 10", len(page.Items), err)
	}
}

func TestSaveItemsUpsertsANewRowThatExistsAfterAll(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	seedItems(t, db, conn.ID, 3)
	added := []Item{
		{ConnectionID: conn.ID, SKU: "SKU-0001", Name: "Renamed", WarehouseSeen: true, WarehouseQty: 42, State: types.StateInSync},
		{ConnectionID: conn.ID, SKU: "SKU-0100", Name: "New", WarehouseSeen: true, WarehouseQty: 7, State: types.StateChanged},
	}
	if err := db.SaveItems(nil, added); err != nil {
		t.Fatalf("SaveItems with a row that already exists: %v", err)
	}
	items, err := db.Items(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Item{}
	for _, it := range items {
		got[it.SKU] = it
	}
	if len(items) != 4 || got["SKU-0001"].WarehouseQty != 42 || got["SKU-0001"].Name != "Renamed" || got["SKU-0100"].WarehouseQty != 7 {
		t.Errorf("after SaveItems: %d rows, SKU-0001 %+v, SKU-0100 %+v", len(items), got["SKU-0001"], got["SKU-0100"])
	}
}

func TestKeptStateCountsFollowEveryWrite(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	seedItems(t, db, conn.ID, 40) // 10 each of in sync, changed, failed, unmapped
	truth := func() map[types.ItemState]int {
		counts := map[types.ItemState]int{}
		items, err := db.Items(conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			counts[it.State]++
		}
		return counts
	}
	check := func(when string) {
		t.Helper()
		page, err := db.ItemsPage(ItemQuery{ConnectionID: conn.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if want := truth(); !reflect.DeepEqual(page.StateCounts, want) {
			t.Fatalf("%s: the first page counts %v, want %v", when, page.StateCounts, want)
		}
	}
	check("after seeding")
	check("read again from the kept counts")

	// A run killed after noting what it was writing: the next run finds
	// it dead, and its marks become pending items.
	dead := SyncRun{ConnectionID: conn.ID, StartedAt: time.Now(), PID: 1, Host: "here"}
	if err := db.BeginRun(&dead, func(int) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkInFlight(dead.ID, []string{"SKU-0000", "SKU-0004"}); err != nil {
		t.Fatal(err)
	}
	check("after a run noted what it was writing")
	next := SyncRun{ConnectionID: conn.ID, StartedAt: time.Now(), PID: 2, Host: "here"}
	if err := db.BeginRun(&next, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	check("after the next run found that one dead")
	next.Status = types.RunSucceeded
	if err := db.FinishRun(RunOutcome{Run: &next}); err != nil {
		t.Fatal(err)
	}

	moved := Item{ConnectionID: conn.ID, SKU: "SKU-0001", WarehouseSeen: true, State: types.StateInSync}
	added := Item{ConnectionID: conn.ID, SKU: "SKU-9999", WarehouseSeen: true, State: types.StateChanged}
	if err := db.SaveItems([]Item{moved}, []Item{added}); err != nil {
		t.Fatal(err)
	}
	check("after the engine recorded a batch")

	run := SyncRun{ConnectionID: conn.ID, StartedAt: time.Now()}
	if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	run.Status = types.RunSucceeded
	if err := db.FinishRun(RunOutcome{Run: &run, Upserts: []Item{{ConnectionID: conn.ID, SKU: "SKU-0002", State: types.StateUnmapped}}}); err != nil {
		t.Fatal(err)
	}
	check("after a run finished")

	// A new connection with the same id after a delete starts from nothing.
	if err := db.DeleteConnection(conn.ID); err != nil {
		t.Fatal(err)
	}
	var left int64
	db.Gorm().Raw(`SELECT COUNT(*) FROM inventory_versions`).Scan(&left)
	if left != 0 {
		t.Errorf("the deleted connection's kept counts are still there")
	}
}

// A search with few matches reads them by rowid and sorts them; one with
// many walks the connection in order. Both must give the same pages.
func TestASearchGivesTheSamePagesWhicheverWayItIsRead(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	other := addConnection(t, db, "B")
	seedItems(t, db, conn.ID, 400)
	seedItems(t, db, other.ID, 50)
	catchUp(t, db, 450)
	walk := func(q ItemQuery) ([]string, map[types.ItemState]int) {
		var skus []string
		var counts map[types.ItemState]int
		for {
			page, err := db.ItemsPage(q)
			if err != nil {
				t.Fatal(err)
			}
			if q.After == "" {
				counts = page.StateCounts
			}
			for _, it := range page.Items {
				skus = append(skus, it.SKU)
			}
			if page.Next == "" {
				return skus, counts
			}
			q.After = page.Next
		}
	}
	defer func(v int) { fewMatches = v }(fewMatches)
	// "sku-01" matches a quarter of the rows, "tee 1" more than a quarter:
	// with the threshold at 0 the first is counted by rowid and the second
	// by testing every row.
	for _, search := range []string{"sku-01", "tee 1"} {
		for _, sortBy := range []types.SortKey{"sku", "name", "warehouseQty", "storeQty", "state"} {
			for _, desc := range []bool{false, true} {
				for _, states := range [][]types.ItemState{nil, {types.StateFailed}, {types.StateFailed, types.StateChanged}} {
					q := ItemQuery{ConnectionID: conn.ID, Search: search, SortBy: sortBy, Desc: desc, States: states, Limit: 7}
					fewMatches = 5000
					byRowid, countsByRowid := walk(q)
					fewMatches = 0
					inOrder, countsInOrder := walk(q)
					if len(byRowid) == 0 || !reflect.DeepEqual(byRowid, inOrder) || !reflect.DeepEqual(countsByRowid, countsInOrder) {
						t.Errorf("search %q sort %s desc %v states %v: by rowid %d SKUs %v, in order %d SKUs %v", search, sortBy, desc, states, len(byRowid), countsByRowid, len(inOrder), countsInOrder)
					}
				}
			}
		}
	}
}

func TestWriteAheadMarksBecomePendingOnlyForARunThatDied(t *testing.T) {
	for _, how := range []string{"next run", "start", "failed to record", "recorded"} {
		t.Run(how, func(t *testing.T) {
			db := openTest(t)
			conn := addConnection(t, db, "A")
			seedItems(t, db, conn.ID, 8)
			run := SyncRun{ConnectionID: conn.ID, StartedAt: time.Now(), PID: 7, Host: "here"}
			if err := db.BeginRun(&run, func(int) bool { return true }); err != nil {
				t.Fatal(err)
			}
			if err := db.MarkInFlight(run.ID, []string{"SKU-0000", "SKU-0004", "SKU-0001"}); err != nil {
				t.Fatal(err)
			}
			switch how {
			case "next run":
				next := SyncRun{ConnectionID: conn.ID, StartedAt: time.Now(), PID: 8, Host: "here"}
				if err := db.BeginRun(&next, func(pid int) bool { return pid == 8 }); err != nil {
					t.Fatal(err)
				}
			case "start":
				if n, err := db.MarkInterrupted("here", func(SyncRun) bool { return false }, time.Now()); err != nil || n != 1 {
					t.Fatalf("MarkInterrupted = %d, %v", n, err)
				}
			case "failed to record":
				if err := db.PendInFlight(run.ID); err != nil {
					t.Fatal(err)
				}
			case "recorded":
				run.Status = types.RunSucceeded
				if err := db.FinishRun(RunOutcome{Run: &run}); err != nil {
					t.Fatal(err)
				}
			}
			items, _ := db.Items(conn.ID)
			for _, it := range items {
				marked := it.SKU == "SKU-0000" || it.SKU == "SKU-0004" || it.SKU == "SKU-0001"
				wantPending := marked && how != "recorded"
				if it.Pending != wantPending || (wantPending && it.State != types.StatePending) {
					t.Errorf("%s: pending %v state %s, want pending %v", it.SKU, it.Pending, it.State, wantPending)
				}
			}
			got, _ := db.Run(run.ID)
			if got.InFlight != "" {
				t.Errorf("the run still lists %s in flight", got.InFlight)
			}
			if how == "next run" || how == "start" {
				if got.Status != types.RunInterrupted {
					t.Errorf("the dead run is %s, want interrupted", got.Status)
				}
			}
		})
	}
}

// A transaction that reads and then writes (BeginRun looks for a live run,
// then inserts its own) must not fail because another writer committed in
// between; it failed with SQLITE_BUSY_SNAPSHOT when the background search
// catch-up ran as the app started a sync. Between the read and the write,
// another connection tries to commit without waiting: it must be refused
// (the transaction holds the write lock from its start), and the
// transaction's own write must then succeed.
func TestAReadThenWriteTransactionKeepsOtherWritersOut(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	seedItems(t, db, conn.ID, 10)
	other, err := sql.Open("sqlite", db.Path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	otherWrite := func() error {
		_, err := other.Exec(`UPDATE items SET name = 'other writer' WHERE connection_id = ? AND sku = 'SKU-0001'`, conn.ID)
		return err
	}
	var during error
	err = db.Gorm().Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&SyncRun{}).Count(&n).Error; err != nil {
			return err
		}
		during = otherWrite()
		return tx.Create(&SyncRun{ConnectionID: conn.ID, StartedAt: time.Now(), Status: types.RunSucceeded}).Error
	})
	if err != nil {
		t.Fatalf("the read-then-write transaction: %v", err)
	}
	if during == nil {
		t.Fatal("another writer committed between the transaction's read and its write")
	}
	if err := otherWrite(); err != nil {
		t.Fatalf("the other writer, once the transaction committed: %v", err)
	}
}
