package storage

import (
	"fmt"
	"reflect"
	"shelfsync/backend/types"
	"testing"
	"time"
)

func TestRunResultsComeBackAsWrittenWhateverTheirCharacters(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	run := SyncRun{ConnectionID: conn.ID, StartedAt: time.Now()}
	if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	// More than a block, with odd characters and a missing from.
	var want []SyncRunItem
	for i := range HistoryBlockSize + 3 {
		want = append(want, SyncRunItem{SKU: fmt.Sprintf("SKU-%05d", i), FromQty: intp(i % 7), ToQty: i % 11, Status: "ok"})
	}
	odd := []SyncRunItem{
		{SKU: `Q"uote\back`, ToQty: -3, Status: "failed", Error: "line one\nline two\ttab \x01 \"quoted\""},
		{SKU: "Ünïcödé-☃", FromQty: intp(0), ToQty: 0, Status: "ok"},
		{SKU: "bad-\xff-utf8", FromQty: intp(1 << 40), ToQty: 2, Status: "failed", Error: "The store said: «no».</script>"},
	}
	want = append(want, odd...)
	run.Status = types.RunPartial
	if err := db.FinishRun(RunOutcome{Run: &run, Items: want}); err != nil {
		t.Fatal(err)
	}
	got, err := db.RunItems(run.ID)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]SyncRunItem{}
	for _, it := range got {
		byKey[it.SKU] = it
	}
	odd[2].SKU = "bad-\ufffd-utf8" // bytes that are not UTF-8 cannot be kept
	if len(got) != len(want) {
		t.Fatalf("read back %d results, want %d", len(got), len(want))
	}
	for _, w := range append(want[:HistoryBlockSize+3], odd...) {
		if g, ok := byKey[w.SKU]; !ok || !reflect.DeepEqual(g, w) {
			t.Errorf("result %q = %+v, want %+v", w.SKU, g, w)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].SKU > got[i].SKU {
			t.Fatalf("results are not in SKU order at %d: %q then %q", i, got[i-1].SKU, got[i].SKU)
		}
	}
	if n, _ := db.HistoryItemCount(); n != int64(len(want)) {
		t.Errorf("HistoryItemCount = %d, want %d", n, len(want))
	}
}

func TestOpeningADatabaseWithOneHistoryRowPerSKUMovesThemIntoBlocks(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	conn := addConnection(t, db, "A")
	var runIDs []uint
	for range 2 {
		run := SyncRun{ConnectionID: conn.ID, StartedAt: time.Now(), Status: types.RunSucceeded}
		if err := db.Gorm().Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		runIDs = append(runIDs, run.ID)
	}
	// The table of earlier versions, as GORM made it.
	for _, stmt := range []string{
		`CREATE TABLE sync_run_items (id integer PRIMARY KEY AUTOINCREMENT, run_id integer NOT NULL, sku text, from_qty integer, to_qty integer, status text, error text)`,
		fmt.Sprintf(`INSERT INTO sync_run_items(run_id, sku, from_qty, to_qty, status, error) VALUES
			(%[1]d, 'B', 4, 5, 'ok', ''), (%[1]d, 'A', NULL, 3, 'failed', 'Refused: "no"'), (%[2]d, 'C', 1, 0, 'ok', '')`, runIDs[0], runIDs[1]),
	} {
		if err := db.Gorm().Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if db, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first, err := db.RunItems(runIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	want := []SyncRunItem{{SKU: "A", ToQty: 3, Status: "failed", Error: `Refused: "no"`}, {SKU: "B", FromQty: intp(4), ToQty: 5, Status: "ok"}}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("run %d after the upgrade = %+v, want %+v", runIDs[0], first, want)
	}
	if second, _ := db.RunItems(runIDs[1]); len(second) != 1 || second[0].SKU != "C" {
		t.Errorf("run %d after the upgrade = %+v, want C", runIDs[1], second)
	}
	var old int
	db.Gorm().Raw(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'sync_run_items'`).Scan(&old)
	if old != 0 {
		t.Errorf("the old history table is still there")
	}
}
