package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// leaveRunningRow writes a run marked running, as a ShelfSync that died
// mid-run leaves it, owned by pid on host.
func leaveRunningRow(t *testing.T, dataDir, connection string, pid int, host string) uint {
	t.Helper()
	db, err := storage.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.ConnectionByName(connection)
	if err != nil {
		t.Fatal(err)
	}
	run := storage.SyncRun{ConnectionID: conn.ID, Trigger: "cli", ModeRequested: "full", ModeRun: "full",
		Status: types.RunRunning, StartedAt: time.Now().Add(-time.Hour).UTC(), PID: pid, Host: host}
	if err := db.Gorm().Create(&run).Error; err != nil {
		t.Fatal(err)
	}
	return run.ID
}

func historyStatuses(t *testing.T, c *cli, connection string) map[uint]string {
	t.Helper()
	var runs []runJSON
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", connection, "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	out := map[uint]string{}
	for _, r := range runs {
		out[r.RunID] = r.Status
	}
	return out
}

// After a reboot the PID of a ShelfSync that died mid-run often belongs to
// another program: the run it left must not block every sync from then on.
func TestCLIARunLeftByADeadShelfSyncWhosePIDAnotherProgramNowHasDoesNotBlockSyncs(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "20", "--store", "demo", "--no-schedule")
	unrelated := exec.Command("sleep", "60")
	if err := unrelated.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = unrelated.Process.Kill(); _ = unrelated.Wait() }() // only cleanup: the sleeper's end is not tested
	host, _ := os.Hostname()
	left := leaveRunningRow(t, c.dataDir, "Shop", unrelated.Process.Pid, host)

	r := c.run("sync", "--connection", "Shop", "--json")
	if r.code != 0 {
		t.Fatalf("sync beside a dead run whose PID %d is now `sleep` exited %d: %s", unrelated.Process.Pid, r.code, r.stderr)
	}
	if got := historyStatuses(t, c, "Shop")[left]; got != "interrupted" {
		t.Errorf("the dead run reads %q, want interrupted", got)
	}
}

// A run left running under another computer name (the computer was
// renamed, or the data folder copied from another one) cannot be judged
// automatically: clear-stuck clears it, and the next sync runs.
func TestCLIClearStuckClearsARunLeftUnderAnotherComputerName(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "20", "--store", "demo", "--no-schedule")
	left := leaveRunningRow(t, c.dataDir, "Shop", 4242, "old-laptop")

	r := c.run("sync", "--connection", "Shop")
	if r.code != 3 || !strings.Contains(r.stderr, "shelfsync clear-stuck --connection Shop") {
		t.Fatalf("sync beside another computer's run exited %d with %q, want 3 and the way out", r.code, r.stderr)
	}
	out := c.ok("clear-stuck", "--connection", "Shop")
	if !strings.Contains(out, "old-laptop") {
		t.Errorf("clear-stuck printed %q, want it to name the run it cleared", out)
	}
	if got := historyStatuses(t, c, "Shop")[left]; got != "interrupted" {
		t.Errorf("the cleared run reads %q, want interrupted", got)
	}
	if run := c.sync("Shop", "smart"); run.Status != "succeeded" {
		t.Errorf("the sync after clear-stuck ended %s: %s", run.Status, run.Error)
	}
	if out := c.ok("clear-stuck", "--connection", "Shop"); !strings.Contains(out, "No sync of Shop") {
		t.Errorf("a second clear-stuck printed %q, want that nothing is stuck", out)
	}
}

// clear-stuck never clears a run that is really going on.
func TestCLIClearStuckRefusesARunThatIsStillGoing(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Slow", "--warehouse", "demo", "--demo-skus", "400", "--store", "demo", "--demo-latency", "2s", "--no-schedule")
	cmd := exec.Command(binary, "--data-dir", c.dataDir, "sync", "--connection", "Slow", "--mode", "full")
	cmd.Env = append(os.Environ(), "SHELFSYNC_DATA_DIR=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }() // the sync is killed on purpose; its end is not tested
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(c.ok("history", "--connection", "Slow", "--json"), `"status": "running"`) {
		if time.Now().After(deadline) {
			t.Fatal("the sync never showed as running")
		}
		time.Sleep(50 * time.Millisecond)
	}
	r := c.run("clear-stuck", "--connection", "Slow")
	if r.code != 3 || !strings.Contains(r.stderr, "still running") {
		t.Fatalf("clear-stuck during a live sync exited %d with %q, want 3 and that it is still running", r.code, r.stderr)
	}
	if !strings.Contains(c.ok("history", "--connection", "Slow", "--json"), `"status": "running"`) {
		t.Error("clear-stuck changed a live run")
	}
}
