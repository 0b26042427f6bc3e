package shopify

import (
	"context"
	"fmt"
	"os"
	"testing"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/inventory"
)

// twoLocations is a shop with a primary location and a pop-up, 300
// variants stocked at both (the pop-up holding a third of the primary's
// quantity, one variant not stocked there), and a Store whose connection's
// location map writes both.
func twoLocations(t *testing.T, o Options) (*world, []string) {
	t.Helper()
	w := newWorld(t, shopifyfake.Options{Locations: []shopifyfake.Location{
		{ID: 1, Name: "Main warehouse", Active: true, FulfillsOnlineOrders: true},
		{ID: 2, Name: "Pop-up", Active: true},
	}}, o)
	var skus []string
	for i := range 300 {
		sku := fmt.Sprintf("SKU-%03d", i)
		w.fake.AddVariant(sku, 3*i)
		if i != 7 {
			w.fake.StockAt(sku, 2, i)
		}
		skus = append(skus, sku)
	}
	o.Now, o.Sleep = w.clock.Now, w.clock.Sleep
	s, err := NewWithOptions(connector.Config{Kind: "shopify",
		Settings:  map[string]string{SettingShop: w.fake.URL(), SettingAPIVersion: os.Getenv(suiteVersionEnv)},
		Secrets:   map[string]string{SecretToken: w.fake.Token()},
		Locations: []string{shopifyfake.LocationGID(1), shopifyfake.LocationGID(2)},
	}, o)
	if err != nil {
		t.Fatal(err)
	}
	w.store = s
	return w, skus
}

// The index read asks for each variant at both locations in the same
// requests: every item carries both quantities (a location it is not
// stocked at is left out, unknown), whichever way it is read.
func TestTheIndexIsReadAtEveryLocationTheMapWritesInTheSameRead(t *testing.T) {
	for _, read := range []struct {
		name      string
		threshold int
	}{{"paged", -1}, {"bulk export", 10}} {
		t.Run(read.name, func(t *testing.T) {
			w, _ := twoLocations(t, Options{BulkThreshold: read.threshold})
			idx := w.readIndex(t)
			if len(idx.Items) != 300 {
				t.Fatalf("read %d items, want 300", len(idx.Items))
			}
			main, popup := shopifyfake.LocationGID(1), shopifyfake.LocationGID(2)
			for i, it := range idx.Items {
				want := map[string]int{main: 3 * i, popup: i}
				if i == 7 {
					delete(want, popup)
				}
				if fmt.Sprint(it.Locations) != fmt.Sprint(want) || it.Qty != 3*i {
					t.Fatalf("%s: %d, by location %v; want %d, %v", it.SKU, it.Qty, it.Locations, 3*i, want)
				}
			}
			if st := w.fake.Stats(); st.MaxCostExceeded > 0 {
				t.Errorf("%d requests over the cost cap (highest %d)", st.MaxCostExceeded, st.MaxCostSeen)
			}
		})
	}
}

// Writing both locations after that read is compare-and-set from the
// quantities read: no re-read before a location's first write, 250
// entries a call across locations.
func TestAFullWriteAtTwoLocationsAfterTheIndexNeedsNoReadOfItsOwn(t *testing.T) {
	w, _ := twoLocations(t, Options{BulkThreshold: -1})
	idx := w.readIndex(t)
	before := w.fake.Stats()
	var batch []inventory.Push
	for _, it := range idx.Items {
		for _, at := range []string{shopifyfake.LocationGID(1), shopifyfake.LocationGID(2)} {
			q, known := it.Locations[at]
			batch = append(batch, inventory.Push{SKU: it.SKU, StoreSKU: it.SKU, Ref: it.Ref, Location: at, From: q, FromKnown: known, To: q + 1, Why: inventory.ReasonFull})
		}
	}
	var written, reads int
	for start := 0; start < len(batch); start += MaxBatch {
		res, err := w.store.Push(context.Background(), batch[start:min(start+MaxBatch, len(batch))], connector.PushMeta{RunID: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Results {
			if r.OK {
				written++
			}
		}
	}
	after := w.fake.Stats()
	reads = after.ReadCalls - before.ReadCalls
	entries, most := w.fake.QuantitiesWritten()
	// SKU-007 is not stocked at the pop-up: its one entry there is read
	// and refused, the only read.
	if written != 599 || after.WriteCalls-before.WriteCalls != 3 || most > MaxBatch || reads != 1 || entries != 599 {
		t.Errorf("wrote %d of 600 (%d entries, at most %d a call) in %d write calls and %d reads; want 599 in 3 calls of at most %d and 1 read",
			written, entries, most, after.WriteCalls-before.WriteCalls, reads, MaxBatch)
	}
}
