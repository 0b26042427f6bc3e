package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"shelfsync/backend/connector/shopify/shopifyfake"
)

// laggingClock is a store's clock that can stand behind real time and
// then catch up, so what the store saved during a setup lies further back
// than the change filter's overlap.
type laggingClock struct{ behind atomic.Int64 }

func (c *laggingClock) Now() time.Time { return time.Now().Add(-time.Duration(c.behind.Load())) }

// shopifyFromCSV adds a connection "Shop" from a CSV of SKUs at qty to a
// Shopify fake holding the same SKUs at 0.
func shopifyFromCSV(t *testing.T, c *cli, shop *shopifyfake.Fake, skus []string, qty int) string {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("sku,qty\n")
	for _, sku := range skus {
		shop.AddVariant(sku, 0)
		fmt.Fprintf(&csv, "%s,%d\n", sku, qty)
	}
	path := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, path, csv.String(), time.Now().Add(-3*time.Hour))
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "shopify", "--store-url", shop.URL(), "--store-token", shop.Token(), "--no-schedule")
	return path
}

// Issue 11's drift view for Shopify: a Smart Sync asks the location which
// inventory levels changed since its last look (updated_at filter) instead
// of reading the catalogue, finds hand edits made in the admin as drifted,
// and repairs them by default; with "flag only" it lists exactly those.
// The Full's writes are saved two hours before the edits, so only the
// edited levels answer the filter.
func TestShopifyHandEditsAreFoundAsDriftAndRepairedThroughTheBinary(t *testing.T) {
	c := newCLI(t)
	clock := &laggingClock{}
	clock.behind.Store(int64(2 * time.Hour))
	shop := shopifyfake.New(shopifyfake.Options{Clock: clock})
	defer shop.Close()
	var skus []string
	for i := range 30 {
		skus = append(skus, fmt.Sprintf("SKU-%02d", i))
	}
	shopifyFromCSV(t, c, shop, skus, 20)
	if full := c.sync("Shop", "full"); full.Status != "succeeded" || full.Counts.Pushed != 30 {
		t.Fatalf("first Full: %s, pushed %d (%s)", full.Status, full.Counts.Pushed, full.Error)
	}
	clock.behind.Store(0)

	edited := []string{"SKU-03", "SKU-11", "SKU-27"}
	for _, sku := range edited {
		shop.SetAvailable(sku, 13) // a hand edit in the Shopify admin
	}
	pagesBefore := pageReads(shop)
	repaired := c.driftSync("Shop")
	var pushed []string
	for _, it := range repaired.Items {
		pushed = append(pushed, it.SKU)
		if it.From == nil || *it.From != 13 || it.To != 20 || it.Expected == nil || *it.Expected != 20 {
			t.Errorf("%s pushed %v -> %d (expected %v); want from the 13 seen in Shopify back to 20, saying it had held 20", it.SKU, it.From, it.To, it.Expected)
		}
	}
	if repaired.Status != "succeeded" || repaired.Counts.Drifted != 3 || !equalStrings(pushed, edited) {
		t.Fatalf("Smart after 3 hand edits: %s, %d drifted, pushed %v; want %v drifted and repaired", repaired.Status, repaired.Counts.Drifted, pushed, edited)
	}
	if pageReads(shop) != pagesBefore {
		t.Errorf("the Smart Sync read the variant catalogue; it should only ask which levels changed")
	}
	for _, sku := range edited {
		if n, _ := shop.Available(sku); n != 20 {
			t.Errorf("%s holds %d in Shopify after the repair, want 20", sku, n)
		}
	}
	for sku, state := range c.states() {
		if state != "in_sync" {
			t.Errorf("after the repair %s is %s, want in_sync", sku, state)
		}
	}
	if again := c.driftSync("Shop"); again.Counts.Drifted != 0 || again.Counts.Pushed != 0 {
		t.Errorf("the Smart Sync after the repair: %d drifted, %d pushed; want nothing", again.Counts.Drifted, again.Counts.Pushed)
	}

	c.ok("rules", "--connection", "Shop", "--drift", "flag")
	flaggedSKUs := []string{"SKU-05", "SKU-06"}
	for _, sku := range flaggedSKUs {
		shop.SetAvailable(sku, 2) // two sales
	}
	flagged := c.driftSync("Shop")
	if flagged.Counts.Drifted != 2 || flagged.Counts.Pushed != 0 {
		t.Fatalf("Smart with flag only: %d drifted, %d pushed; want 2 drifted and none pushed", flagged.Counts.Drifted, flagged.Counts.Pushed)
	}
	var inv inventoryJSON
	if err := json.Unmarshal([]byte(c.ok("inventory", "--connection", "Shop", "--state", "drifted", "--json")), &inv); err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, it := range inv.Items {
		listed = append(listed, it.SKU)
	}
	if !equalStrings(listed, flaggedSKUs) {
		t.Fatalf("inventory --state drifted lists %v, want exactly %v", listed, flaggedSKUs)
	}
	if n, _ := shop.Available("SKU-05"); n != 2 {
		t.Errorf("flag only changed SKU-05 in Shopify to %d", n)
	}
}

// pageReads counts the variant pages the fake served.
func pageReads(shop *shopifyfake.Fake) int {
	n := 0
	for _, count := range shop.Stats().PageSizes {
		n += count
	}
	return n
}
