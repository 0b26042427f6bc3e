package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// remapRun is the part of `sync --json` the mapping test reads.
type remapRun struct {
	Status string `json:"status"`
	Error  string `json:"error"`
	Counts struct {
		Pushed int `json:"pushed"`
		NotFed int `json:"notFed"`
	} `json:"counts"`
	Problems []string `json:"problems"`
	Items    []struct {
		SKU string `json:"sku"`
		To  int    `json:"to"`
	} `json:"items"`
}

func (c *cli) remapSync() remapRun {
	c.t.Helper()
	r := c.run("sync", "--connection", "Shop", "--json")
	var run remapRun
	if err := json.Unmarshal([]byte(r.stdout), &run); err != nil {
		c.t.Fatalf("sync --json printed %q (stderr %q): %v", r.stdout, r.stderr, err)
	}
	return run
}

// One store listing is fed by one warehouse SKU: a mapping that would feed
// a listing from two is refused with a sentence naming both, from the
// command line and from a mapping CSV; a run that meets one anyway (the
// feed gained the SKU later) is held; a remap pushes the listing the SKU
// now feeds; the listing it moved away from is reported as not fed.
func TestCLIMappingFeedsEachListingFromOneSKUAndARemapPushes(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "inventory.csv")
	at := time.Now().Add(-time.Hour)
	writeCSV(t, path, "sku,qty\nA,5\nB,7\nC,9\n", at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	c.ok("rules", "--connection", "Shop", "--map", "A=P")
	if full := c.sync("Shop", "full"); full.Counts.Pushed != 3 {
		t.Fatalf("first Full pushed %d, want 3", full.Counts.Pushed)
	}

	refused := c.run("rules", "--connection", "Shop", "--map", "C=B")
	if refused.code != 2 || !strings.Contains(refused.stderr, "B and C") {
		t.Fatalf("rules --map C=B exited %d: %s%s; want 2 naming B and C", refused.code, refused.stdout, refused.stderr)
	}
	mapping := filepath.Join(dir, "mapping.csv")
	if err := os.WriteFile(mapping, []byte("warehouse sku,store sku\nB,X\nC,X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	imported := c.run("rules", "--connection", "Shop", "--mapping-csv", mapping)
	if imported.code != 2 || !strings.Contains(imported.stderr, "B and C") {
		t.Fatalf("rules --mapping-csv exited %d: %s%s; want 2 naming B and C", imported.code, imported.stdout, imported.stderr)
	}

	// A -> X is fine until the feed gains a SKU X of its own.
	c.ok("rules", "--connection", "Shop", "--map", "A=X")
	writeCSV(t, path, "sku,qty\nA,5\nB,7\nC,9\nX,4\n", at.Add(time.Minute))
	held := c.remapSync()
	if held.Status != "held" || held.Counts.Pushed != 0 || !strings.Contains(held.Error, "A and X") {
		t.Fatalf("Smart meeting two SKUs for listing X: %s pushed %d (%s); want held naming A and X", held.Status, held.Counts.Pushed, held.Error)
	}

	// The feed drops X again: A -> X pushes A's 5 to listing X, and listing
	// P, which A fed until now, is not fed by the warehouse.
	writeCSV(t, path, "sku,qty\nA,5\nB,7\nC,9\n", at.Add(2*time.Minute))
	remap := c.remapSync()
	if remap.Status != "succeeded" || len(remap.Items) != 1 || remap.Items[0].SKU != "A" || remap.Items[0].To != 5 || remap.Counts.NotFed != 1 {
		t.Fatalf("Smart after remapping A to X: %s, pushed %+v, %d not fed; want A's 5 pushed to listing X and 1 listing not fed", remap.Status, remap.Items, remap.Counts.NotFed)
	}
	notFed := c.ok("inventory", "--connection", "Shop", "--state", "not_fed")
	if lines := strings.Split(strings.TrimSpace(notFed), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "P ") {
		t.Errorf("inventory --state not_fed:\n%s\nwant exactly listing P", notFed)
	}
	if again := c.remapSync(); again.Counts.Pushed != 0 || again.Status != "succeeded" {
		t.Errorf("the Smart after that: %s, pushed %d; want nothing", again.Status, again.Counts.Pushed)
	}

	// B moves off the listing named like itself: the run says listing B
	// is no longer fed.
	c.ok("rules", "--connection", "Shop", "--map", "B=Y")
	moved := c.remapSync()
	if len(moved.Items) != 1 || moved.Items[0].SKU != "B" || moved.Counts.NotFed != 2 || !strings.Contains(strings.Join(moved.Problems, " "), "listing B") {
		t.Errorf("Smart after remapping B to Y: pushed %+v, %d not fed, problems %q; want B pushed and listing B named as not fed", moved.Items, moved.Counts.NotFed, moved.Problems)
	}
}
