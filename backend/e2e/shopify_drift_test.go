package e2e

import (
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

// shopifyAfterAFull is the set-up of the Shopify drift scenarios: a
// connection "Shop" from a CSV of n SKUs (SKU-00…) at 20 to a Shopify fake,
// and a first Full Sync that writes them all, saved on the fake's clock
// writtenAgo before the rest of the test (past the change filter's
// overlap when that is over 10 minutes, within it when 0).
func shopifyAfterAFull(t *testing.T, n int, writtenAgo time.Duration, opts shopifyfake.Options) (*cli, *shopifyfake.Fake) {
	t.Helper()
	c := newCLI(t)
	clock := &laggingClock{}
	clock.behind.Store(int64(writtenAgo))
	opts.Clock = clock
	shop := shopifyfake.New(opts)
	t.Cleanup(shop.Close)
	var skus []string
	for i := range n {
		skus = append(skus, fmt.Sprintf("SKU-%02d", i))
	}
	shopifyFromCSV(t, c, shop, skus, 20)
	if full := c.sync("Shop", "full"); full.Status != "succeeded" || full.Counts.Pushed != n {
		t.Fatalf("first Full: %s, pushed %d (%s)", full.Status, full.Counts.Pushed, full.Error)
	}
	clock.behind.Store(0)
	return c, shop
}

// Issue 11's drift view for Shopify: a Smart Sync asks the location which
// inventory levels changed since its last look (updated_at filter) instead
// of reading the catalogue, finds hand edits made in the admin as drifted,
// and repairs them by default; with "flag only" it lists exactly those.
// The Full's writes are saved two hours before the edits, so only the
// edited levels answer the filter.
func TestShopifyHandEditsAreFoundAsDriftAndRepairedThroughTheBinary(t *testing.T) {
	c, shop := shopifyAfterAFull(t, 30, 2*time.Hour, shopifyfake.Options{})

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
	listed := c.skusInState("Shop", "drifted")
	if !equalStrings(listed, flaggedSKUs) {
		t.Fatalf("inventory --state drifted lists %v, want exactly %v", listed, flaggedSKUs)
	}
	if n, _ := shop.Available("SKU-05"); n != 2 {
		t.Errorf("flag only changed SKU-05 in Shopify to %d", n)
	}
}

// Tracking switched off in the Shopify admin moves the inventory item, not
// its level: the drift look asks for changed items too, so the listing is
// "not tracked in the store" at the next Smart, not "in sync" until a Full.
func TestShopifyTrackingSwitchedOffIsSeenByTheNextSmartSyncThroughTheBinary(t *testing.T) {
	c, shop := shopifyAfterAFull(t, 30, 2*time.Hour, shopifyfake.Options{})
	shop.SetTracked("SKU-04", false) // in the admin; the quantity stays 20
	pagesBefore := pageReads(shop)

	run := c.driftSync("Shop")
	if run.Status != "succeeded" || pageReads(shop) != pagesBefore {
		t.Fatalf("Smart: %s, %d variant pages read; want succeeded without reading the catalogue", run.Status, pageReads(shop)-pagesBefore)
	}
	states := c.states()
	if states["SKU-04"] != "not_tracked" {
		t.Errorf("SKU-04 is %q after tracking was switched off in Shopify, want not_tracked", states["SKU-04"])
	}
	for sku, state := range states {
		if sku != "SKU-04" && state != "in_sync" {
			t.Errorf("%s is %s, want in_sync", sku, state)
		}
	}
}

// The first Smart after a Full reads the Full's own writes back (they are
// within the change filter's overlap): more than a page, so by one bulk
// export. When that export fails, the run says drift was not checked and
// why, and the look stays where it was: the next Smart reads the same
// changes again and finds the hand edit made meanwhile.
func TestShopifyFailedDriftExportIsSaidAndTheNextSmartLooksAgainThroughTheBinary(t *testing.T) {
	c, shop := shopifyAfterAFull(t, 300, 0, shopifyfake.Options{})
	shop.SetAvailable("SKU-07", 3) // a hand edit
	shop.EndNextBulk(shopifyfake.BulkEnd{Status: "FAILED", ErrorCode: "INTERNAL_SERVER_ERROR"})

	failed := c.driftSync("Shop")
	said := strings.Join(failed.Problems, " ")
	if failed.Counts.Drifted != 0 || !strings.Contains(said, "Drift was not checked this run") || !strings.Contains(said, "Shopify's export of the stock levels changed since") || strings.Contains(said, "graphql") {
		t.Fatalf("Smart with the export failing: %s, %d drifted, problems %q; want drift said to be unchecked, in plain words", failed.Status, failed.Counts.Drifted, failed.Problems)
	}
	if shop.Stats().BulkRuns != 1 {
		t.Errorf("%d bulk exports, want 1", shop.Stats().BulkRuns)
	}

	again := c.driftSync("Shop")
	if again.Counts.Drifted != 1 || len(again.Items) != 1 || again.Items[0].SKU != "SKU-07" || strings.Contains(strings.Join(again.Problems, " "), "not checked") {
		t.Fatalf("the next Smart: %d drifted %v, problems %q; want SKU-07 found and repaired", again.Counts.Drifted, again.Items, again.Problems)
	}
	if n, _ := shop.Available("SKU-07"); n != 20 {
		t.Errorf("SKU-07 holds %d after the repair, want 20", n)
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
