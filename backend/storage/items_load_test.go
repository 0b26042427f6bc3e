package storage

import (
	"reflect"
	"shelfsync/backend/types"
	"testing"
	"time"
)

// Items scans columns by hand; every field must come back as saved, nulls
// as nil, in both the first insert and the upsert over it.
func TestItemsLoadsEveryFieldAsSaved(t *testing.T) {
	db := openTest(t)
	c := addConnection(t, db, "A")
	// Microseconds: the finest time PostgreSQL keeps.
	at := time.Date(2026, 3, 2, 14, 30, 15, 123456000, time.UTC)
	full := Item{ConnectionID: c.ID, SKU: "TEE-1", Name: "Tee, blue", WarehouseSeen: true, WarehouseQty: 7,
		WarehouseUpdatedAt: &at, PublishedQty: intp(5), StoreSeen: true, StoreSKU: "tee-1", StoreRef: "gid://1",
		StoreParentRef: "p9", StoreQty: intp(4), BaselineQty: intp(5), BaselineAt: &at, Pending: true,
		LastError: "refused", LastSyncedAt: &at, State: types.StateFailed}
	bare := Item{ConnectionID: c.ID, SKU: "MUG-2", State: types.StateUnmapped}

	for round, upserts := range [][]Item{{full, bare}, {bare, full}} {
		run := SyncRun{ConnectionID: c.ID, StartedAt: at}
		if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
			t.Fatal(err)
		}
		run.Status = types.RunSucceeded
		if err := db.FinishRun(RunOutcome{Run: &run, Upserts: upserts}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Items(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		bySKU := map[string]Item{}
		for _, it := range got {
			bySKU[it.SKU] = it
		}
		for _, want := range []Item{full, bare} {
			g := bySKU[want.SKU]
			for _, p := range []**time.Time{&g.WarehouseUpdatedAt, &g.BaselineAt, &g.LastSyncedAt} {
				if *p != nil {
					u := (*p).UTC()
					*p = &u
				}
			}
			if !reflect.DeepEqual(g, want) {
				t.Errorf("round %d: %s loaded as\n%+v\nwant\n%+v", round, want.SKU, g, want)
			}
		}
	}
}
