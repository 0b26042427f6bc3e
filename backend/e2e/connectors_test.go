package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/csvfeed"
	"shelfsync/backend/connector/shopify"
	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// These tests run the real engine, the real SQLite file, the real CSV feed
// and the real store connectors against the contract fakes, and count the
// calls the issue names: Full of 5,000 SKUs in ceil(5000/250) = 20 Shopify
// writes and ceil(5000/100) = 50 WooCommerce writes; after 60 SKUs change,
// Smart writes once and pushes exactly those 60.

const catalogue = 5000

type csvToStore struct {
	csvPath string
	dataDir string
	store   connector.Store
}

func (c csvToStore) Open(conn storage.Connection) (connector.Warehouse, connector.Store, error) {
	wh, err := csvfeed.New(connector.Config{Kind: csvfeed.Kind, Settings: map[string]string{csvfeed.SettingSource: c.csvPath}, DataDir: c.dataDir, ConnectionID: conn.ID})
	return wh, c.store, err
}

// writeCatalogue writes the CSV; SKUs whose index is below changed get a
// different quantity.
func writeCatalogue(t *testing.T, path string, changed int, mtime time.Time) {
	t.Helper()
	var b strings.Builder
	b.WriteString("sku,name,qty\n")
	for i := 0; i < catalogue; i++ {
		qty := 10 + i%40
		if i < changed {
			qty += 3
		}
		fmt.Fprintf(&b, "SKU-%05d,Product %d,%d\n", i, i, qty)
	}
	writeCSV(t, path, b.String(), mtime)
}

func newEngine(t *testing.T, open engine.Connectors) (*engine.Engine, storage.Connection) {
	t.Helper()
	db, err := storage.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn := storage.Connection{Name: "Bench", WarehouseKind: "csv", StoreKind: "fake", AutoMode: "smart", IntervalMinutes: 60}
	if err := db.CreateConnection(&conn); err != nil {
		t.Fatal(err)
	}
	return engine.New(db, open, engine.Options{}), conn
}

func runSync(t *testing.T, e *engine.Engine, id uint, mode inventory.Mode) storage.SyncRun {
	t.Helper()
	run, err := e.Run(context.Background(), engine.Request{ConnectionID: id, Mode: mode, Trigger: types.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != types.RunSucceeded {
		t.Fatalf("%s sync %s: %s", mode, run.Status, run.Error)
	}
	return run
}

func TestCSVToShopifyFullThenSmartCountsCalls(t *testing.T) {
	clock := shopifyfake.NewVirtualClock(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	fake := shopifyfake.New(shopifyfake.Options{Clock: clock, BucketMax: 1000, RestoreRate: 100})
	defer fake.Close()
	for i := 0; i < catalogue; i++ {
		fake.AddVariant(fmt.Sprintf("SKU-%05d", i), 0)
	}
	store, err := shopify.NewWithOptions(connector.Config{
		Kind:     "shopify",
		Settings: map[string]string{shopify.SettingShop: fake.URL()},
		Secrets:  map[string]string{shopify.SecretToken: fake.Token()},
	}, shopify.Options{Now: clock.Now, Sleep: clock.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "inv.csv")
	writeCatalogue(t, csvPath, 0, time.Now().Add(-time.Hour))
	e, conn := newEngine(t, csvToStore{csvPath: csvPath, dataDir: dir, store: store})

	full := runSync(t, e, conn.ID, inventory.ModeFull)
	afterFull := fake.Stats()
	pagesAfterFull := pageReads(fake)
	if full.Pushed != catalogue || afterFull.WriteCalls != 20 || afterFull.Throttled != 0 {
		t.Fatalf("Full: pushed %d in %d write calls with %d THROTTLED; want %d in 20 with 0", full.Pushed, afterFull.WriteCalls, afterFull.Throttled, catalogue)
	}

	writeCatalogue(t, csvPath, 60, time.Now())
	smart := runSync(t, e, conn.ID, inventory.ModeSmart)
	afterSmart := fake.Stats()
	if smart.Pushed != 60 || afterSmart.WriteCalls-afterFull.WriteCalls != 1 || afterSmart.Throttled != 0 {
		t.Fatalf("Smart after 60 changed: pushed %d in %d write calls, %d THROTTLED; want 60 in 1 with 0",
			smart.Pushed, afterSmart.WriteCalls-afterFull.WriteCalls, afterSmart.Throttled)
	}
	// Smart used the stored SKU -> inventory item map: no catalogue read,
	// only the one call asking which stock levels changed (drift).
	if reads := afterSmart.ReadCalls - afterFull.ReadCalls; reads != 1 || pageReads(fake) != pagesAfterFull {
		t.Errorf("Smart made %d Shopify read calls and %d variant pages, want 1 (the change read) and none", reads, pageReads(fake)-pagesAfterFull)
	}
	if q, _ := fake.Available("SKU-00000"); q != 13 {
		t.Errorf("SKU-00000 in the store = %d, want 13", q)
	}
	t.Logf("Shopify: Full %d writes, Smart %d write; %d THROTTLED; virtual time waited %s", afterFull.WriteCalls, afterSmart.WriteCalls-afterFull.WriteCalls, afterSmart.Throttled, clock.Slept())
}

func TestCSVToWooCommerceFullThenSmartCountsCalls(t *testing.T) {
	fake := woofake.New(woofake.Options{})
	defer fake.Close()
	ids := make([]int64, catalogue)
	for i := range ids {
		ids[i] = fake.AddSimple(fmt.Sprintf("SKU-%05d", i), 0)
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
	writeCatalogue(t, csvPath, 0, time.Now().Add(-time.Hour))
	e, conn := newEngine(t, csvToStore{csvPath: csvPath, dataDir: dir, store: store})

	full := runSync(t, e, conn.ID, inventory.ModeFull)
	writesAfterFull := fake.Writes()
	if full.Pushed != catalogue || writesAfterFull != 50 || fake.LargestBatch() != 100 {
		t.Fatalf("Full: pushed %d in %d write calls (largest batch %d); want %d in 50 of 100", full.Pushed, writesAfterFull, fake.LargestBatch(), catalogue)
	}
	writeCatalogue(t, csvPath, 60, time.Now())
	smart := runSync(t, e, conn.ID, inventory.ModeSmart)
	if smart.Pushed != 60 || fake.Writes()-writesAfterFull != 1 {
		t.Fatalf("Smart after 60 changed: pushed %d in %d write calls; want 60 in 1", smart.Pushed, fake.Writes()-writesAfterFull)
	}
	if q, _ := fake.Stock(ids[0]); q != 13 {
		t.Errorf("SKU-00000 in the store = %d, want 13", q)
	}
}
