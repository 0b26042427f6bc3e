package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// The report: after a location map is set, the Preview said "new" for
// every location and mixed SKU counts with SKU-location counts. Through
// the binary: after a Full Sync under the default map, map East into the
// main shop and West into the pop-up; the Preview gives each location the
// quantity of the facility that feeds it, from what the store holds there
// now (the first write at that location, not a new listing), and says it
// read SKUs but would update SKU-locations.
func TestCLIPreviewAfterAMapChangeShowsEachLocationFromWhatTheStoreHoldsThere(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "40", "--store", "demo", "--no-schedule")
	if run := c.sync("Shop", "full"); run.Status != "succeeded" {
		t.Fatalf("first Full Sync: %+v", run)
	}
	var facilities map[string]map[string]int // SKU -> facility -> qty
	editDemoWarehouse(t, c.dataDir, func(f *demoWarehouseFile) {
		facilities = map[string]map[string]int{}
		for i := range f.Items {
			it := &f.Items[i]
			west := it.Qty / 3
			it.Facilities = map[string]int{"east": it.Qty - west, "west": west}
			facilities[it.SKU] = it.Facilities
		}
	})
	c.ok("locations", "--connection", "Shop", "set", "shop", "east")
	c.ok("locations", "--connection", "Shop", "set", "popup", "west")
	store := demoStoreStock(t, c.dataDir)
	feeds := map[string]string{"shop": "east", "popup": "west"}

	var p struct {
		Located bool `json:"located"`
		Counts  struct {
			Read, Pushed int
		} `json:"counts"`
		Items []struct {
			SKU      string `json:"sku"`
			Location string `json:"location"`
			From     *int   `json:"from"`
			To       int    `json:"to"`
			Why      string `json:"why"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(c.ok("sync", "--connection", "Shop", "--preview", "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if !p.Located || p.Counts.Read != 40 || len(p.Items) != p.Counts.Pushed {
		t.Fatalf("preview located %v, read %d, %d items of %d pushes; want located, 40 SKUs read, every push listed", p.Located, p.Counts.Read, len(p.Items), p.Counts.Pushed)
	}
	// No location has a baseline under the new map, so each is written
	// once, even where the store already holds the right number.
	want := len(facilities) * len(feeds)
	if p.Counts.Pushed != want {
		t.Errorf("the preview would update %d SKU-locations, want %d: each of the %d SKUs at both locations", p.Counts.Pushed, want, len(facilities))
	}
	for _, it := range p.Items {
		wantTo := facilities[it.SKU][feeds[it.Location]]
		if it.To != wantTo || it.From == nil || *it.From != store[it.SKU][it.Location] || it.Why != "first-at-location" {
			from := "unknown"
			if it.From != nil {
				from = fmt.Sprint(*it.From)
			}
			t.Errorf("%s at %s: %s -> %d (%s); want %d -> %d (first-at-location)", it.SKU, it.Location, from, it.To, it.Why, store[it.SKU][it.Location], wantTo)
		}
	}

	text := c.ok("sync", "--connection", "Shop", "--preview")
	if summary := fmt.Sprintf("40 SKUs read; would update %d SKU-locations", want); !strings.Contains(text, summary) {
		t.Errorf("the text preview does not say %q:\n%s", summary, text)
	}
}
