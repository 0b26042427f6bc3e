package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/inventory"
)

// WooCommerce takes a parent's variations through a batch call of their
// own, so the least a Full Sync can spend is ceil(n/100) calls for the
// simple products plus ceil(v/100) for each parent's v variations. Batches
// cut every 100 pushes before grouping by parent spent more: a parent
// straddling a cut costs a call on each side.
func TestWooCommerceFullSyncWithVariationsSpendsTheWriteFloor(t *testing.T) {
	fake := woofake.New(woofake.Options{})
	defer fake.Close()
	var csv strings.Builder
	csv.WriteString("sku,qty\n")
	const simple = 2000
	for i := range simple {
		sku := fmt.Sprintf("S-%05d", i)
		fake.AddSimple(sku, 0)
		fmt.Fprintf(&csv, "%s,%d\n", sku, 5+i%7)
	}
	floor := (simple + woocommerce.MaxBatch - 1) / woocommerce.MaxBatch
	variationsPerParent := []int{3, 41, 77, 130, 49}
	for p := range 50 {
		parent := fake.Add(woofake.Product{Type: "variable", SKU: fmt.Sprintf("V-%03d", p)})
		n := variationsPerParent[p%len(variationsPerParent)]
		for v := range n {
			qty := 0
			sku := fmt.Sprintf("V-%03d-%03d", p, v)
			fake.Add(woofake.Product{ParentID: parent, SKU: sku, ManageStock: true, StockQuantity: &qty})
			fmt.Fprintf(&csv, "%s,%d\n", sku, 1+v%9)
		}
		floor += (n + woocommerce.MaxBatch - 1) / woocommerce.MaxBatch
	}
	store, err := woocommerce.NewWithOptions(connector.Config{
		Kind:     woocommerce.Kind,
		Settings: map[string]string{woocommerce.SettingURL: fake.URL},
		Secrets:  map[string]string{woocommerce.SecretKey: fake.Key(), woocommerce.SecretSecret: fake.Secret()},
	}, woocommerce.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "inv.csv")
	if err := os.WriteFile(csvPath, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(csvPath, past, past); err != nil {
		t.Fatal(err)
	}
	e, conn := newEngine(t, csvToStore{csvPath: csvPath, dataDir: dir, store: store})

	full := runSync(t, e, conn.ID, inventory.ModeFull)
	if full.Pushed != 5000 || full.Failed != 0 {
		t.Fatalf("Full pushed %d, failed %d; want 5000 and 0", full.Pushed, full.Failed)
	}
	if fake.Writes() != floor {
		t.Fatalf("Full spent %d write calls; the floor is %d", fake.Writes(), floor)
	}
	t.Logf("5,000 SKUs (2,000 simple, 3,000 variations of 50 parents): %d write calls, floor %d", fake.Writes(), floor)
}
