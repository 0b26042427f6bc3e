package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/connector/shopify/shopifyfake"
)

// A sale in Shopify between the Smart Sync's read and its write: the
// documented rule still sets the warehouse's quantity, and the run's
// per-SKU row says so: from what ShelfSync knew, the quantity the store
// held at the write (Shopify refused the stale compare-and-set and the SKU
// was read again), to what was written. `history --run` says it in words.
func TestASaleBetweenReadAndWriteIsNamedOnTheRunsRowThroughTheBinary(t *testing.T) {
	c := newCLI(t)
	shop := shopifyfake.New(shopifyfake.Options{})
	defer shop.Close()
	path := shopifyFromCSV(t, c, shop, []string{"A", "B"}, 10)
	if full := c.sync("Shop", "full"); full.Status != "succeeded" || full.Counts.Pushed != 2 {
		t.Fatalf("first Full: %+v", full)
	}

	writeCSV(t, path, "sku,qty\nA,8\nB,10\n", time.Now().Add(-time.Hour))
	var sold sync.Once
	shop.BeforeWrite(func(int) {
		sold.Do(func() { shop.SetAvailable("A", 7) }) // three sold while ShelfSync was writing
	})
	smart := c.driftSync("Shop")
	if smart.Status != "succeeded" || len(smart.Items) != 1 {
		t.Fatalf("Smart: %s, rows %+v; want A written", smart.Status, smart.Items)
	}
	a := smart.Items[0]
	if a.SKU != "A" || a.Expected == nil || *a.Expected != 10 || a.From == nil || *a.From != 7 || a.To != 8 {
		t.Fatalf("A row: expected %v, from %v, to %d; want 10 known, 7 seen in the store at the write, 8 written", a.Expected, a.From, a.To)
	}
	if n, _ := shop.Available("A"); n != 8 {
		t.Errorf("Shopify holds %d for A, want the warehouse's 8", n)
	}

	out := c.ok("history", "--connection", "Shop", "--run", fmt.Sprint(smart.RunID))
	if !strings.Contains(out, "the store had changed it from 10 to 7 itself; overwritten") {
		t.Errorf("history --run says:\n%s\nwant A's store change named", out)
	}
}
