package shopify

import (
	"context"
	"strings"
	"testing"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/inventory"
)

func TestPushWritesInCallsOf250(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariants("SKU", 600)
	idx := w.readIndex(t)

	// The engine may hand the connector more than MaxBatch; it splits.
	res, err := w.store.Push(context.Background(), pushesTo(idx, func(string) int { return 77 }), connector.PushMeta{RunID: 3})
	if err != nil {
		t.Fatal(err)
	}

	for _, r := range res.Results {
		if !r.OK || r.StoreQty != 77 {
			t.Fatalf("result %+v, want OK at 77", r)
		}
	}
	if got := w.available(t, "SKU-00600"); got != 77 {
		t.Errorf("SKU-00600 holds %d in the shop, want 77", got)
	}
	if st := w.fake.Stats(); st.WriteCalls != 3 {
		t.Errorf("write calls = %d, want 3 (250+250+100)", st.WriteCalls)
	}
	if res.APICalls != 3 {
		t.Errorf("APICalls = %d, want 3", res.APICalls)
	}
}

func TestPushDetectsASaleBetweenReadAndWriteAndSetsThePublishedQuantity(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariant("TEE-S", 10)
	w.fake.AddVariant("TEE-M", 4)
	idx := w.readIndex(t)
	// A customer buys one TEE-S after the read, before the write.
	w.fake.BeforeWrite(func(call int) {
		if call == 1 {
			w.fake.SetAvailable("TEE-S", 9)
		}
	})

	res := w.pushAll(t, pushesTo(idx, func(sku string) int { return map[string]int{"TEE-S": 20, "TEE-M": 5}[sku] }))

	for _, sku := range []string{"TEE-S", "TEE-M"} {
		if r := resultFor(t, res, sku); !r.OK {
			t.Errorf("%s: %+v, want OK", sku, r)
		}
	}
	if r := resultFor(t, res, "TEE-S"); r.Seen == nil || *r.Seen != 9 {
		t.Errorf("TEE-S says it saw %v in the store at the write, want the 9 the sale left", r.Seen)
	}
	if r := resultFor(t, res, "TEE-M"); r.Seen != nil {
		t.Errorf("TEE-M, which did not move, says the store held %d", *r.Seen)
	}
	if got := w.available(t, "TEE-S"); got != 20 {
		t.Errorf("TEE-S holds %d, want the published 20", got)
	}
	if got := w.available(t, "TEE-M"); got != 5 {
		t.Errorf("TEE-M holds %d, want 5 (resent after the refused call)", got)
	}
	st := w.fake.Stats()
	if st.WriteCalls != 2 || st.AppliedWrites != 1 {
		t.Errorf("write calls %d (applied %d), want 2 with the second applied: the first must be refused as stale", st.WriteCalls, st.AppliedWrites)
	}
}

func TestPushGivesUpOnASKUThatKeepsChanging(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{MaxCASAttempts: 2})
	w.fake.AddVariant("HOT", 50)
	idx := w.readIndex(t)
	w.fake.BeforeWrite(func(call int) { w.fake.SetAvailable("HOT", 50-call) })

	res := w.pushAll(t, pushesTo(idx, func(string) int { return 100 }))

	r := resultFor(t, res, "HOT")
	if r.OK || !strings.Contains(r.Error, "kept changing") {
		t.Fatalf("result %+v, want a failure saying the quantity kept changing", r)
	}
	if got := w.available(t, "HOT"); got != 47 {
		t.Errorf("HOT holds %d, want the store's own 47: a refused SKU must not be overwritten", got)
	}
	if r.StoreQty != 48 {
		t.Errorf("StoreQty = %d, want 48, the last quantity read", r.StoreQty)
	}
}

func TestPushReadsAnUnknownStoreQuantityBeforeWriting(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	ref := w.fake.AddVariant("NEW", 3)

	res := w.pushAll(t, []inventory.Push{{SKU: "NEW", StoreSKU: "NEW", Ref: ref, To: 8, Why: inventory.ReasonNew}})

	if r := resultFor(t, res, "NEW"); !r.OK || r.StoreQty != 8 {
		t.Errorf("result %+v, want OK at 8", r)
	}
	if st := w.fake.Stats(); st.WriteCalls != 1 {
		t.Errorf("write calls = %d, want 1: the compare quantity must come from a read, not a refused write", st.WriteCalls)
	}
}

func TestPushMapsUserErrorsToTheSKUsTheyConcern(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	for _, sku := range []string{"OK-1", "BUNDLE", "OK-2", "GONE-HERE"} {
		w.fake.AddVariant(sku, 1)
	}
	idx := w.readIndex(t)
	w.fake.MakeBundle("BUNDLE")
	w.fake.Unstock("GONE-HERE")

	res := w.pushAll(t, pushesTo(idx, func(string) int { return 9 }))

	if r := resultFor(t, res, "BUNDLE"); r.OK || !strings.Contains(r.Error, "NON_MUTABLE_INVENTORY_ITEM") {
		t.Errorf("BUNDLE: %+v, want a NON_MUTABLE_INVENTORY_ITEM failure", r)
	}
	if r := resultFor(t, res, "GONE-HERE"); r.OK || !strings.Contains(r.Error, "ITEM_NOT_STOCKED_AT_LOCATION") {
		t.Errorf("GONE-HERE: %+v, want an ITEM_NOT_STOCKED_AT_LOCATION failure", r)
	}
	for _, sku := range []string{"OK-1", "OK-2"} {
		if r := resultFor(t, res, sku); !r.OK || w.available(t, sku) != 9 {
			t.Errorf("%s: %+v, want written", sku, r)
		}
	}
}

func TestPushFailsSKUsItCannotFind(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariant("KNOWN", 1)
	w.readIndex(t)

	res := w.pushAll(t, []inventory.Push{
		{SKU: "KNOWN", StoreSKU: "KNOWN", From: 1, FromKnown: true, To: 2}, // no Ref: found in the index
		{SKU: "STRANGER", StoreSKU: "STRANGER", From: 1, FromKnown: true, To: 2},
		{SKU: "DELETED", Ref: "gid://shopify/InventoryItem/999999", From: 1, FromKnown: true, To: 2},
	})

	if r := resultFor(t, res, "KNOWN"); !r.OK || !strings.HasPrefix(r.Ref, "gid://shopify/InventoryItem/") {
		t.Errorf("KNOWN: %+v, want written through the index", r)
	}
	if r := resultFor(t, res, "STRANGER"); r.OK || !strings.Contains(r.Error, "Full Sync") {
		t.Errorf("STRANGER: %+v, want a failure asking for a Full Sync", r)
	}
	if r := resultFor(t, res, "DELETED"); r.OK || !strings.Contains(r.Error, "INVALID_INVENTORY_ITEM") {
		t.Errorf("DELETED: %+v, want INVALID_INVENTORY_ITEM", r)
	}
}

func TestSteadyFullSyncOf5000SKUsWrites20CallsWithoutThrottling(t *testing.T) {
	// Both read paths: the bulk export is cheap, the paged read spends
	// 15,000 points and must be paced; the writes follow either way.
	for _, mode := range []struct {
		name      string
		threshold int
	}{{"bulk read", 0}, {"paged read", -1}} {
		w := newWorld(t, shopifyfake.Options{BucketMax: 1000, RestoreRate: 100}, Options{BulkThreshold: mode.threshold})
		w.fake.AddVariants("SKU", 5000)

		for run := 1; run <= 2; run++ {
			idx := w.readIndex(t)
			before := w.fake.Stats()
			res := w.pushAll(t, pushesTo(idx, func(sku string) int { return run*100 + len(sku) }))
			after := w.fake.Stats()

			if calls := after.WriteCalls - before.WriteCalls; calls != 20 {
				t.Errorf("%s, run %d: %d write calls, want 20", mode.name, run, calls)
			}
			if res.Throttled != 0 || after.Throttled != 0 {
				t.Errorf("%s, run %d: throttled %d (fake counted %d), want 0", mode.name, run, res.Throttled, after.Throttled)
			}
			failed := 0
			for _, r := range res.Results {
				if !r.OK {
					failed++
				}
			}
			if failed != 0 || len(res.Results) != 5000 {
				t.Errorf("%s, run %d: %d of %d failed", mode.name, run, failed, len(res.Results))
			}
		}
	}
}

func TestPushOnAReadOnlyTokenSaysWhichScopesAreMissing(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{ReadOnlyToken: true}, Options{})
	w.fake.AddVariant("A", 1)
	idx := w.readIndex(t)

	_, err := w.store.Push(context.Background(), pushesTo(idx, func(string) int { return 2 }), connector.PushMeta{})

	assertUnauthorized(t, err)
}

func TestAWriteWhoseAnswerWasLostIsNotAppliedTwice(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariant("A", 1)
	idx := w.readIndex(t)
	w.fake.InjectFaults(shopifyfake.FaultLostAnswer)

	res := w.pushAll(t, pushesTo(idx, func(string) int { return 5 }))

	if r := resultFor(t, res, "A"); !r.OK || r.StoreQty != 5 {
		t.Errorf("result %+v, want OK at 5", r)
	}
	// Sent twice with the same idempotency key: Shopify answers the
	// second from the first instead of applying it again.
	if st := w.fake.Stats(); st.KeyedWrites != 2 || st.IdempotentReplays != 1 || st.AppliedWrites != 1 {
		t.Errorf("keyed writes %d, replays %d, applied %d; want 2, 1 and 1", st.KeyedWrites, st.IdempotentReplays, st.AppliedWrites)
	}
}
