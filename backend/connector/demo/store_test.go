package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

func openStore(t *testing.T, dataDir string, settings map[string]string) *Store {
	t.Helper()
	s, err := NewStore(connector.Config{Kind: Kind, DataDir: dataDir, ConnectionID: 1, Settings: settings}, (&clock{t0}).now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func push(t *testing.T, s *Store, pairs ...any) connector.PushBatchResult {
	t.Helper()
	var batch []inventory.Push
	for i := 0; i+1 < len(pairs); i += 2 {
		batch = append(batch, inventory.Push{SKU: pairs[i].(string), To: pairs[i+1].(int)})
	}
	res, err := s.Push(context.Background(), batch, connector.PushMeta{RunID: 1, ConnectionID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.APICalls != 1 || len(res.Results) != len(batch) {
		t.Fatalf("push result = %+v", res)
	}
	return res
}

func TestStoreCreatesAListingTheFirstTimeASKUIsSet(t *testing.T) {
	dir := t.TempDir()
	openWarehouse(t, dir, &clock{t0}, nil)
	s := openStore(t, dir, nil)
	idx, err := s.ReadIndex(context.Background())
	if err != nil || len(idx.Items) != 0 {
		t.Fatalf("new store index = %+v, %v", idx, err)
	}
	if !s.Capabilities().CreatesListings || s.Capabilities().MaxBatch != DefaultMaxBatch {
		t.Fatalf("capabilities = %+v", s.Capabilities())
	}

	res := push(t, s, "TEE-ORG-BLK-M", 12)
	if r := res.Results[0]; !r.OK || r.StoreQty != 12 || r.Ref != "demo:TEE-ORG-BLK-M" {
		t.Fatalf("result = %+v", r)
	}
	idx, _ = s.ReadIndex(context.Background())
	want := inventory.StoreItem{SKU: "TEE-ORG-BLK-M", Name: "Organic Cotton Tee · Black · M", Qty: 12, Ref: "demo:TEE-ORG-BLK-M",
		Locations: map[string]int{"shop": 12, "popup": 0}}
	if len(idx.Items) != 1 || !reflect.DeepEqual(idx.Items[0], want) {
		t.Fatalf("index = %+v", idx.Items)
	}
	push(t, s, "TEE-ORG-BLK-M", 5)
	if q, ok := s.Qty("TEE-ORG-BLK-M"); !ok || q != 5 {
		t.Fatalf("Qty = %d, %v after the second push", q, ok)
	}
}

// A bundle is in no warehouse file: its listing takes the name the push
// carries (its recipe) rather than its SKU.
func TestStoreNamesAListingItCreatesAfterThePush(t *testing.T) {
	dir := t.TempDir()
	openWarehouse(t, dir, &clock{t0}, nil)
	s := openStore(t, dir, nil)
	batch := []inventory.Push{{SKU: "GIFTBOX", To: 3, Name: "Bundle: 2 × Mug + 1 × Tea"}}
	if _, err := s.Push(context.Background(), batch, connector.PushMeta{RunID: 1, ConnectionID: 1}); err != nil {
		t.Fatal(err)
	}
	idx, _ := s.ReadIndex(context.Background())
	if len(idx.Items) != 1 || idx.Items[0].Name != "Bundle: 2 × Mug + 1 × Tea" {
		t.Fatalf("index = %+v, want GIFTBOX named after its recipe", idx.Items)
	}
}

func TestStoreWritesToTheMappedStoreSKU(t *testing.T) {
	s := openStore(t, t.TempDir(), nil)
	res, err := s.Push(context.Background(), []inventory.Push{{SKU: "WH-1", StoreSKU: "SHOP-1", To: 4}}, connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Results[0]; r.SKU != "WH-1" || r.Ref != "demo:SHOP-1" {
		t.Fatalf("result = %+v", r)
	}
	if q, ok := s.Qty("SHOP-1"); !ok || q != 4 {
		t.Fatalf("SHOP-1 = %d, %v", q, ok)
	}
}

func TestStoreRejectsFailSkusAndWritesTheRestOfTheBatch(t *testing.T) {
	s := openStore(t, t.TempDir(), map[string]string{SettingFailSKUs: "MUG-STN-SPK-12OZ, CNDL-SOY-FIG-8OZ"})
	res := push(t, s, "TEE-ORG-BLK-M", 3, "MUG-STN-SPK-12OZ", 9, "NB-DOT-A5-KRF", 1)
	bad := res.Results[1]
	if bad.OK || bad.Error != "Demo store rejected the update for SKU MUG-STN-SPK-12OZ (simulated failure)" {
		t.Fatalf("rejected result = %+v", bad)
	}
	if !res.Results[0].OK || !res.Results[2].OK {
		t.Fatalf("results = %+v", res.Results)
	}
	if _, ok := s.Qty("MUG-STN-SPK-12OZ"); ok {
		t.Fatal("a rejected SKU got a listing")
	}
	if q, _ := s.Qty("NB-DOT-A5-KRF"); q != 1 {
		t.Fatalf("the SKU after the rejected one holds %d", q)
	}
}

func TestStoreKeepsItsListingsAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	push(t, openStore(t, dir, nil), "TEE-ORG-BLK-M", 21)
	if q, ok := openStore(t, dir, nil).Qty("TEE-ORG-BLK-M"); !ok || q != 21 {
		t.Fatalf("after reopen: %d, %v", q, ok)
	}
	entries, err := os.ReadDir(dir + "/demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestPrefilledStoreHasStaleMissingAndStoreOnlySKUs(t *testing.T) {
	dir := t.TempDir()
	w := openWarehouse(t, dir, &clock{t0}, nil)
	s := openStore(t, dir, map[string]string{SettingPrefill: "true"})
	wh := map[string]int{}
	for _, it := range readAll(t, w) {
		wh[it.SKU] = it.Qty
	}
	idx, err := s.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	stale, storeOnlyCount := 0, 0
	for _, it := range idx.Items {
		listed[it.SKU] = true
		q, ok := wh[it.SKU]
		switch {
		case !ok:
			storeOnlyCount++
		case q != it.Qty:
			stale++
		}
	}
	missing := 0
	for sku := range wh {
		if !listed[sku] {
			missing++
		}
	}
	if storeOnlyCount != len(storeOnly) {
		t.Fatalf("%d store-only SKUs, want %d", storeOnlyCount, len(storeOnly))
	}
	if stale < 20 || stale > 120 {
		t.Fatalf("%d stale listings of %d", stale, len(idx.Items))
	}
	if missing < 20 || missing > 100 {
		t.Fatalf("%d warehouse SKUs without a listing", missing)
	}
	if !listed["TEE-ORG-BLK-M"] {
		t.Fatal("the lead SKU is not listed")
	}
}

func TestPrefillWithoutAWarehouseFileUsesTheSameCatalogue(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, map[string]string{SettingPrefill: "true", SettingSKUs: "50"})
	idx, _ := s.ReadIndex(context.Background())
	cat := map[string]bool{}
	for _, p := range catalogue(DefaultSeed, 50) {
		cat[p.SKU] = true
	}
	for _, it := range idx.Items {
		if !cat[it.SKU] && !strings.HasPrefix(it.SKU, "GIFT") && it.SKU != "BNDL-CNDL-TRIO" && it.SKU != "MYSTERY-BOX" && it.SKU != "TEE-ORG-PNK-M" {
			t.Fatalf("%s is in neither the catalogue nor the store-only list", it.SKU)
		}
	}
	if len(idx.Items) < 40 {
		t.Fatalf("%d listings for a 50-SKU catalogue", len(idx.Items))
	}
}

func TestConcurrentPushesFromTwoStoreInstancesAreAllKept(t *testing.T) {
	dir := t.TempDir()
	a, b := openStore(t, dir, nil), openStore(t, dir, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Push(context.Background(), []inventory.Push{{SKU: fmt.Sprintf("SKU-%02d", i), To: i}}, connector.PushMeta{})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 40; i++ {
		if q, ok := a.Qty(fmt.Sprintf("SKU-%02d", i)); !ok || q != i {
			t.Fatalf("SKU-%02d = %d, %v: a concurrent write was lost", i, q, ok)
		}
	}
}

func TestCancelledPushDuringLatencyWritesNothing(t *testing.T) {
	s := openStore(t, t.TempDir(), map[string]string{SettingLatencyMs: "60000"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Push(ctx, []inventory.Push{{SKU: "TEE-ORG-BLK-M", To: 1}}, connector.PushMeta{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, ok := s.Qty("TEE-ORG-BLK-M"); ok {
		t.Fatal("a cancelled push was written")
	}
}

func TestPushLargerThanMaxBatchIsRefused(t *testing.T) {
	s := openStore(t, t.TempDir(), map[string]string{SettingMaxBatch: "2"})
	_, err := s.Push(context.Background(), make([]inventory.Push, 3), connector.PushMeta{})
	if err == nil || !strings.Contains(err.Error(), "at most 2") {
		t.Fatalf("err = %v", err)
	}
}

func TestStoreTestSaysWhatItHolds(t *testing.T) {
	s := openStore(t, t.TempDir(), nil)
	res, err := s.Test(context.Background())
	if err != nil || !strings.Contains(res.Summary, "no listings yet") {
		t.Fatalf("empty store Test = %+v, %v", res, err)
	}
	push(t, s, "TEE-ORG-BLK-M", 1, "MUG-STN-SPK-12OZ", 2)
	res, _ = s.Test(context.Background())
	if res.Summary != "Demo store: 2 listings, e.g. MUG-STN-SPK-12OZ" || res.Count != 2 {
		t.Fatalf("Test = %+v", res)
	}
}

// A listing the store moved between ShelfSync's read and its write comes
// back with the quantity it held, so the run's row says from, seen, to; one
// that did not move says nothing more.
func TestStoreSaysWhatItHeldWhenItMovedSinceTheRead(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir, nil)
	push(t, s, "A", 10, "B", 10)
	other := openStore(t, dir, nil)
	push(t, other, "A", 7) // a sale, after ShelfSync read 10
	res, err := s.Push(context.Background(), []inventory.Push{
		{SKU: "A", From: 10, FromKnown: true, To: 12},
		{SKU: "B", From: 10, FromKnown: true, To: 12},
	}, connector.PushMeta{RunID: 2, ConnectionID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Results[0]; !a.OK || a.Seen == nil || *a.Seen != 7 {
		t.Errorf("A: %+v; want written, saying the store held 7", a)
	}
	if b := res.Results[1]; !b.OK || b.Seen != nil {
		t.Errorf("B: %+v; want written with nothing seen", b)
	}
}
