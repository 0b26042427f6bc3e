package demo

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

var t0 = time.Date(2025, 3, 14, 9, 20, 0, 0, time.UTC)

// clock is a settable now for the connectors.
type clock struct{ at time.Time }

func (c *clock) now() time.Time { return c.at }

func openWarehouse(t *testing.T, dataDir string, c *clock, settings map[string]string) *Warehouse {
	t.Helper()
	w, err := NewWarehouse(connector.Config{Kind: Kind, DataDir: dataDir, ConnectionID: 1, Settings: settings}, c.now)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func readAll(t *testing.T, w *Warehouse) []inventory.WarehouseItem {
	t.Helper()
	r, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete {
		t.Fatal("a read without since is not Complete")
	}
	return r.Items
}

func TestCatalogueIsRealisticAndTheSameForTheSameSeed(t *testing.T) {
	a, b := catalogue(1, 500), catalogue(1, 500)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two catalogues from seed 1 differ")
	}
	if a[0].SKU != "TEE-ORG-BLK-M" || a[0].Name != "Organic Cotton Tee · Black · M" {
		t.Fatalf("first product = %+v", a[0])
	}
	if reflect.DeepEqual(a, catalogue(2, 500)) {
		t.Fatal("seed 2 gives seed 1's catalogue")
	}
	big := catalogue(1, 1200) // past the combinations: numbered editions
	seen := map[string]bool{}
	for _, p := range big {
		if seen[p.SKU] {
			t.Fatalf("SKU %s twice", p.SKU)
		}
		seen[p.SKU] = true
	}
	if len(seen) != 1200 {
		t.Fatalf("%d SKUs, want 1200", len(seen))
	}
}

func TestNewWarehouseStocksZeroTo250WithSomeSoldOut(t *testing.T) {
	w := openWarehouse(t, t.TempDir(), &clock{t0}, nil)
	items := readAll(t, w)
	if len(items) != DefaultSKUs {
		t.Fatalf("%d SKUs, want %d", len(items), DefaultSKUs)
	}
	zeros := 0
	for _, it := range items {
		if it.Qty < 0 || it.Qty > 250 {
			t.Fatalf("%s has %d", it.SKU, it.Qty)
		}
		if it.Qty == 0 {
			zeros++
		}
		if it.UpdatedAt.After(t0) || it.UpdatedAt.Before(t0.Add(-30*24*time.Hour)) {
			t.Fatalf("%s last changed %v", it.SKU, it.UpdatedAt)
		}
	}
	if zeros == 0 || zeros > len(items)/5 {
		t.Fatalf("%d sold-out SKUs of %d", zeros, len(items))
	}
}

func TestDriftIsTheSameHoweverOftenTheWarehouseIsRead(t *testing.T) {
	often, once := &clock{t0}, &clock{t0}
	wOften := openWarehouse(t, t.TempDir(), often, nil)
	wOnce := openWarehouse(t, t.TempDir(), once, nil)
	for _, d := range []time.Duration{10 * time.Minute, 40 * time.Minute, time.Hour, 150 * time.Minute, 3 * time.Hour} {
		often.at = t0.Add(d)
		readAll(t, wOften)
	}
	once.at = t0.Add(3 * time.Hour)
	if !reflect.DeepEqual(readAll(t, wOften), readAll(t, wOnce)) {
		t.Fatal("reading every few minutes and reading once gave different stock")
	}
}

func TestDriftChangesAFewPercentPerHourWithTheirChangeTimes(t *testing.T) {
	c := &clock{t0}
	w := openWarehouse(t, t.TempDir(), c, nil)
	before := map[string]inventory.WarehouseItem{}
	for _, it := range readAll(t, w) {
		before[it.SKU] = it
	}
	c.at = t0.Add(3 * time.Hour)
	changed := 0
	for _, it := range readAll(t, w) {
		old := before[it.SKU]
		if it.Qty < 0 {
			t.Fatalf("%s went negative", it.SKU)
		}
		if it.UpdatedAt.Equal(old.UpdatedAt) {
			if it.Qty != old.Qty {
				t.Fatalf("%s changed %d -> %d without a change time", it.SKU, old.Qty, it.Qty)
			}
			continue
		}
		if !it.UpdatedAt.After(t0) || it.UpdatedAt.After(c.at) {
			t.Fatalf("%s changed at %v, outside the 3 hours", it.SKU, it.UpdatedAt)
		}
		changed++
	}
	// 1-3% of 500 SKUs an hour for 3 hours: 15 to 45 events, a few on the
	// same SKU, a few on sold-out SKUs that cannot ship.
	if changed < 5 || changed > 45 {
		t.Fatalf("%d SKUs changed in 3 hours", changed)
	}
}

func TestDriftAfterAMonthAwayIsCappedToADay(t *testing.T) {
	c := &clock{t0}
	w := openWarehouse(t, t.TempDir(), c, nil)
	readAll(t, w)
	c.at = t0.Add(30 * 24 * time.Hour)
	changed := 0
	for _, it := range readAll(t, w) {
		if it.UpdatedAt.After(t0) {
			changed++
			if it.UpdatedAt.Before(c.at.Add(-maxDriftHours * time.Hour)) {
				t.Fatalf("%s changed at %v, before the capped day", it.SKU, it.UpdatedAt)
			}
		}
	}
	if changed == 0 || changed > DefaultSKUs*3*maxDriftHours/100 {
		t.Fatalf("%d SKUs changed after a month away", changed)
	}
}

func TestReadSinceReturnsOnlyItemsChangedAtOrAfterIt(t *testing.T) {
	c := &clock{t0}
	w := openWarehouse(t, t.TempDir(), c, nil)
	readAll(t, w)
	at := t0.Add(2 * time.Minute)
	if err := w.SetQty("TEE-ORG-BLK-M", 7, at); err != nil {
		t.Fatal(err)
	}
	c.at = t0.Add(5 * time.Minute)
	r, err := w.ReadItems(context.Background(), at)
	if err != nil {
		t.Fatal(err)
	}
	if r.Complete {
		t.Fatal("a read since a time says it is complete")
	}
	found := false
	for _, it := range r.Items {
		if it.UpdatedAt.Before(at) {
			t.Fatalf("%s changed at %v, before since", it.SKU, it.UpdatedAt)
		}
		if it.SKU == "TEE-ORG-BLK-M" {
			found = it.Qty == 7
		}
	}
	if !found {
		t.Fatalf("the SKU set at since is missing: %+v", r.Items)
	}
	if len(r.Items) > 10 {
		t.Fatalf("%d items changed in 3 minutes", len(r.Items))
	}
}

func TestSetQtyRefusesUnknownSKUsAndNegativeQuantities(t *testing.T) {
	w := openWarehouse(t, t.TempDir(), &clock{t0}, nil)
	if err := w.SetQty("NO-SUCH-SKU", 3, t0); err == nil || !strings.Contains(err.Error(), "NO-SUCH-SKU") {
		t.Fatalf("unknown SKU: %v", err)
	}
	if err := w.SetQty("TEE-ORG-BLK-M", -1, t0); err == nil {
		t.Fatal("negative quantity accepted")
	}
}

func TestWarehouseSettingsChangeTheCatalogue(t *testing.T) {
	dir := t.TempDir()
	c := &clock{t0}
	openWarehouse(t, dir, c, nil)
	w := openWarehouse(t, dir, c, map[string]string{SettingSKUs: "40", SettingSeed: "9"})
	if n := len(readAll(t, w)); n != 40 {
		t.Fatalf("%d SKUs after setting 40", n)
	}
	_, err := NewWarehouse(connector.Config{DataDir: dir, Settings: map[string]string{SettingSKUs: "lots"}}, c.now)
	if err == nil || !strings.Contains(err.Error(), "whole number") {
		t.Fatalf("bad size setting: %v", err)
	}
}

func TestWarehouseTestNamesSizeAndAnExample(t *testing.T) {
	w := openWarehouse(t, t.TempDir(), &clock{t0}, nil)
	res, err := w.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := "Demo warehouse: " + strconv.Itoa(DefaultSKUs) + " SKUs, e.g. TEE-ORG-BLK-M"
	if res.Summary != want || res.Count != DefaultSKUs || len(res.Sample) != 3 {
		t.Fatalf("Test = %+v", res)
	}
}
