package shopify

import (
	"context"
	"strings"
	"testing"

	"shelfsync/backend/connector/shopify/shopifyfake"
)

func TestPagesStayUnderTheSingleQueryCap(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{BulkThreshold: -1})
	w.fake.AddVariants("SKU", 1200)

	if idx := w.readIndex(t); len(idx.Items) != 1200 {
		t.Fatalf("read %d, want 1200", len(idx.Items))
	}
	st := w.fake.Stats()
	if st.MaxCostExceeded != 0 || st.MaxCostSeen > 1000 {
		t.Errorf("refused %d queries for cost, dearest %d points; want none over 1,000", st.MaxCostExceeded, st.MaxCostSeen)
	}
	if w.store.PageSize() != 249 {
		t.Errorf("page size %d, want 249 (2 + 249 x 4 = 998)", w.store.PageSize())
	}
}

func TestASmallBucketGetsSmallerPagesAndSaysSo(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{BucketMax: 200, RestoreRate: 10}, Options{BulkThreshold: -1})
	w.fake.AddVariants("SKU", 300)
	idx := w.readIndex(t)
	w.fake.BeforeWrite(func(call int) { // every SKU sold once: all re-read
		if call == 1 {
			for _, it := range idx.Items {
				w.fake.SetAvailable(it.SKU, it.Qty+1)
			}
		}
	})

	res := w.pushAll(t, pushesTo(idx, func(string) int { return 60 }))

	for _, r := range res.Results {
		if !r.OK {
			t.Fatalf("%s: %+v", r.SKU, r)
		}
	}
	st := w.fake.Stats()
	if st.Throttled != 0 || st.MaxCostExceeded != 0 || st.MaxCostSeen > 200 {
		t.Errorf("throttled %d, refused %d, dearest %d; want 0, 0 and at most 200", st.Throttled, st.MaxCostExceeded, st.MaxCostSeen)
	}
	if w.store.PageSize() != 49 {
		t.Errorf("page size %d, want 49 (2 + 49 x 4 = 198)", w.store.PageSize())
	}
	if n := w.store.Notices(); len(n) != 1 || !strings.Contains(n[0], "holds 200 points") || !strings.Contains(n[0], "49 variants a request") {
		t.Errorf("notices %q, want the page size explained", n)
	}
}

func TestAPageRefusedForItsCostIsAskedAgainAtHalfSize(t *testing.T) {
	// This Shopify prices a query dearer than ShelfSync reckons.
	w := newWorld(t, shopifyfake.Options{MaxQueryCost: 400}, Options{BulkThreshold: -1})
	w.fake.AddVariants("SKU", 600)

	if idx := w.readIndex(t); len(idx.Items) != 600 {
		t.Fatalf("read %d, want 600", len(idx.Items))
	}
	// 998 points refused, 498 refused, 250 taken and kept for every page.
	if got := w.fake.Stats().MaxCostExceeded; got != 2 {
		t.Errorf("refused %d times, want 2: halved twice, then kept small", got)
	}
	if w.store.PageSize() != 62 {
		t.Errorf("page size %d, want 62 (249 halved twice)", w.store.PageSize())
	}
	if n := w.store.Notices(); len(n) != 1 || !strings.Contains(n[0], "refused larger requests, so the catalogue was read 62 variants") {
		t.Errorf("notices %q, want the halved page size explained", n)
	}
}

func TestAPagedReadSwitchesToBulkAtThePaginationLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 25,100 variants")
	}
	w := newWorld(t, shopifyfake.Options{}, Options{BulkThreshold: -1})
	w.fake.AddVariants("SKU", 25100)

	if idx := w.readIndex(t); len(idx.Items) != 25100 {
		t.Fatalf("read %d, want 25,100", len(idx.Items))
	}
	if st := w.fake.Stats(); st.BulkRuns != 1 {
		t.Errorf("bulk runs %d, want 1 once paging reached 25,000", st.BulkRuns)
	}
}

func TestAPageLargerThanTheBucketCanHoldIsHalvedNotRetriedForever(t *testing.T) {
	// The first request: the pacer has not heard of the 200-point bucket.
	w := newWorld(t, shopifyfake.Options{BucketMax: 200}, Options{})
	w.fake.AddVariants("SKU", 100)
	n := 0

	err := w.store.readPages(context.Background(), location{ID: shopifyfake.LocationGID(1)}, nil, func(variantNode) { n++ })

	if err != nil || n != 100 {
		t.Fatalf("read %d, err %v; want 100", n, err)
	}
	// 998 points exceed what the bucket can ever hold: THROTTLED once,
	// and the answer's maximumAvailable sizes the pages: 49 (198 points).
	if st := w.fake.Stats(); st.Throttled != 1 || w.store.PageSize() != 49 {
		t.Errorf("throttled %d, page size %d; want 1 and 49", st.Throttled, w.store.PageSize())
	}
}
