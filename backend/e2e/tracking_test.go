package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// demoListing is a listing of the demo store's file, as a merchant's edit
// in the store's admin would change it.
type demoListing struct {
	SKU       string `json:"sku"`
	Name      string `json:"name"`
	Qty       int    `json:"qty"`
	Untracked bool   `json:"untracked,omitempty"`
}

// editDemoStore changes the demo store's listings by hand, as a merchant
// (or a sale) changes a real store behind ShelfSync's back.
func editDemoStore(t *testing.T, dataDir string, edit func(l *demoListing)) {
	t.Helper()
	path := filepath.Join(dataDir, "demo", "1-store.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Listings []demoListing `json:"listings"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for i := range f.Listings {
		edit(&f.Listings[i])
	}
	if data, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func demoStoreListings(t *testing.T, dataDir string) map[string]demoListing {
	t.Helper()
	out := map[string]demoListing{}
	editDemoStore(t, dataDir, func(l *demoListing) { out[l.SKU] = *l })
	return out
}

// Listings whose stock the store does not count are not tracked, not
// unmapped: counted, shown, named in the run; "Turn on stock tracking for
// these" turns it on and syncs them.
func TestCLIListingsTheStoreDoesNotTrackAreShownAndCanBeTracked(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	writeCSV(t, path, "sku,qty\nA,5\nB,5\nC,5\nD,5\nE,5\n", at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	c.sync("Shop", "full")

	// The merchant switches stock tracking off for B and C in the store;
	// then B and C sell out in the warehouse.
	editDemoStore(t, c.dataDir, func(l *demoListing) { l.Untracked = l.SKU == "B" || l.SKU == "C" })
	writeCSV(t, path, "sku,qty\nA,4\nB,0\nC,0\nD,5\nE,5\n", at.Add(time.Minute))
	r := c.run("sync", "--connection", "Shop", "--mode", "full", "--json")
	var run struct {
		Counts struct {
			Pushed, Unmapped, Attention int
			NotTracked                  int `json:"notTracked"`
		} `json:"counts"`
		Problems []string `json:"problems"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &run); err != nil {
		t.Fatalf("sync printed %q: %v", r.stdout, err)
	}
	if run.Counts.NotTracked != 2 || run.Counts.Unmapped != 0 || run.Counts.Pushed != 3 || run.Counts.Attention != 2 {
		t.Fatalf("counts %+v; want 2 not tracked (not unmapped, not pushed) needing attention, the other 3 pushed", run.Counts)
	}
	if !strings.Contains(strings.Join(run.Problems, " "), "B, C") {
		t.Errorf("problems %q; want B and C named", run.Problems)
	}
	listed := c.ok("inventory", "--connection", "Shop", "--state", "not_tracked")
	if !strings.Contains(listed, "B ") || !strings.Contains(listed, "C ") || strings.Count(strings.TrimSpace(listed), "\n") != 2 {
		t.Errorf("inventory --state not_tracked:\n%s\nwant B and C", listed)
	}

	tracked := c.run("track", "--connection", "Shop", "--json")
	var after struct {
		Status string `json:"status"`
		Items  []struct {
			SKU string `json:"sku"`
			To  int    `json:"to"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(tracked.stdout), &after); err != nil || tracked.code != 0 {
		t.Fatalf("track exited %d printing %q %q: %v", tracked.code, tracked.stdout, tracked.stderr, err)
	}
	if after.Status != "succeeded" || len(after.Items) != 2 || after.Items[0].SKU != "B" || after.Items[0].To != 0 {
		t.Fatalf("the sync after turning tracking on: %s, pushed %+v; want B and C set to 0", after.Status, after.Items)
	}
	for _, sku := range []string{"B", "C"} {
		if l := demoStoreListings(t, c.dataDir)[sku]; l.Untracked || l.Qty != 0 {
			t.Errorf("store listing %s = %+v, want tracked at 0", sku, l)
		}
	}
	for sku, state := range c.states() {
		if state != "in_sync" {
			t.Errorf("%s is %s after tracking was turned on, want in_sync", sku, state)
		}
	}
}
