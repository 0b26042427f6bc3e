package shopify

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shopify/shopifyfake"
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

// Only the levels changed since the last look come back, each at its live
// available quantity, read by Shopify's own updated_at filter a page at a
// time; an untracked item's level comes back apart.
func TestChangedSinceReturnsOnlyTheLevelsChangedSinceTheLastLook(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	skus := w.fake.AddVariants("S", 600)
	w.clock.Sleep(context.Background(), time.Hour)
	look := w.clock.Now()
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
