package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// dump is every table's rows as text, times as "time", row ids and the
// connection's own columns left out: what two databases that hold the same
// rows have alike.
func dump(t *testing.T, db *storage.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	var tables []string
	if err := db.Gorm().Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'items_fts%' ORDER BY name`).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		rows, err := db.Gorm().Raw(`SELECT * FROM ` + table).Rows()
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			line := ""
			for i, c := range cols {
				v := vals[i]
				if _, ok := v.(time.Time); ok {
					v = "time"
				}
				line += fmt.Sprintf("%s=%v ", c, v)
			}
			out[table] = append(out[table], line)
		}
		rows.Close()
	}
	return out
}

func TestTheFloorWritesTheRowsAFullSyncWrites(t *testing.T) {
	ctx := context.Background()
	w, err := newWorld(WorldLocal, 40, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	db, err := storage.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn := storage.Connection{Name: "bench", WarehouseKind: "bench", StoreKind: "bench", RetentionDays: retentionDays}
	if err := db.CreateConnection(&conn); err != nil {
		t.Fatal(err)
	}
	if _, err := engine.New(db, w, engine.Options{}).Run(ctx, engine.Request{ConnectionID: conn.ID, Mode: inventory.ModeFull, Trigger: types.TriggerCLI}); err != nil {
		t.Fatal(err)
	}
	lf, err := newLocalFloor()
	if err != nil {
		t.Fatal(err)
	}
	defer lf.close()
	if _, err := lf.measure(ctx, w.cat, inventory.ModeFull); err != nil {
		t.Fatal(err)
	}
	sync, floor := dump(t, db), dump(t, lf.db)
	// The connection, its run's row and its inventory's generation are a
	// row each, which the floor leaves out.
	for _, table := range []string{"items", "sync_run_item_blocks"} {
		got, want := floor[table], sync[table]
		if len(got) != len(want) {
			t.Errorf("%s: the floor wrote %d rows, the sync %d", table, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s row %d: the floor wrote\n%s\nthe sync\n%s", table, i, got[i], want[i])
				break
			}
		}
	}
}
