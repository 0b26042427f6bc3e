package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// demoWarehouseFile is the part of the demo warehouse's file the
// locations test edits, as a warehouse's staff would move stock.
type demoWarehouseFile struct {
	Seed      int64           `json:"seed"`
	SKUs      int             `json:"skus"`
	DriftedTo time.Time       `json:"driftedTo"`
	Items     []demoStockItem `json:"items"`
}

type demoStockItem struct {
	SKU        string         `json:"sku"`
	Name       string         `json:"name"`
	Qty        int            `json:"qty"`
	UpdatedAt  time.Time      `json:"updatedAt"`
	Facilities map[string]int `json:"facilities,omitempty"`
}

// editDemoWarehouse rewrites connection 1's demo warehouse file. Its
// drift is moved past any time the test runs, so nothing but the edits
// changes the stock.
func editDemoWarehouse(t *testing.T, dataDir string, edit func(f *demoWarehouseFile)) {
	t.Helper()
	path := filepath.Join(dataDir, "demo", "1-warehouse.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f demoWarehouseFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	f.DriftedTo = time.Now().Add(24 * time.Hour).UTC()
	edit(&f)
	if data, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// demoStoreStock is each listing's stock by location in the demo store.
func demoStoreStock(t *testing.T, dataDir string) map[string]map[string]int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dataDir, "demo", "1-store.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Listings []struct {
			SKU   string         `json:"sku"`
			Qty   int            `json:"qty"`
			Stock map[string]int `json:"stock"`
		} `json:"listings"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]int{}
	for _, l := range f.Listings {
		out[l.SKU] = map[string]int{"shop": l.Qty, "popup": l.Stock["popup"]}
	}
	return out
}

type locatedRun struct {
	RunID  uint   `json:"runId"`
	Status string `json:"status"`
	Counts struct {
		Pushed int `json:"pushed"`
	} `json:"counts"`
	Items []struct {
		SKU      string `json:"sku"`
		To       int    `json:"to"`
		Location string `json:"location"`
	} `json:"items"`
}

func (c *cli) locatedSync(mode string) locatedRun {
	c.t.Helper()
	var run locatedRun
	out := c.run("sync", "--connection", "Shop", "--mode", mode, "--json")
	if err := json.Unmarshal([]byte(out.stdout), &run); err != nil {
		c.t.Fatalf("sync --json printed %q (stderr %q): %v", out.stdout, out.stderr, err)
	}
	return run
}

// The must-show locations scenario, through the binary: the demo
// warehouse's two facilities feed the demo store's two locations; a change
// at one facility makes the next Smart Sync write only the location it
// feeds, and Inventory and History say which location.
func TestCLITwoFacilitiesFeedTwoLocationsAndSmartPushesOnlyTheLocationAChangeFeeds(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "40", "--store", "demo", "--no-schedule")
	var m struct {
		Default bool `json:"default"`
		Feeds   []struct {
			Location   string   `json:"location"`
			Facilities []string `json:"facilities"`
		} `json:"feeds"`
	}
	if err := json.Unmarshal([]byte(c.ok("locations", "--connection", "Shop", "--json")), &m); err != nil {
		t.Fatal(err)
	}
	if !m.Default || len(m.Feeds) != 2 || m.Feeds[0].Location != "shop" || !reflect.DeepEqual(m.Feeds[0].Facilities, []string{"*"}) || len(m.Feeds[1].Facilities) != 0 {
		t.Fatalf("a new connection's map %+v, want the default: the whole warehouse into the main shop, the pop-up not written", m)
	}
	c.ok("locations", "--connection", "Shop", "set", "shop", "east")
	if err := json.Unmarshal([]byte(c.ok("locations", "--connection", "Shop", "set", "Pop-up store", "west", "--json")), &m); err != nil {
		t.Fatal(err)
	}
	if m.Default || !reflect.DeepEqual(m.Feeds[0].Facilities, []string{"east"}) || !reflect.DeepEqual(m.Feeds[1].Facilities, []string{"west"}) {
		t.Fatalf("map after set: %+v, want east into shop and west into popup", m)
	}
	if r := c.run("locations", "--connection", "Shop", "set", "moon", "east"); r.code != 3 || r.stderr == "" {
		t.Errorf("a location the store lacks: exit %d, stderr %q; want 3 and a sentence", r.code, r.stderr)
	}

	var stock map[string]map[string]int // SKU -> facility -> qty
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		stock = map[string]map[string]int{}
		for i := range f.Items {
			it := &f.Items[i]
			west := it.Qty / 3
			it.Facilities = map[string]int{"east": it.Qty - west, "west": west}
			stock[it.SKU] = it.Facilities
		}
	})
	full := c.locatedSync("full")
	if full.Status != "succeeded" || full.Counts.Pushed != 80 {
		t.Fatalf("Full: %s, pushed %d; want 40 SKUs at 2 locations", full.Status, full.Counts.Pushed)
	}
	for sku, at := range demoStoreStock(t, c.dataDir) {
		if want := map[string]int{"shop": stock[sku]["east"], "popup": stock[sku]["west"]}; !reflect.DeepEqual(at, want) {
			t.Fatalf("%s in the store %v, want %v", sku, at, want)
		}
	}

	var changed string
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		it := &f.Items[7]
		changed = it.SKU
		it.Facilities["west"] += 5
		it.Qty += 5
		it.UpdatedAt = time.Now().UTC()
	})
	smart := c.locatedSync("smart")
	if smart.Status != "succeeded" || len(smart.Items) != 1 || smart.Items[0].SKU != changed || smart.Items[0].Location != "popup" ||
		smart.Items[0].To != stock[changed]["west"]+5 {
		t.Fatalf("Smart after west moved %s by 5: %s with %+v; want only %s at popup, to %d", changed, smart.Status, smart.Items, changed, stock[changed]["west"]+5)
	}
	if at := demoStoreStock(t, c.dataDir)[changed]; at["popup"] != stock[changed]["west"]+5 || at["shop"] != stock[changed]["east"] {
		t.Errorf("%s in the store %v after the Smart Sync", changed, at)
	}
	if again := c.locatedSync("smart"); again.Counts.Pushed != 0 {
		t.Errorf("a second Smart pushed %d, want 0", again.Counts.Pushed)
	}

	var inv struct {
		Items []struct {
			SKU          string `json:"sku"`
			WarehouseQty *int   `json:"warehouseQty"`
			State        string `json:"state"`
			Locations    []struct {
				Location     string `json:"location"`
				PublishedQty *int   `json:"publishedQty"`
			} `json:"locations"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(c.ok("inventory", "--connection", "Shop", "--location", "popup", "--search", changed, "--json")), &inv); err != nil {
		t.Fatal(err)
	}
	if len(inv.Items) != 1 || inv.Items[0].WarehouseQty == nil || *inv.Items[0].WarehouseQty != stock[changed]["west"]+5 ||
		inv.Items[0].State != "in_sync" || len(inv.Items[0].Locations) != 2 {
		t.Errorf("inventory at popup of %s: %+v; want west's %d, in sync, and both locations", changed, inv.Items, stock[changed]["west"]+5)
	}
	var hist locatedRun
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Shop", "--run", strconv.FormatUint(uint64(smart.RunID), 10), "--json")), &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist.Items) != 1 || hist.Items[0].Location != "popup" {
		t.Errorf("history of the Smart Sync: %+v, want its row to name popup", hist.Items)
	}
}

// A located run's counts say what they count: it read SKUs, and wrote
// each SKU once per store location, so 40 SKUs at 2 locations are 80
// writes, not 80 SKUs. The CLI's summary and history say so, and the JSON
// carries located for scripts.
func TestCLIALocatedRunSaysItsWritesAreSKULocations(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "40", "--store", "demo", "--no-schedule")
	c.ok("locations", "--connection", "Shop", "set", "shop", "east")
	c.ok("locations", "--connection", "Shop", "set", "Pop-up store", "west")
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		for i := range f.Items {
			it := &f.Items[i]
			it.Facilities = map[string]int{"east": it.Qty - it.Qty/3, "west": it.Qty / 3}
		}
	})
	text := c.ok("sync", "--connection", "Shop", "--mode", "full")
	want := "  read 40 SKUs, skipped 0, unmapped 0; wrote each SKU once per store location: changed 80, pushed 80, failed 0 SKU-locations; API calls 3\n"
	if !strings.Contains(text, want) {
		t.Errorf("the sync's summary does not say what it counted; want %q in:\n%s", want, text)
	}
	var runs []struct {
		Located bool `json:"located"`
		Counts  struct {
			Pushed int `json:"pushed"`
		} `json:"counts"`
	}
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Shop", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || !runs[0].Located || runs[0].Counts.Pushed != 80 {
		t.Errorf("history --json: %+v, want one located run with 80 pushed", runs)
	}
	if table := c.ok("history", "--connection", "Shop"); !strings.Contains(table, "80 SKU-locations") {
		t.Errorf("the history table does not say its 80 are SKU-locations:\n%s", table)
	}
}
