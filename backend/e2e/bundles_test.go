package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// editDemoStock changes the demo warehouse's file as its stock moving
// would, and stops its drift (the time it has drifted to is put a day
// ahead), so only the edits move quantities between two syncs.
func editDemoStock(t *testing.T, dataDir string, edit func(sku string, item map[string]any)) {
	t.Helper()
	path := filepath.Join(dataDir, "demo", "1-warehouse.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	f["driftedTo"] = time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339Nano)
	items, _ := f["items"].([]any)
	for _, raw := range items {
		item := raw.(map[string]any)
		edit(item["sku"].(string), item)
	}
	if data, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// The must-show bundles scenario through the binary, with the demo
// warehouse and store: 20 bundles over 30 components; one component that
// several bundles share changes; the next Smart Sync pushes that component
// and exactly the bundles using it, nothing else.
func TestCLISmartPushesExactlyTheBundlesUsingAChangedSharedComponent(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--warehouse-skus", "30", "--store", "demo", "--no-schedule")
	c.sync("Shop", "full") // makes the demo files

	var components []string
	longAgo := time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339Nano)
	editDemoStock(t, c.dataDir, func(sku string, item map[string]any) {
		components = append(components, sku)
		item["qty"], item["updatedAt"] = 100, longAgo
	})
	slices.Sort(components)
	if len(components) != 30 {
		t.Fatalf("the demo warehouse has %d SKUs, want 30", len(components))
	}

	// Bundle b takes 1 of component b and 2 of component 20+b%10; every
	// fourth also takes 3 of the shared one, the last component, which
	// bundles 9 and 19 already take 2 of.
	shared := components[29]
	usesShared := map[string]bool{}
	var csv strings.Builder
	csv.WriteString("bundle_sku,component_sku,qty\n")
	for b := range 20 {
		sku := fmt.Sprintf("KIT-%02d", b)
		fmt.Fprintf(&csv, "%s,%s,1\n%s,%s,2\n", sku, components[b], sku, components[20+b%10])
		if b%4 == 0 {
			fmt.Fprintf(&csv, "%s,%s,3\n", sku, shared)
		}
		if b%4 == 0 || 20+b%10 == 29 {
			usesShared[sku] = true
		}
	}
	file := filepath.Join(t.TempDir(), "bundles.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var imported struct{ Bundles, Components int }
	if err := json.Unmarshal([]byte(c.ok("bundles", "--connection", "Shop", "import", file, "--json")), &imported); err != nil || imported.Bundles != 20 {
		t.Fatalf("bundles import --json: %+v, %v; want 20 bundles", imported, err)
	}

	full := c.sync("Shop", "full")
	if full.Status != "succeeded" || full.Counts.Pushed != 50 || len(full.Items) != 50 {
		t.Fatalf("the first Full Sync: %s, pushed %d; want all 30 components and 20 bundles", full.Status, full.Counts.Pushed)
	}
	store := demoStoreListings(t, c.dataDir)
	if store["KIT-00"].Qty != 33 || store["KIT-01"].Qty != 50 {
		t.Fatalf("the store holds KIT-00 at %d and KIT-01 at %d; want 33 (100 ÷ 3 of the shared SKU) and 50 (100 ÷ 2)", store["KIT-00"].Qty, store["KIT-01"].Qty)
	}

	// A Smart Sync with nothing changed moves the store's watermark past
	// the Full Sync's writes, so the next one loads only what it must.
	if quiet := c.sync("Shop", "smart"); quiet.Counts.Pushed != 0 {
		t.Fatalf("a Smart Sync with nothing changed pushed %d", quiet.Counts.Pushed)
	}
	editDemoStock(t, c.dataDir, func(sku string, item map[string]any) {
		if sku == shared {
			item["qty"], item["updatedAt"] = 8, time.Now().UTC().Format(time.RFC3339Nano)
		}
	})
	var preview struct {
		Items []struct {
			SKU    string `json:"sku"`
			Bundle string `json:"bundle"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(c.ok("sync", "--connection", "Shop", "--preview", "--json")), &preview); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("limited by %s: 8 ÷ 3", shared)
	if i := slices.IndexFunc(preview.Items, func(it struct {
		SKU    string `json:"sku"`
		Bundle string `json:"bundle"`
	}) bool {
		return it.SKU == "KIT-00"
	}); i < 0 || preview.Items[i].Bundle != want {
		t.Errorf("the preview of KIT-00: %+v; want it %q", preview.Items, want)
	}

	smart := c.sync("Shop", "smart")
	var pushed []string
	for _, it := range smart.Items {
		pushed = append(pushed, it.SKU)
		if usesShared[it.SKU] && it.To != 8/3 && it.To != 8/2 {
			t.Errorf("%s pushed to %d; want 8 ÷ 3 or 8 ÷ 2 bundles", it.SKU, it.To)
		}
	}
	wantPushed := []string{shared}
	for sku := range usesShared {
		wantPushed = append(wantPushed, sku)
	}
	slices.Sort(pushed)
	slices.Sort(wantPushed)
	if smart.Status != "succeeded" || smart.ModeRun != "smart" || !slices.Equal(pushed, wantPushed) {
		t.Fatalf("Smart after %s changed: %s %s, pushed %v; want exactly %v", shared, smart.Status, smart.ModeRun, pushed, wantPushed)
	}
	// The bundles it did not compute are untouched, not "component missing".
	if inv := c.ok("inventory", "--connection", "Shop", "--json"); strings.Contains(inv, "component_missing") || strings.Count(inv, `"state": "in_sync"`) != 50 {
		t.Errorf("after the Smart Sync, not all 50 SKUs are in sync: %s", inv)
	}
	if again := c.sync("Shop", "smart"); again.Counts.Pushed != 0 {
		t.Errorf("a second Smart Sync pushed %d; want nothing", again.Counts.Pushed)
	}
}

// A bundle one of whose components the feed does not list is "component
// missing": counted, listed, named in the run, and left alone in the store
// until the missing-SKU rule says 0.
func TestCLIABundleWithAMissingComponentIsShownAndZeroedOnlyByTheRule(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	writeCSV(t, path, "sku,qty\nMUG,7\nTEA,5\n", at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	file := filepath.Join(t.TempDir(), "bundles.csv")
	if err := os.WriteFile(file, []byte("GIFTBOX,MUG,2\nGIFTBOX,TEA,1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok("bundles", "--connection", "Shop", "import", file)
	if list := c.ok("bundles", "--connection", "Shop", "list"); !strings.Contains(list, "GIFTBOX = 2 x MUG + 1 x TEA") {
		t.Fatalf("bundles list printed %q", list)
	}
	c.sync("Shop", "full")
	if got := demoStoreListings(t, c.dataDir)["GIFTBOX"].Qty; got != 3 {
		t.Fatalf("the store holds GIFTBOX at %d; want 3 (limited by MUG: 7 ÷ 2)", got)
	}

	writeCSV(t, path, "sku,qty\nMUG,7\n", at.Add(time.Minute)) // TEA is gone from the feed
	left := c.run("sync", "--connection", "Shop", "--mode", "full", "--json")
	var run struct {
		Counts struct {
			ComponentMissing int `json:"componentMissing"`
			Attention        int `json:"attention"`
		} `json:"counts"`
		Problems []string `json:"problems"`
	}
	if err := json.Unmarshal([]byte(left.stdout), &run); err != nil {
		t.Fatal(err)
	}
	if run.Counts.ComponentMissing != 1 || !strings.Contains(strings.Join(run.Problems, " "), "GIFTBOX (component missing: TEA not in the warehouse feed)") {
		t.Errorf("the run with TEA gone: %+v; want GIFTBOX counted and named", run)
	}
	if got := demoStoreListings(t, c.dataDir)["GIFTBOX"].Qty; got != 3 {
		t.Errorf("with missing SKUs left alone, the store holds GIFTBOX at %d; want 3 still", got)
	}
	if inv := c.ok("inventory", "--connection", "Shop", "--state", "component_missing"); !strings.Contains(inv, "GIFTBOX") {
		t.Errorf("inventory --state component_missing printed %q", inv)
	}

	c.ok("rules", "--connection", "Shop", "--missing", "zero")
	c.sync("Shop", "full")
	if got := demoStoreListings(t, c.dataDir)["GIFTBOX"].Qty; got != 0 {
		t.Errorf("with missing SKUs set to 0, the store holds GIFTBOX at %d; want 0", got)
	}
}

// Recipes ShelfSync could not publish are refused with a sentence, and
// nothing of the file is saved.
func TestCLIBundlesImportRefusesWhatCannotBePublished(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	writeCSV(t, path, "sku,qty\nMUG,7\nTEA,5\n", time.Now())
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	for _, bad := range []struct{ file, says string }{
		{"bundle_sku,component_sku,qty\nGIFTBOX,MUG,2\nGIFTBOX,TEA\n", "Line 3 of the bundles file has 2 column(s)"},
		{"GIFTBOX,MUG,0\n", "Line 1 of the bundles file gives \"0\" as the units of MUG in GIFTBOX"},
		{"GIFTBOX,MUG,2\nBIG,GIFTBOX,2\n", "GIFTBOX is a bundle and also a component of bundle BIG"},
		{"A,B,1\nB,A,1\n", "bundles A → B → A form a cycle"},
	} {
		file := filepath.Join(t.TempDir(), "bundles.csv")
		if err := os.WriteFile(file, []byte(bad.file), 0o600); err != nil {
			t.Fatal(err)
		}
		r := c.run("bundles", "--connection", "Shop", "import", file)
		if r.code != 2 || !strings.Contains(r.stderr, bad.says) {
			t.Errorf("import of %q exited %d saying %q; want 2 and %q", bad.file, r.code, r.stderr, bad.says)
		}
	}
	if list := c.ok("bundles", "--connection", "Shop", "list", "--json"); strings.TrimSpace(list) != "[]" {
		t.Errorf("after refused imports, bundles list --json printed %q; want []", list)
	}
}

// A bundle has no warehouse record: the listing the demo store creates for
// it, and its Inventory row, are named after its recipe, and stay so after
// a component's change is synced.
func TestCLIABundleListingIsNamedAfterItsRecipe(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	writeCSV(t, path, "sku,name,qty\nMUG,Stoneware Mug,7\nTEA,,5\n", at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	file := filepath.Join(t.TempDir(), "bundles.csv")
	if err := os.WriteFile(file, []byte("GIFTBOX,MUG,2\nGIFTBOX,TEA,1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok("bundles", "--connection", "Shop", "import", file)
	const want = "Bundle: 2 × Stoneware Mug + 1 × TEA"
	named := func(when string) {
		t.Helper()
		if got := demoStoreListings(t, c.dataDir)["GIFTBOX"].Name; got != want {
			t.Errorf("%s, the store's GIFTBOX listing is named %q; want %q", when, got, want)
		}
		var inv struct {
			Items []struct {
				SKU  string `json:"sku"`
				Name string `json:"name"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(c.ok("inventory", "--connection", "Shop", "--json")), &inv); err != nil {
			t.Fatal(err)
		}
		for _, it := range inv.Items {
			if it.SKU == "GIFTBOX" && it.Name != want {
				t.Errorf("%s, Inventory names GIFTBOX %q; want %q", when, it.Name, want)
			}
		}
	}
	c.sync("Shop", "full")
	named("after the first Full")
	writeCSV(t, path, "sku,name,qty\nMUG,Stoneware Mug,9\nTEA,,5\n", at.Add(time.Minute))
	if run := c.sync("Shop", "smart"); run.Status != "succeeded" {
		t.Fatalf("Smart after MUG moved: %+v", run)
	}
	named("after a Smart Sync that moved it")
}
