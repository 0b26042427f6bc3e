package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/demo"
	"shelfsync/backend/storage"
)

// killsToRun is 20 in CI and 100 under SHELFSYNC_SOAK=1 (make soak).
func killsToRun() int {
	if os.Getenv("SHELFSYNC_SOAK") != "" {
		return 100
	}
	return 20
}

type inventoryJSON struct {
	Items []struct {
		SKU          string `json:"sku"`
		WarehouseQty *int   `json:"warehouseQty"`
		PublishedQty *int   `json:"publishedQty"`
		StoreQty     *int   `json:"storeQty"`
		State        string `json:"state"`
	} `json:"items"`
}

// A real `shelfsync sync` against a slow demo store, killed with SIGKILL at
// a random moment, again and again: after each restart one Smart Sync
// converges (every mapped SKU in sync, the store file holding the published
// quantity), the killed run reads interrupted, and SQLite finds its file
// intact.
func TestKilledSyncsLoseNoUpdate(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Slow", "--warehouse", "demo", "--demo-skus", "150", "--store", "demo", "--demo-latency", "25ms", "--no-schedule")
	conn := smallerDemoBatches(t, c.dataDir, "Slow", 10) // 15 batches: kills land between them
	seed := time.Now().UnixNano()
	t.Logf("kill moments drawn from seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 7))

	outcomes := map[string]int{}
	kills := killsToRun()
	for i := 1; i <= kills; i++ {
		before, _, _ := runStatuses(t, c.dataDir, 0)
		mode := []string{"smart", "full", "full", "full"}[rng.IntN(4)] // a Smart after convergence has little to do
		cmd := exec.Command(binary, "--data-dir", c.dataDir, "sync", "--connection", "Slow", "--mode", mode)
		cmd.Env = append(os.Environ(), "SHELFSYNC_DATA_DIR=")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(500)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		_, newest, _ := runStatuses(t, c.dataDir, 0) // as the kill left it
		final := c.sync("Slow", "smart")             // the restart: recovers, then syncs
		if final.Status != "succeeded" {
			t.Fatalf("kill %d: the Smart Sync after the restart ended %s: %s", i, final.Status, final.Error)
		}
		_, _, since := runStatuses(t, c.dataDir, before)
		// since is the killed run (if it got as far as recording itself)
		// followed by the Smart Sync just run.
		killed := "not started"
		switch {
		case len(since) == 2:
			killed = since[0]
		case len(since) != 1:
			t.Fatalf("kill %d: runs after the kill = %v, want at most the killed one and the Smart Sync", i, since)
		}
		outcomes[killed]++
		if newest == "running" && killed != "interrupted" {
			t.Fatalf("kill %d: the run the kill left running reads %q after the restart, want interrupted", i, killed)
		}
		if killed == "running" {
			t.Fatalf("kill %d: the killed run still reads running after the restart", i)
		}
		checkConverged(t, c, conn, i)
		checkIntegrity(t, c.dataDir, i)
	}
	t.Logf("%d kills; the killed run was: %v", kills, outcomes)
	if outcomes["interrupted"] == 0 {
		t.Errorf("no kill landed during a run (%v): the timing no longer exercises a crash", outcomes)
	}
}

// smallerDemoBatches sets the demo store's batch size, which no flag
// exposes, so a run spans many batches.
func smallerDemoBatches(t *testing.T, dataDir, name string, size int) storage.Connection {
	t.Helper()
	db, err := storage.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.ConnectionByName(name)
	if err != nil {
		t.Fatal(err)
	}
	conn.StoreSettings[demo.SettingMaxBatch] = fmt.Sprint(size)
	if err := db.SaveConnection(&conn); err != nil {
		t.Fatal(err)
	}
	return conn
}

// runStatuses reads runs straight from the file, without starting
// ShelfSync (which would recover them): the newest run's status and the
// statuses of the runs after id.
func runStatuses(t *testing.T, dataDir string, after uint) (maxID uint, newest string, since []string) {
	t.Helper()
	db := openRaw(t, dataDir)
	defer closeRaw(db)
	db.Raw("SELECT COALESCE(MAX(id), 0) FROM sync_runs").Scan(&maxID)
	db.Raw("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1").Scan(&newest)
	db.Raw("SELECT status FROM sync_runs WHERE id > ? ORDER BY id", after).Scan(&since)
	return maxID, newest, since
}

func checkConverged(t *testing.T, c *cli, conn storage.Connection, kill int) {
	t.Helper()
	var inv inventoryJSON
	if err := json.Unmarshal([]byte(c.ok("inventory", "--connection", "Slow", "--json")), &inv); err != nil {
		t.Fatal(err)
	}
	store, err := demo.NewStore(connector.Config{Kind: "demo", Settings: conn.StoreSettings, DataDir: c.dataDir, ConnectionID: conn.ID}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := store.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inStore := map[string]int{}
	for _, it := range idx.Items {
		inStore[it.SKU] = it.Qty
	}
	if len(inv.Items) == 0 {
		t.Fatalf("kill %d: the inventory is empty", kill)
	}
	for _, it := range inv.Items {
		if it.State == "ignored" || it.State == "unmapped" {
			continue
		}
		if it.State != "in_sync" || it.PublishedQty == nil || it.StoreQty == nil || *it.StoreQty != *it.PublishedQty {
			t.Fatalf("kill %d: %s reads %s, store %v, published %v; want in sync", kill, it.SKU, it.State, it.StoreQty, it.PublishedQty)
		}
		if q, ok := inStore[it.SKU]; !ok || q != *it.PublishedQty {
			t.Fatalf("kill %d: the demo store holds %d (listed %v) for %s, published %d", kill, q, ok, it.SKU, *it.PublishedQty)
		}
	}
}

func checkIntegrity(t *testing.T, dataDir string, kill int) {
	t.Helper()
	db := openRaw(t, dataDir)
	defer closeRaw(db)
	var verdict string
	if err := db.Raw("PRAGMA integrity_check").Scan(&verdict).Error; err != nil || verdict != "ok" {
		t.Fatalf("kill %d: integrity_check = %q, %v", kill, verdict, err)
	}
}

// openRaw opens the database file as a bystander would, with the SQLite
// driver alone (no migration, no recovery).
func openRaw(t *testing.T, dataDir string) *gorm.DB {
	t.Helper()
	path := filepath.Join(dataDir, storage.FileName)
	db, err := gorm.Open(sqlite.Open(path+"?_pragma=busy_timeout(10000)"), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func closeRaw(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
}
