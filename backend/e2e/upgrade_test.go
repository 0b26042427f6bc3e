package e2e

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/glebarez/go-sqlite" // the driver ShelfSync itself uses

	"shelfsync/backend/storage"
)

// loadReleaseDatabase writes the database an earlier release left (a SQL
// dump in storage's testdata) into the CLI's data folder.
func loadReleaseDatabase(t *testing.T, c *cli, dump string) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join("..", "storage", "testdata", dump))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.dataDir, storage.FileName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(script)); err != nil {
		t.Fatalf("load %s: %v", dump, err)
	}
}

// A merchant who upgrades keeps a working ShelfSync: the database the last
// release left opens, syncs both ways, and shows its history and inventory.
// Columns added since must read as their zero value on old rows, not fail.
func TestADatabaseFromTheLastReleaseKeepsSyncing(t *testing.T) {
	c := newCLI(t)
	loadReleaseDatabase(t, c, "release-2026-11.sql")

	for _, mode := range []string{"full", "smart"} {
		if run := c.sync("Shop", mode); run.Status != "succeeded" {
			t.Fatalf("%s sync on the old database: %s %s", mode, run.Status, run.Error)
		}
	}
	c.ok("history", "--connection", "Shop", "--json")
	c.ok("history", "--connection", "Shop", "--run", "1", "--json")
	c.ok("inventory", "--connection", "Shop", "--json")
	c.ok("connection", "list", "--json")
	c.ok("rules", "--connection", "Shop", "--json")
}
