package shopify

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/connector/shopify/shopifyfake"
)

func TestReadIndexPagesASmallCatalogue(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	skus := w.fake.AddVariants("TEE", 600)

	idx := w.readIndex(t)

	if len(idx.Items) != 600 {
		t.Fatalf("read %d items, want 600", len(idx.Items))
	}
	for i, it := range idx.Items {
		if it.SKU != skus[i] || it.Qty != i%50 || !strings.HasPrefix(it.Ref, "gid://shopify/InventoryItem/") {
			t.Fatalf("item %d = %+v, want SKU %s qty %d with an inventory item gid", i, it, skus[i], i%50)
		}
	}
	// locations + count + 3 pages of 250.
	if idx.APICalls != 5 {
		t.Errorf("APICalls = %d, want 5", idx.APICalls)
	}
	if st := w.fake.Stats(); st.BulkRuns != 0 {
		t.Errorf("a 600-variant catalogue started %d bulk exports, want paging only", st.BulkRuns)
	}
}

func TestReadIndexUsesABulkExportForALargeCatalogue(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{BulkPollsUntilDone: 3}, Options{})
	skus := w.fake.AddVariants("MUG", 3000)
	w.fake.SetAvailable("MUG-02999", 1234)

	idx := w.readIndex(t)

	if len(idx.Items) != 3000 {
		t.Fatalf("read %d items, want 3000", len(idx.Items))
	}
	if idx.Items[2998].SKU != skus[2998] || idx.Items[2998].Qty != 1234 {
		t.Errorf("item 2998 = %+v, want MUG-02999 with 1234", idx.Items[2998])
	}
	st := w.fake.Stats()
	if st.BulkRuns != 1 || st.BulkDownloads != 1 {
		t.Errorf("bulk runs %d, downloads %d; want 1 and 1", st.BulkRuns, st.BulkDownloads)
	}
	// locations, count, run, 4 polls (3 RUNNING + COMPLETED), download.
	if idx.APICalls != 8 {
		t.Errorf("APICalls = %d, want 8", idx.APICalls)
	}
}

func TestReadIndexReportsDuplicatesAndLeavesOutWhatCannotBeSynced(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariant("A", 1)
	w.fake.AddVariant("DUP", 2)
	w.fake.AddVariant("B", 3)
	w.fake.AddVariant("DUP", 4)
	w.fake.AddVariant("", 5)
	w.fake.AddVariant("UNTRACKED", 6)
	w.fake.SetTracked("UNTRACKED", false)
	w.fake.AddVariant("ELSEWHERE", 7)
	w.fake.Unstock("ELSEWHERE")

	idx := w.readIndex(t)

	var got []string
	for _, it := range idx.Items {
		got = append(got, it.SKU)
	}
	if !reflect.DeepEqual(got, []string{"A", "B"}) {
		t.Errorf("items = %v, want [A B]", got)
	}
	if !reflect.DeepEqual(idx.Duplicates, []string{"DUP"}) {
		t.Errorf("duplicates = %v, want [DUP]", idx.Duplicates)
	}
}

func TestReadIndexBulkPathFindsTheSameDuplicates(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{BulkThreshold: 2})
	w.fake.AddVariant("A", 1)
	w.fake.AddVariant("DUP", 2)
	w.fake.AddVariant("DUP", 3)

	idx := w.readIndex(t)

	if len(idx.Items) != 1 || idx.Items[0].SKU != "A" || !reflect.DeepEqual(idx.Duplicates, []string{"DUP"}) {
		t.Errorf("index = %+v, want A with DUP as duplicate", idx)
	}
	if w.fake.Stats().BulkRuns != 1 {
		t.Errorf("expected the bulk path")
	}
}

func TestPagedReadOf5000SKUsPacesItselfUnderTheBucket(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{BucketMax: 1000, RestoreRate: 100}, Options{BulkThreshold: -1})
	w.fake.AddVariants("SKU", 5000)

	idx := w.readIndex(t)

	if len(idx.Items) != 5000 {
		t.Fatalf("read %d items, want 5000", len(idx.Items))
	}
	st := w.fake.Stats()
	if st.Throttled != 0 {
		t.Errorf("the fake throttled %d requests; pacing should have avoided all", st.Throttled)
	}
	// 20 pages of 752 points from a 1,000-point bucket restoring 100/s
	// cannot be read without waiting for about (20*752-1000)/100 s.
	t.Logf("paced read of 5,000 SKUs: %d calls, %v of virtual waiting", idx.APICalls, w.clock.Slept())
	if slept := w.clock.Slept().Seconds(); slept < 140 {
		t.Errorf("waited %.0fs of virtual time; the bucket needs at least 140s", slept)
	}
}

func TestReadIndexWaitsForABulkExportAlreadyRunning(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{BulkPollsUntilDone: 2}, Options{BulkThreshold: 1})
	w.fake.AddVariants("X", 5)
	// Exports left running by interrupted syncs of the same app, as many
	// as Shopify lets an app run at once.
	stuck := w.newStore(t, Options{})
	for range shopifyfake.MaxConcurrentBulkQueries {
		var run bulkRunData
		if err := stuck.call(context.Background(), "ShelfSyncBulkExport", bulkRunMutation, map[string]any{"query": "{ productVariants { edges { node { id } } } }"}, 10, &run); err != nil || len(run.Run.UserErrors) > 0 {
			t.Fatal(err, run.Run.UserErrors)
		}
	}

	idx := w.readIndex(t)

	if len(idx.Items) != 5 {
		t.Errorf("read %d items, want 5", len(idx.Items))
	}
	if st := w.fake.Stats(); st.BulkRuns != shopifyfake.MaxConcurrentBulkQueries+1 {
		t.Errorf("bulk runs = %d, want %d (the stuck ones, then ours once the latest finished)", st.BulkRuns, shopifyfake.MaxConcurrentBulkQueries+1)
	}
}

// A large shop's export file can take minutes to download on a merchant's
// line, far longer than one API call may take: the file has a limit of
// its own, so the index is still read.
func TestAnExportFileSlowerThanAnAPICallIsStillDownloaded(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{BulkFilePause: 400 * time.Millisecond}, Options{BulkThreshold: 1, HTTP: httpx.Options{Timeout: 2 * time.Second}})
	for i := range 6 {
		w.fake.AddVariant(fmt.Sprintf("SLOW-%d", i), i)
	}

	idx := w.readIndex(t)

	if len(idx.Items) != 6 || w.fake.Stats().BulkDownloads != 1 {
		t.Errorf("read %d items in %d downloads, want all 6 from one download of the export", len(idx.Items), w.fake.Stats().BulkDownloads)
	}
}
