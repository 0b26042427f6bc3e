package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// locatedShop makes the demo connection "Shop" of skus SKUs with its
// map set: the east facility feeds the main shop, west the pop-up store.
func locatedShop(t *testing.T, skus int, more ...string) *cli {
	t.Helper()
	c := newCLI(t)
	c.ok(append([]string{"connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", fmt.Sprint(skus), "--store", "demo", "--no-schedule"}, more...)...)
	c.ok("locations", "--connection", "Shop", "set", "shop", "east")
	c.ok("locations", "--connection", "Shop", "set", "popup", "west")
	// Nothing but the test's own edits moves the warehouse.
	editDemoWarehouse(t, c.dataDir, func(*demoWarehouseFile) {})
	return c
}

// located is a run's history row as "SKU@location".
func located(sku, location string) string { return sku + "@" + location }

// assertStoreFollowsFacilities checks every listing holds east's stock at
// the main shop and west's at the pop-up store.
func assertStoreFollowsFacilities(t *testing.T, c *cli) {
	t.Helper()
	facilities := demoFacilityStock(t, c.dataDir)
	for sku, at := range demoStoreStock(t, c.dataDir) {
		if at["shop"] != facilities[sku]["east"] || at["popup"] != facilities[sku]["west"] {
			t.Errorf("%s in the store %v, want east's %d at shop and west's %d at popup", sku, at, facilities[sku]["east"], facilities[sku]["west"])
		}
	}
}

// demoFacilityStock is each SKU's stock per facility in the demo warehouse.
func demoFacilityStock(t *testing.T, dataDir string) map[string]map[string]int {
	t.Helper()
	out := map[string]map[string]int{}
	editDemoWarehouse(t, dataDir, func(f *demoWarehouseFile) {
		for _, it := range f.Items {
			if it.Facilities != nil {
				out[it.SKU] = it.Facilities
				continue
			}
			west := it.Qty / 3 // the demo's split of an item no one set per facility
			out[it.SKU] = map[string]int{"east": it.Qty - west, "west": west}
		}
	})
	return out
}

// A sync of a connection with a location map, killed after some of its
// batches were confirmed: History lists what the store took, per SKU and
// location, and the next Smart Sync writes exactly the rest, so no
// quantity is written twice and none is lost.
func TestCLIAKilledLocatedRunListsWhatEachLocationTookAndTheNextSyncWritesOnlyTheRest(t *testing.T) {
	c := locatedShop(t, 60, "--demo-latency", "40ms")
	smallerDemoBatches(t, c.dataDir, "Shop", 10) // 120 SKU-locations, 12 batches
	if full := c.locatedSync("full"); full.Counts.Pushed != 120 {
		t.Fatalf("the first Full pushed %d, want 60 SKUs at 2 locations", full.Counts.Pushed)
	}
	// A delivery at both facilities: every SKU-location changes, to
	// quantities no earlier run wrote (above restocked).
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		for i := range f.Items {
			it := &f.Items[i]
			it.Facilities = map[string]int{"east": restocked + i, "west": restocked + 2*i}
			it.Qty = 2*restocked + 3*i
			it.UpdatedAt = time.Now().UTC()
		}
	})

	cmd := exec.Command(binary, "--data-dir", c.dataDir, "sync", "--connection", "Shop", "--mode", "smart")
	cmd.Env = append(os.Environ(), "SHELFSYNC_DATA_DIR=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	confirmed := 0
	for deadline := time.Now().Add(30 * time.Second); confirmed < 30 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		confirmed = locationBaselines(t, c.dataDir)
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	confirmed = locationBaselines(t, c.dataDir)
	if confirmed < 30 || confirmed == 120 {
		t.Fatalf("the kill came after %d confirmed SKU-locations; want it mid-run", confirmed)
	}

	var runs []runJSON
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Shop", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	killed := runs[0]
	var detail locatedRun
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Shop", "--run", fmt.Sprint(killed.RunID), "--json")), &detail); err != nil {
		t.Fatal(err)
	}
	took := map[string]bool{}
	for _, it := range detail.Items {
		if it.Location == "" {
			t.Errorf("the killed run's row of %s names no location", it.SKU)
		}
		took[located(it.SKU, it.Location)] = true
	}
	if killed.Status != "interrupted" || killed.Counts.Pushed < confirmed || len(took) != killed.Counts.Pushed {
		t.Fatalf("the killed run: %s, pushed %d, %d rows; want interrupted, at least the %d confirmed, a row for each", killed.Status, killed.Counts.Pushed, len(took), confirmed)
	}

	next := c.locatedSync("smart")
	for _, it := range next.Items {
		if took[located(it.SKU, it.Location)] {
			t.Errorf("the next Smart wrote %s at %s again, which the killed run had confirmed", it.SKU, it.Location)
		}
	}
	if next.Status != "succeeded" || len(took)+next.Counts.Pushed != 120 {
		t.Errorf("the next Smart: %s, pushed %d after the %d the killed run confirmed; want the other %d", next.Status, next.Counts.Pushed, len(took), 120-len(took))
	}
	assertStoreFollowsFacilities(t, c)
	if again := c.locatedSync("smart"); again.Counts.Pushed != 0 {
		t.Errorf("a Smart with nothing changed pushed %d", again.Counts.Pushed)
	}
}

// restocked is above any quantity the demo warehouse starts with.
const restocked = 5000

// locationBaselines counts the SKU-locations whose restocked quantity the
// store confirmed, straight from the file.
func locationBaselines(t *testing.T, dataDir string) int {
	t.Helper()
	db := openRaw(t, dataDir)
	defer closeRaw(db)
	var n int
	db.Raw("SELECT COUNT(*) FROM item_locations WHERE baseline_qty >= ?", restocked).Scan(&n)
	return n
}

// editDemoStoreAt changes listings' stock at one location of the demo
// store by hand, keeping every other field of the file as it is.
func editDemoStoreAt(t *testing.T, dataDir, location string, edit func(sku string, qty int) int) {
	t.Helper()
	path := filepath.Join(dataDir, "demo", "1-store.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for _, l := range f["listings"].([]any) {
		listing := l.(map[string]any)
		sku := listing["sku"].(string)
		if location == "shop" {
			listing["qty"] = edit(sku, int(listing["qty"].(float64)))
			continue
		}
		stock, _ := listing["stock"].(map[string]any)
		if stock == nil {
			stock = map[string]any{}
			listing["stock"] = stock
		}
		q, _ := stock[location].(float64)
		stock[location] = edit(sku, int(q))
	}
	if data, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// The demo scenario of drift per location: two SKUs edited by hand at the
// pop-up store; the next Smart Sync reports 2 drifted there and sets them
// back, and leaves the main shop alone. With "flag only" they are counted
// and listed as drifted, and not written.
func TestCLIASmartSyncFindsHandEditsAtOneLocationAndRepairsOnlyThere(t *testing.T) {
	c := locatedShop(t, 40)
	if full := c.locatedSync("full"); full.Status != "succeeded" || full.Counts.Pushed != 80 {
		t.Fatalf("Full: %s, pushed %d; want 40 SKUs at 2 locations", full.Status, full.Counts.Pushed)
	}
	handEditAt := func(first int) []string {
		var edited []string
		i := 0
		editDemoStoreAt(t, c.dataDir, "popup", func(sku string, qty int) int {
			defer func() { i++ }()
			if i == first || i == first+1 {
				edited = append(edited, sku)
				return qty + 4
			}
			return qty
		})
		return edited
	}
	before := demoStoreStock(t, c.dataDir)
	edited := handEditAt(3)
	type driftedRun struct {
		locatedRun
		Counts struct {
			Pushed  int `json:"pushed"`
			Drifted int `json:"drifted"`
		} `json:"counts"`
	}
	smart := func(args ...string) driftedRun {
		var run driftedRun
		out := c.run(append([]string{"sync", "--connection", "Shop", "--json"}, args...)...)
		if err := json.Unmarshal([]byte(out.stdout), &run); err != nil {
			t.Fatalf("sync --json printed %q (stderr %q): %v", out.stdout, out.stderr, err)
		}
		return run
	}
	repaired := smart()
	var wrote []string
	for _, it := range repaired.Items {
		wrote = append(wrote, located(it.SKU, it.Location))
	}
	want := []string{located(edited[0], "popup"), located(edited[1], "popup")}
	if repaired.Counts.Drifted != 2 || !equalStrings(wrote, want) {
		t.Fatalf("Smart after 2 hand edits at the pop-up store: %d drifted, wrote %v; want 2 drifted and %v repaired", repaired.Counts.Drifted, wrote, want)
	}
	if after := demoStoreStock(t, c.dataDir); !reflect.DeepEqual(after, before) {
		for sku := range after {
			if !reflect.DeepEqual(after[sku], before[sku]) {
				t.Errorf("%s holds %v after the repair, %v before the hand edit", sku, after[sku], before[sku])
			}
		}
	}
	if again := smart(); again.Counts.Drifted != 0 || again.Counts.Pushed != 0 {
		t.Errorf("the Smart after the repair: %d drifted, %d pushed; want nothing", again.Counts.Drifted, again.Counts.Pushed)
	}

	c.ok("rules", "--connection", "Shop", "--drift", "flag")
	edited = handEditAt(20)
	flagged := smart()
	if flagged.Counts.Drifted != 2 || flagged.Counts.Pushed != 0 {
		t.Fatalf("Smart with flag only: %d drifted, %d pushed; want 2 drifted and none pushed", flagged.Counts.Drifted, flagged.Counts.Pushed)
	}
	listed := c.skusInState("Shop", "drifted")
	if !equalStrings(listed, edited) {
		t.Fatalf("inventory --state drifted lists %v, want exactly %v", listed, edited)
	}
	if fixed := smart("--repair-drift"); fixed.Counts.Pushed != 2 {
		t.Errorf("Repair drifted SKUs pushed %d, want the 2 at the pop-up store", fixed.Counts.Pushed)
	}
	if after := demoStoreStock(t, c.dataDir); !reflect.DeepEqual(after, before) {
		t.Errorf("after Repair drifted SKUs the store differs from what was published")
	}
}

// A Smart Sync of a connection with a location map takes the same
// change-driven read as one without: with nothing changed it reads and
// writes what the single-location Smart reads and writes. (A change at one
// facility writing only the location it feeds is
// TestCLITwoFacilitiesFeedTwoLocationsAndSmartPushesOnlyTheLocationAChangeFeeds.)
func TestCLIALocatedSmartWithNothingChangedReadsWhatASingleLocationSmartReads(t *testing.T) {
	c := locatedShop(t, 40)
	c.ok("connection", "add", "--name", "Plain", "--warehouse", "demo", "--demo-skus", "40", "--store", "demo", "--no-schedule")
	c.ok("locations", "--connection", "Plain") // asks both sides, which makes its demo files
	freezeDemoWarehouse(t, c.dataDir, 2)
	for _, name := range []string{"Shop", "Plain"} {
		if full := c.sync(name, "full"); full.Status != "succeeded" {
			t.Fatalf("Full of %s: %s", name, full.Status)
		}
		c.sync(name, "smart") // the first look at the store's changes reads back the Full's writes
	}
	located, plain := c.sync("Shop", "smart"), c.sync("Plain", "smart")
	if plain.Counts.Read != 0 || plain.Counts.Pushed != 0 {
		t.Fatalf("the single-location Smart read %d SKUs and pushed %d; want an incremental read of nothing", plain.Counts.Read, plain.Counts.Pushed)
	}
	if located.Counts.Read != plain.Counts.Read || located.Counts.Pushed != 0 || located.APICalls != plain.APICalls {
		t.Errorf("the located Smart read %d SKUs in %d calls and pushed %d; the single-location one read %d in %d calls and pushed %d",
			located.Counts.Read, located.APICalls, located.Counts.Pushed, plain.Counts.Read, plain.APICalls, plain.Counts.Pushed)
	}
}

// freezeDemoWarehouse stops connection id's demo warehouse drifting, so
// nothing but a test's edits moves it.
func freezeDemoWarehouse(t *testing.T, dataDir string, id int) {
	t.Helper()
	path := filepath.Join(dataDir, "demo", fmt.Sprintf("%d-warehouse.json", id))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	f["driftedTo"] = time.Now().Add(24 * time.Hour).UTC()
	if data, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Undo of a run that wrote per location, through the binary: the Smart
// Sync wrote 5 SKUs at the pop-up store; one of them sold 2 there since.
// The undo sets the other 4 back at the pop-up store, leaves the sold one
// alone and says where, and writes nothing at the main shop.
func TestCLIUndoOfALocatedRunSetsEachLocationBackExceptWhereItSoldSince(t *testing.T) {
	c := locatedShop(t, 20)
	if full := c.locatedSync("full"); full.Status != "succeeded" {
		t.Fatalf("Full: %s", full.Status)
	}
	before := demoStoreStock(t, c.dataDir)
	var moved []string
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		for i := range f.Items[:5] {
			it := &f.Items[i]
			if it.Facilities == nil {
				it.Facilities = map[string]int{"east": it.Qty - it.Qty/3, "west": it.Qty / 3}
			}
			it.Facilities["west"] += 5
			it.Qty += 5
			it.UpdatedAt = time.Now().UTC()
			moved = append(moved, it.SKU)
		}
	})
	smart := c.locatedSync("smart")
	if smart.Counts.Pushed != 5 {
		t.Fatalf("Smart after west moved 5 SKUs pushed %d", smart.Counts.Pushed)
	}
	sold := moved[2]
	editDemoStoreAt(t, c.dataDir, "popup", func(sku string, qty int) int {
		if sku == sold {
			return qty - 2 // a sale of 2 at the pop-up store
		}
		return qty
	})

	var p struct {
		Restore []struct {
			SKU      string `json:"sku"`
			Location string `json:"location"`
		} `json:"restore"`
		Skipped []struct {
			SKU      string `json:"sku"`
			Location string `json:"location"`
			Reason   string `json:"reason"`
		} `json:"skipped"`
	}
	preview := c.run("undo", "--connection", "Shop", "--run", fmt.Sprint(smart.RunID), "--json")
	if err := json.Unmarshal([]byte(preview.stdout), &p); err != nil || preview.code != 0 {
		t.Fatalf("undo preview exited %d printing %q %q: %v", preview.code, preview.stdout, preview.stderr, err)
	}
	if len(p.Restore) != 4 || len(p.Skipped) != 1 || p.Skipped[0].SKU != sold || p.Skipped[0].Location != "popup" ||
		!strings.Contains(p.Skipped[0].Reason, sold+" at Pop-up store: sold 2 since") {
		t.Fatalf("undo preview: restore %+v, skipped %+v; want 4 set back and %s left alone at the Pop-up store (sold 2 since)", p.Restore, p.Skipped, sold)
	}
	for _, r := range p.Restore {
		if r.Location != "popup" {
			t.Errorf("the undo would set %s back at %q, want only the pop-up store", r.SKU, r.Location)
		}
	}

	done := c.run("undo", "--connection", "Shop", "--run", fmt.Sprint(smart.RunID), "--yes", "--json")
	var undo runJSON
	if err := json.Unmarshal([]byte(done.stdout), &undo); err != nil {
		t.Fatalf("undo --yes printed %q %q: %v", done.stdout, done.stderr, err)
	}
	if undo.Trigger != "undo" || undo.Status != "succeeded" || undo.Counts.Pushed != 4 {
		t.Fatalf("undo run: trigger %s, %s (%s), pushed %d; want an undo run that set 4 back", undo.Trigger, undo.Status, undo.Error, undo.Counts.Pushed)
	}
	after := demoStoreStock(t, c.dataDir)
	for sku, at := range after {
		want := before[sku]
		if sku == sold {
			want = map[string]int{"shop": before[sku]["shop"], "popup": before[sku]["popup"] + 5 - 2}
		}
		if !reflect.DeepEqual(at, want) {
			t.Errorf("after the undo %s holds %v, want %v", sku, at, want)
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
