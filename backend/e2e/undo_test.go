package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The must-show undo scenario: Full; 50 warehouse quantities change; Smart
// pushes the 50; 3 of them sell in the store; Undo restores the other 47
// to what they were before, leaves the 3 alone and says so, and History
// shows the Smart Sync and the undo, a run of its own.
func TestCLIUndoRestoresARunsSKUsExceptThoseThatSoldSince(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	feedOf := func(changed int) string {
		var b strings.Builder
		b.WriteString("sku,qty\n")
		for i := 0; i < 60; i++ {
			q := 10
			if i < changed {
				q = 20
			}
			fmt.Fprintf(&b, "S%02d,%d\n", i, q)
		}
		return b.String()
	}
	writeCSV(t, path, feedOf(0), at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	c.sync("Shop", "full")
	writeCSV(t, path, feedOf(50), at.Add(time.Minute))
	smart := c.sync("Shop", "smart")
	if smart.Counts.Pushed != 50 {
		t.Fatalf("Smart after 50 changes pushed %d", smart.Counts.Pushed)
	}
	sold := map[string]bool{"S03": true, "S17": true, "S42": true}
	editDemoStore(t, c.dataDir, func(l *demoListing) {
		if sold[l.SKU] {
			l.Qty -= 2 // a sale of 2 in the store
		}
	})

	type undoJSON struct {
		RunID   uint `json:"runId"`
		Restore []struct {
			SKU      string `json:"sku"`
			From, To int
		} `json:"restore"`
		Skipped []struct {
			SKU    string `json:"sku"`
			Reason string `json:"reason"`
		} `json:"skipped"`
	}
	preview := c.run("undo", "--connection", "Shop", "--run", fmt.Sprint(smart.RunID), "--json")
	var p undoJSON
	if err := json.Unmarshal([]byte(preview.stdout), &p); err != nil || preview.code != 0 {
		t.Fatalf("undo preview exited %d printing %q %q: %v", preview.code, preview.stdout, preview.stderr, err)
	}
	if len(p.Restore) != 47 || len(p.Skipped) != 3 || p.Skipped[0].SKU != "S03" || !strings.Contains(p.Skipped[0].Reason, "sold 2 since; left at 18") {
		t.Fatalf("undo preview: %d to restore, skipped %+v; want 47, and S03, S17, S42 left alone (sold 2 since; left at 18)", len(p.Restore), p.Skipped)
	}
	if store := demoStoreListings(t, c.dataDir); store["S00"].Qty != 20 {
		t.Fatalf("the preview changed the store: S00 holds %d", store["S00"].Qty)
	}

	done := c.run("undo", "--connection", "Shop", "--run", fmt.Sprint(smart.RunID), "--yes", "--json")
	var undo runJSON
	if err := json.Unmarshal([]byte(done.stdout), &undo); err != nil {
		t.Fatalf("undo --yes printed %q %q: %v", done.stdout, done.stderr, err)
	}
	if undo.Trigger != "undo" || undo.Status != "succeeded" || undo.Counts.Pushed != 47 {
		t.Fatalf("undo run: trigger %s, %s, pushed %d; want an undo run that restored 47", undo.Trigger, undo.Status, undo.Counts.Pushed)
	}
	store := demoStoreListings(t, c.dataDir)
	for i := 0; i < 60; i++ {
		sku := fmt.Sprintf("S%02d", i)
		want := 10
		if sold[sku] {
			want = 18
		}
		if store[sku].Qty != want {
			t.Errorf("after the undo the store holds %d for %s, want %d", store[sku].Qty, sku, want)
		}
	}
	var runs []runJSON
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Shop", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 3 || runs[0].Trigger != "undo" || runs[1].RunID != smart.RunID {
		t.Errorf("history has %d runs, newest %s; want the Full, the Smart and the undo", len(runs), runs[0].Trigger)
	}
}
