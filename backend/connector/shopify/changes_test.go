package shopify

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/plain"
)

func changedSKUs(ch connector.StoreChanges) (tracked, untracked []string) {
	for _, it := range ch.Items {
		tracked = append(tracked, fmt.Sprintf("%s=%d", it.SKU, it.Qty))
	}
	for _, it := range ch.NotTracked {
		untracked = append(untracked, it.SKU)
	}
	sort.Strings(tracked)
	sort.Strings(untracked)
	return tracked, untracked
}

// worldWithALook is a shop of n variants made an hour before ShelfSync's
// last look, with the clock then a minute past that look.
func worldWithALook(t *testing.T, fo shopifyfake.Options, n int) (*world, []string, time.Time) {
	t.Helper()
	w := newWorld(t, fo, Options{})
	skus := w.fake.AddVariants("S", n)
	w.clock.Sleep(context.Background(), time.Hour)
	look := w.clock.Now()
	w.clock.Sleep(context.Background(), time.Minute)
	return w, skus, look
}

// Only the levels changed since the last look come back, each at its live
// available quantity, read by Shopify's own updated_at filter a page at a
// time; an untracked item's level comes back apart.
func TestChangedSinceReturnsOnlyTheLevelsChangedSinceTheLastLook(t *testing.T) {
	w, skus, look := worldWithALook(t, shopifyfake.Options{}, 600)
	w.clock.Sleep(context.Background(), 30*time.Minute)
	w.fake.SetAvailable(skus[4], 77)   // a hand edit
	w.fake.SetAvailable(skus[598], 1)  // a sale
	w.fake.SetTracked(skus[10], false) // tracking off: the item moves, not its level
	w.fake.SetAvailable(skus[10], 3)

	ch, err := w.store.ChangedSince(context.Background(), look)
	if err != nil {
		t.Fatal(err)
	}
	tracked, untracked := changedSKUs(ch)
	if want := []string{skus[4] + "=77", skus[598] + "=1"}; strings.Join(tracked, " ") != strings.Join(want, " ") {
		t.Errorf("changed since the last look: %v, want %v", tracked, want)
	}
	if len(untracked) != 1 || untracked[0] != skus[10] {
		t.Errorf("not tracked: %v, want %s", untracked, skus[10])
	}
	if !ch.Next.Equal(w.clock.Now().Truncate(time.Second)) {
		t.Errorf("next look from %s, want the latest change %s", ch.Next, w.clock.Now())
	}
	if ch.APICalls < 1 || w.fake.Stats().MaxCostSeen > 1000 {
		t.Errorf("%d calls, dearest %d points", ch.APICalls, w.fake.Stats().MaxCostSeen)
	}
}

// Nothing changed: one call, the cursor stays where it was.
func TestChangedSinceWithNothingNewKeepsTheLook(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariants("S", 5)
	w.clock.Sleep(context.Background(), time.Hour)
	look := w.clock.Now()
	ch, err := w.store.ChangedSince(context.Background(), look)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Items)+len(ch.NotTracked) != 0 || !ch.Next.Equal(look) || ch.APICalls != 2 {
		t.Errorf("got %d items, next %s, %d calls; want none, %s, 2 (the location, the levels)", len(ch.Items), ch.Next, ch.APICalls, look)
	}
}

// A page Shopify prices over the bucket is asked again smaller.
func TestChangedSinceFitsItsPagesInASmallBucket(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{BucketMax: 200, RestoreRate: 1000}, Options{})
	skus := w.fake.AddVariants("S", 300)
	look := w.clock.Now().Add(-time.Hour)
	for _, sku := range skus {
		w.fake.SetAvailable(sku, 9)
	}
	w.store.ReadIndex(context.Background()) // learns the bucket's size
	ch, err := w.store.ChangedSince(context.Background(), look)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Items) != 300 || w.fake.Stats().MaxCostSeen > 200 || w.fake.Stats().Throttled > 0 {
		t.Errorf("%d items, dearest %d points, %d throttled; want 300 within the 200-point bucket", len(ch.Items), w.fake.Stats().MaxCostSeen, w.fake.Stats().Throttled)
	}
}

// A change set larger than one page (the Full Sync's own writes, read back
// by the first Smart after it) is read as the first page and then ONE bulk
// export of the same filter, not page after page at 750 points each.
func TestChangedSinceReadsALargeChangeSetByOneBulkExport(t *testing.T) {
	w, skus, look := worldWithALook(t, shopifyfake.Options{}, 800)
	for i, sku := range skus {
		w.fake.SetAvailable(sku, i%7) // what a Full Sync writes
	}
	ch, err := w.store.ChangedSince(context.Background(), look)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Items) != len(skus) {
		t.Fatalf("%d levels came back, want the %d changed", len(ch.Items), len(skus))
	}
	for i, it := range ch.Items {
		if it.SKU != skus[i] || it.Qty != i%7 || it.Ref == "" {
			t.Fatalf("level %d: %+v, want %s at %d with its item", i, it, skus[i], i%7)
		}
	}
	st := w.fake.Stats()
	if st.LevelPages != 1 || st.BulkRuns != 1 || st.BulkDownloads != 1 {
		t.Errorf("%d level pages, %d bulk exports, %d downloads; want the first page, then one export", st.LevelPages, st.BulkRuns, st.BulkDownloads)
	}
	if !ch.Next.Equal(w.clock.Now().Truncate(time.Second)) && ch.Next.Before(look) {
		t.Errorf("next look from %s", ch.Next)
	}
}

// The export asks Shopify for the same filter as the page: levels the
// filter leaves out are not in the file either.
func TestTheChangeExportKeepsTheFilter(t *testing.T) {
	w, skus, look := worldWithALook(t, shopifyfake.Options{}, 600)
	for _, sku := range skus[:400] {
		w.fake.SetAvailable(sku, 5)
	}
	ch, err := w.store.ChangedSince(context.Background(), look)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Items) != 400 || ch.Items[399].SKU != skus[399] || w.fake.Stats().BulkRuns != 1 {
		t.Fatalf("%d levels (last %v), %d exports; want the 400 changed by one export", len(ch.Items), ch.Items[len(ch.Items)-1], w.fake.Stats().BulkRuns)
	}
}

// An export that fails, is cancelled, or outlives its deadline ends the
// change read with a sentence for the merchant; the look does not move.
func TestAFailedChangeExportIsASentence(t *testing.T) {
	for _, tc := range []struct {
		name   string
		end    shopifyfake.BulkEnd
		polls  int
		want   string
		isTime bool
	}{
		{name: "failed", end: shopifyfake.BulkEnd{Status: "FAILED", ErrorCode: "INTERNAL_SERVER_ERROR"}, want: "failed"},
		{name: "cancelled", end: shopifyfake.BulkEnd{Status: "CANCELED"}, want: "cancelled"},
		{name: "timed out", polls: 1 << 30, want: "still running", isTime: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, skus, look := worldWithALook(t, shopifyfake.Options{BulkPollsUntilDone: max(1, tc.polls)}, 600)
			for _, sku := range skus {
				w.fake.SetAvailable(sku, 1)
			}
			if tc.end.Status != "" {
				w.fake.EndNextBulk(tc.end)
			}
			slept0 := w.clock.Slept()
			_, err := w.store.ChangedSince(context.Background(), look)
			s := plain.Sentence(err)
			if err == nil || !strings.Contains(s, tc.want) || !strings.Contains(s, "stock levels changed") || strings.Contains(s, "gid://") {
				t.Fatalf("err = %v\nsentence %q; want a sentence saying the export of the changed levels %s", err, s, tc.want)
			}
			if tc.isTime && !errors.Is(err, errBulkTimeout) {
				t.Errorf("err = %v, want a bulk timeout", err)
			}
			if waited := w.clock.Slept() - slept0; tc.isTime && waited > DefaultChangeBulkTimeout+time.Minute {
				t.Errorf("waited %v for the drift export, want at most %v", waited, DefaultChangeBulkTimeout)
			}
		})
	}
}

// Tracking switched off in the admin moves the inventory item, not its
// level: the change read asks for changed items in the same request and
// returns it as not tracked, at its quantity, once; more changed items
// than the first request holds come by one bulk export.
func TestChangedSinceSeesTrackingSwitchedOffWithoutAQuantityChange(t *testing.T) {
	w, skus, look := worldWithALook(t, shopifyfake.Options{}, 200)
	w.fake.SetTracked(skus[3], false)
	w.fake.SetTracked(skus[8], false)
	w.fake.SetAvailable(skus[8], 4) // its level moved too: listed once
	for _, sku := range skus[100:] {
		w.fake.SetTracked(sku, true) // tracking confirmed on: changed, still tracked
	}

	ch, err := w.store.ChangedSince(context.Background(), look)
	if err != nil {
		t.Fatal(err)
	}
	tracked, untracked := changedSKUs(ch)
	if strings.Join(untracked, " ") != skus[3]+" "+skus[8] || len(ch.NotTracked) != 2 {
		t.Errorf("not tracked: %v, want %s and %s once each", untracked, skus[3], skus[8])
	}
	for _, it := range ch.NotTracked {
		if want, _ := w.fake.Available(it.SKU); it.Qty != want || it.Ref == "" {
			t.Errorf("%s came back at %d (ref %q), want %d with its item", it.SKU, it.Qty, it.Ref, want)
		}
	}
	if len(tracked) != 100 || w.fake.Stats().BulkRuns != 1 {
		t.Errorf("%d tracked items changed, %d exports; want the 100 edited, by one export", len(tracked), w.fake.Stats().BulkRuns)
	}
	if w.fake.Stats().MaxCostSeen > 1000 {
		t.Errorf("dearest request %d points", w.fake.Stats().MaxCostSeen)
	}
}
