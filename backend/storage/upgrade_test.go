package storage

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// openRelease writes the database an earlier release left (a SQL dump in
// testdata) into a data folder and opens it, migrating it as the app does.
func openRelease(t *testing.T, dump string) *DB {
	t.Helper()
	script, err := os.ReadFile(filepath.Join("testdata", dump))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(string(script)); err != nil {
		t.Fatalf("load %s: %v", dump, err)
	}
	raw.Close()
	db, err := Open(dir)
	if err != nil {
		t.Fatalf("open the database of %s: %v", dump, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Every row an earlier release wrote reads into today's models: a column
// added since without a default would hold NULL on those rows, and reading
// a NULL into a bool, int or string fails the whole query (a merchant's
// first sync after upgrading failed "Load inventory: … store_untracked").
func TestEveryRowOfTheLastReleaseReads(t *testing.T) {
	db := openRelease(t, "release-2026-11.sql")
	var conns []Connection
	var items []Item
	var runs []SyncRun
	for what, dst := range map[string]any{"connections": &conns, "items": &items, "runs": &runs} {
		if err := db.gorm.Find(dst).Error; err != nil {
			t.Errorf("read every %s: %v", what, err)
		}
	}
	if len(conns) != 1 || len(items) != 12 || len(runs) != 2 {
		t.Fatalf("read %d connections, %d items, %d runs; want 1, 12, 2", len(conns), len(items), len(runs))
	}
	if _, err := db.Items(conns[0].ID); err != nil {
		t.Errorf("load the inventory: %v", err)
	}
	if _, err := db.RunItems(runs[0].ID); err != nil {
		t.Errorf("load a run's results: %v", err)
	}
}
