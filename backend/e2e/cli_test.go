package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"shelfsync/backend/testwait"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The scenario: a CSV warehouse with A=7, B=10, C=3 and the demo
// store. Full pushes 3; after A becomes 5, Smart pushes exactly A (7 -> 5);
// another Smart pushes 0; Full pushes 3 again.
func TestCLIFullThenSmartFromACSVWarehouse(t *testing.T) {
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inventory.csv")
	writeCSV(t, csvPath, "sku,qty\nA,7\nB,10\nC,3\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+csvPath, "--store", "demo")

	full := c.sync("Shop", "full")
	if full.Status != "succeeded" || full.Counts.Pushed != 3 || full.ModeRun != "full" {
		t.Fatalf("first Full: %s pushed %d (%s), want succeeded with 3", full.Status, full.Counts.Pushed, full.Error)
	}

	writeCSV(t, csvPath, "sku,qty\nA,5\nB,10\nC,3\n", time.Now())
	smart := c.sync("Shop", "smart")
	if smart.ModeRun != "smart" || smart.Counts.Pushed != 1 || len(smart.Items) != 1 {
		t.Fatalf("Smart after A changed: mode %s pushed %d items %+v, want exactly A", smart.ModeRun, smart.Counts.Pushed, smart.Items)
	}
	if a := smart.Items[0]; a.SKU != "A" || a.From == nil || *a.From != 7 || a.To != 5 || a.Status != "ok" {
		t.Fatalf("Smart pushed %+v, want A from 7 to 5", a)
	}

	if again := c.sync("Shop", "smart"); again.Counts.Pushed != 0 || again.Status != "succeeded" {
		t.Fatalf("second Smart pushed %d (%s), want 0", again.Counts.Pushed, again.Status)
	}
	if fullAgain := c.sync("Shop", "full"); fullAgain.Counts.Pushed != 3 {
		t.Fatalf("Full again pushed %d, want 3", fullAgain.Counts.Pushed)
	}

	var inv struct {
		Connection string `json:"connection"`
		Items      []struct {
			SKU          string `json:"sku"`
			WarehouseQty *int   `json:"warehouseQty"`
			PublishedQty *int   `json:"publishedQty"`
			StoreQty     *int   `json:"storeQty"`
			State        string `json:"state"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(c.ok("inventory", "--connection", "Shop", "--json")), &inv); err != nil {
		t.Fatal(err)
	}
	if len(inv.Items) != 3 || inv.Items[0].SKU != "A" || *inv.Items[0].StoreQty != 5 || inv.Items[0].State != "in_sync" {
		t.Errorf("inventory = %+v, want A..C in sync with A at 5", inv.Items)
	}

	var runs []runJSON
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Shop", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 4 || runs[0].ModeRun != "full" || runs[1].Counts.Pushed != 0 || runs[2].Counts.Pushed != 1 {
		t.Errorf("history = %d runs, want the 4 runs newest first", len(runs))
	}
}

func TestCLISmartOnANewConnectionRunsFullAndSaysSo(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Fresh", "--warehouse", "demo", "--demo-skus", "50", "--store", "demo")
	run := c.sync("Fresh", "smart")
	if run.ModeRequested != "smart" || run.ModeRun != "full" || run.Reason == "" {
		t.Fatalf("Smart on a new connection: asked %s ran %s reason %q; want a Full with a reason", run.ModeRequested, run.ModeRun, run.Reason)
	}
	if run.Counts.Pushed != 50 || run.Trigger != "cli" {
		t.Errorf("pushed %d (trigger %s), want 50 from the cli", run.Counts.Pushed, run.Trigger)
	}
}

func TestCLIPartialRunThenSmartRetriesExactlyTheFailedSKUs(t *testing.T) {
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "SKU;Available\nA;1\nB;2\nC;3\nD;4\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Flaky", "--warehouse", "csv:"+csvPath, "--store", "demo", "--demo-fail", "B,D")
	run := c.sync("Flaky", "full")
	if run.Status != "partial" || run.Counts.Pushed != 2 || run.Counts.Failed != 2 {
		t.Fatalf("run = %s pushed %d failed %d, want partial 2/2", run.Status, run.Counts.Pushed, run.Counts.Failed)
	}
	failed := map[string]string{}
	for _, it := range run.Items {
		if it.Status == "failed" {
			failed[it.SKU] = it.Error
		}
	}
	if len(failed) != 2 || failed["B"] == "" || failed["D"] == "" {
		t.Fatalf("failed items = %v, want B and D with the store's message", failed)
	}
}

func TestCLIKilledSyncReadsInterruptedAfterTheNextStart(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Slow", "--warehouse", "demo", "--demo-skus", "400", "--store", "demo", "--demo-latency", "300ms")
	cmd := exec.Command(binary, "--data-dir", c.dataDir, "sync", "--connection", "Slow", "--mode", "full")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the run has confirmed a first batch of pushes (the
	// recorder writes its rows at once), then kill without warning.
	defer cmd.Process.Kill()
	testwait.Within(t, 30*time.Second, func() bool {
		return strings.Contains(c.ok("inventory", "--connection", "Slow", "--state", "in_sync", "--json"), `"sku"`)
	}, "the sync to confirm its first pushes")
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	var runs []runJSON
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Slow", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Status != "interrupted" || runs[0].Error == "" {
		t.Fatalf("after the kill and a restart the run reads %+v, want interrupted with a sentence", runs)
	}

	// Nothing is lost: the next sync finishes the job.
	next := c.sync("Slow", "smart")
	if next.Status != "succeeded" || next.Counts.Pushed == 0 {
		t.Fatalf("the sync after the kill = %s pushed %d, want it to push what the killed run did not", next.Status, next.Counts.Pushed)
	}
	if again := c.sync("Slow", "smart"); again.Counts.Pushed != 0 {
		t.Errorf("a further Smart pushed %d, want 0 once converged", again.Counts.Pushed)
	}
}

func TestCLIErrorsAreOneSentenceOnStderr(t *testing.T) {
	c := newCLI(t)
	empty := filepath.Join(t.TempDir(), "empty.csv")
	if err := os.WriteFile(empty, []byte("sku,qty\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok("connection", "add", "--name", "Empty", "--warehouse", "csv:"+empty, "--store", "demo")
	tests := []struct {
		args     []string
		wantCode int
		wantText string
	}{
		{[]string{"sync", "--connection", "Nope"}, 3, "no connection named"},
		{[]string{"sync", "--connection", "Empty", "--mode", "fast"}, 2, "smart or full"},
		{[]string{"connection", "add", "--name", "Empty", "--warehouse", "demo", "--store", "demo"}, 1, "already exists"},
		{[]string{"schedule", "--connection", "Empty", "--every", "2m"}, 2, "at least 5 minutes"},
		{[]string{"frobnicate"}, 2, "no command"},
		{[]string{"sync", "--bogus"}, 2, "not defined: -bogus"},
	}
	for _, tt := range tests {
		r := c.run(tt.args...)
		if r.code != tt.wantCode || !strings.Contains(r.stderr, tt.wantText) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("shelfsync %v: exit %d stderr %q; want exit %d and one line containing %q", tt.args, r.code, r.stderr, tt.wantCode, tt.wantText)
		}
	}
	r := c.run("sync", "--connection", "Empty", "--mode", "full", "--json")
	if r.code != 1 || !strings.Contains(r.stdout, "no inventory rows") {
		t.Errorf("a sync of an empty feed: exit %d, stdout %s; want a failed run that says the file has no rows", r.code, r.stdout)
	}
	for _, cmd := range []string{"sync", "connection", "inventory", "history", "schedule"} {
		if r := c.run(cmd, "--help"); r.code != 0 || !strings.Contains(r.stdout, "Usage") {
			t.Errorf("shelfsync %s --help: exit %d, stdout %q", cmd, r.code, r.stdout)
		}
	}
}

func TestCLIScheduleShowsAndChangesTheInterval(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Sched", "--warehouse", "demo", "--store", "demo")
	out := c.ok("schedule", "--connection", "Sched", "--json")
	var s struct {
		Enabled         bool   `json:"enabled"`
		IntervalMinutes int    `json:"intervalMinutes"`
		AutoMode        string `json:"autoMode"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil || !s.Enabled || s.IntervalMinutes != 60 || s.AutoMode != "smart" {
		t.Fatalf("default schedule = %s (%v), want enabled, 60 minutes, smart", out, err)
	}
	out = c.ok("schedule", "--connection", "Sched", "--every", "2h", "--auto-mode", "full", "--disable", "--json")
	if err := json.Unmarshal([]byte(out), &s); err != nil || s.Enabled || s.IntervalMinutes != 120 || s.AutoMode != "full" {
		t.Fatalf("changed schedule = %s, want disabled, 120 minutes, full", out)
	}
	if list := c.ok("connection", "list"); !strings.Contains(list, "Sched") || !strings.Contains(list, "off") {
		t.Errorf("connection list = %q, want Sched with automatic sync off", list)
	}
	c.ok("connection", "remove", "--name", "Sched")
	if list := c.ok("connection", "list", "--json"); strings.Contains(list, "Sched") {
		t.Errorf("after remove the list still has Sched: %s", list)
	}
	_ = fmt.Sprint()
}
