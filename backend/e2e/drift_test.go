package e2e

import (
	"encoding/json"
	"sort"
	"testing"
)

// driftRun is the part of `sync --json` the drift test reads.
type driftRun struct {
	RunID    uint     `json:"runId"`
	Status   string   `json:"status"`
	Problems []string `json:"problems"`
	Counts   struct {
		Pushed  int `json:"pushed"`
		Drifted int `json:"drifted"`
	} `json:"counts"`
	Items []struct {
		SKU      string `json:"sku"`
		From     *int   `json:"from"`
		To       int    `json:"to"`
		Expected *int   `json:"expected"`
	} `json:"items"`
}

func (c *cli) driftSync(name string) driftRun {
	c.t.Helper()
	r := c.run("sync", "--connection", name, "--json")
	var run driftRun
	if err := json.Unmarshal([]byte(r.stdout), &run); err != nil {
		c.t.Fatalf("sync --json printed %q (stderr %q): %v", r.stdout, r.stderr, err)
	}
	return run
}

// handEdit changes five listings in the demo store, from the first-th in
// SKU order, as a merchant editing quantities in the store's admin; it
// returns their SKUs and the quantities the store now holds.
func handEdit(t *testing.T, dataDir string, first int) ([]string, map[string]int) {
	t.Helper()
	live := map[string]int{}
	var edited []string
	i := 0
	editDemoStore(t, dataDir, func(l *demoListing) {
		if i >= first && i < first+5 {
			l.Qty += 7
			edited = append(edited, l.SKU)
			live[l.SKU] = l.Qty
		}
		i++
	})
	sort.Strings(edited)
	return edited, live
}

// The must-show drift scenario: Full; five quantities edited by hand in
// the store; a Smart Sync finds exactly those five drifted and, by
// default, repairs them; with "flag only" Inventory lists exactly those
// five as drifted and the run reports them, until "Repair drifted SKUs".
func TestCLIASmartSyncFindsHandEditsInTheStoreAndRepairsThem(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "60", "--store", "demo", "--no-schedule")
	if full := c.sync("Shop", "full"); full.Status != "succeeded" || full.Counts.Pushed != 60 {
		t.Fatalf("first Full: %s pushed %d", full.Status, full.Counts.Pushed)
	}

	edited, live := handEdit(t, c.dataDir, 0)
	repaired := c.driftSync("Shop")
	var pushed []string
	for _, it := range repaired.Items {
		pushed = append(pushed, it.SKU)
		if it.From == nil || *it.From != live[it.SKU] || it.To != live[it.SKU]-7 || it.Expected == nil || *it.Expected != it.To {
			t.Errorf("%s pushed %v -> %d (expected %v), want from the %d seen in the store back to %d, saying the store had changed it from %d",
				it.SKU, it.From, it.To, it.Expected, live[it.SKU], live[it.SKU]-7, live[it.SKU]-7)
		}
	}
	if repaired.Status != "succeeded" || repaired.Counts.Drifted != 5 || !equalStrings(pushed, edited) {
		t.Fatalf("Smart after 5 hand edits: %s, %d drifted, pushed %v; want %v drifted and repaired", repaired.Status, repaired.Counts.Drifted, pushed, edited)
	}
	for sku, state := range c.states() {
		if state != "in_sync" {
			t.Errorf("after the repair %s is %s, want in_sync", sku, state)
		}
	}
	if again := c.driftSync("Shop"); again.Counts.Drifted != 0 || again.Counts.Pushed != 0 {
		t.Errorf("the Smart after the repair: %d drifted, %d pushed; want nothing", again.Counts.Drifted, again.Counts.Pushed)
	}

	c.ok("rules", "--connection", "Shop", "--drift", "flag")
	edited, _ = handEdit(t, c.dataDir, 10)
	flagged := c.driftSync("Shop")
	if flagged.Counts.Drifted != 5 || flagged.Counts.Pushed != 0 {
		t.Fatalf("Smart with flag only: %d drifted, %d pushed; want 5 drifted and none pushed", flagged.Counts.Drifted, flagged.Counts.Pushed)
	}
	listed := c.skusInState("Shop", "drifted")
	if !equalStrings(listed, edited) {
		t.Fatalf("inventory --state drifted lists %v, want exactly %v", listed, edited)
	}

	repair := c.run("sync", "--connection", "Shop", "--repair-drift", "--json")
	var fixed driftRun
	if err := json.Unmarshal([]byte(repair.stdout), &fixed); err != nil || fixed.Counts.Pushed != 5 {
		t.Fatalf("Repair drifted SKUs: pushed %d (%v, %s)", fixed.Counts.Pushed, err, repair.stderr)
	}
	for _, it := range fixed.Items {
		if it.Expected == nil || *it.Expected != it.To || it.From == nil || *it.From != it.To+7 {
			t.Errorf("repair of %s: %v (expected %v) -> %d; want the row to say the store had moved it from %d to %d", it.SKU, it.From, it.Expected, it.To, it.To, it.To+7)
		}
	}
	for sku, state := range c.states() {
		if state != "in_sync" {
			t.Errorf("after Repair drifted SKUs %s is %s, want in_sync", sku, state)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
