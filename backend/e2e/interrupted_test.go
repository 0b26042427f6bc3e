package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// A Full Sync killed after some batches were confirmed: its history says
// what it read and what the store took, one row per SKU written, so the
// merchant sees that the store changed.
func TestCLIAKilledRunsHistoryListsTheBatchesTheStoreConfirmed(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Slow", "--warehouse", "demo", "--demo-skus", "150", "--store", "demo", "--demo-latency", "40ms", "--no-schedule")
	smallerDemoBatches(t, c.dataDir, "Slow", 10) // 15 batches

	cmd := exec.Command(binary, "--data-dir", c.dataDir, "sync", "--connection", "Slow", "--mode", "full")
	cmd.Env = append(os.Environ(), "SHELFSYNC_DATA_DIR=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	confirmed := 0
	for deadline := time.Now().Add(20 * time.Second); confirmed < 30 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		confirmed = baselines(t, c.dataDir)
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	confirmed = baselines(t, c.dataDir)
	if confirmed < 30 || confirmed == 150 {
		t.Fatalf("the kill came after %d confirmed SKUs; want it mid-run", confirmed)
	}

	var runs []runJSON
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Slow", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	killed := runs[0]
	if killed.Status != "interrupted" || killed.Counts.Read != 150 || killed.Counts.Pushed < confirmed {
		t.Fatalf("the killed run reads %s, read %d, pushed %d; want interrupted, read 150, pushed at least the %d confirmed", killed.Status, killed.Counts.Read, killed.Counts.Pushed, confirmed)
	}
	var detail runJSON
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Slow", "--run", fmt.Sprint(killed.RunID), "--json")), &detail); err != nil {
		t.Fatal(err)
	}
	ok := 0
	for _, it := range detail.Items {
		if it.Status == "ok" {
			ok++
		}
	}
	if ok != killed.Counts.Pushed {
		t.Errorf("the killed run lists %d SKUs written, counts %d pushed; want one row per SKU the store took", ok, killed.Counts.Pushed)
	}
}

// baselines counts the SKUs whose quantity the store confirmed, straight
// from the file.
func baselines(t *testing.T, dataDir string) int {
	t.Helper()
	db := openRaw(t, dataDir)
	defer closeRaw(db)
	var n int
	db.Raw("SELECT COUNT(*) FROM items WHERE baseline_qty IS NOT NULL").Scan(&n)
	return n
}
