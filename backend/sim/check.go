package sim

import (
	"fmt"
	"sort"
	"strings"

	"shelfsync/backend/engine"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// checkRuns holds after every step: no two runs overlapped, no run is left
// running, and each run's counts add up to its per-SKU rows.
func (w *World) checkRuns() error {
	w.mu.Lock()
	violations := append([]string(nil), w.violation...)
	w.mu.Unlock()
	if len(violations) > 0 {
		return fmt.Errorf("%s", strings.Join(violations, "; "))
	}
	runs, err := w.db.Runs(storage.RunQuery{ConnectionID: w.conn.ID, Limit: 100000})
	if err != nil {
		return err
	}
	for _, r := range runs {
		if r.Status == types.RunRunning {
			return fmt.Errorf("run %d is left running", r.ID)
		}
		items, err := w.db.RunItems(r.ID)
		if err != nil {
			return err
		}
		ok, failed := 0, 0
		for _, it := range items {
			switch it.Status {
			case "ok":
				ok++
			case "failed":
				failed++
			default:
				return fmt.Errorf("run %d has an item %s with status %q", r.ID, it.SKU, it.Status)
			}
		}
		if ok != r.Pushed || failed != r.Failed {
			return fmt.Errorf("run %d (%s) counts pushed %d failed %d, but its items say %d ok and %d failed", r.ID, r.Status, r.Pushed, r.Failed, ok, failed)
		}
		if r.Status == types.RunHeld && len(items) > 0 {
			return fmt.Errorf("held run %d pushed %d SKUs", r.ID, len(items))
		}
	}
	return nil
}

// checkConverged holds after the faults stop and one Smart Sync ran: the
// store shows the published quantity of every mapped SKU, and no baseline
// claims a quantity the store does not hold. Mapped is computed here from
// the world's truth, not from what the engine recorded.
func (w *World) checkConverged() error {
	rules := engine.RulesOf(w.conn.Rules)
	listings := w.store.Listings()
	truth := w.wh.Truth()
	skus := make([]string, 0, len(truth))
	for sku := range truth {
		skus = append(skus, sku)
	}
	sort.Strings(skus)
	items, err := w.db.Items(w.conn.ID)
	if err != nil {
		return err
	}
	recorded := map[string]storage.Item{}
	for _, it := range items {
		recorded[it.SKU] = it
	}
	var wrong []string
	for _, sku := range skus {
		if rules.IsIgnored(sku) {
			continue
		}
		storeSKU := rules.StoreSKU(sku)
		n := listings[storeSKU]
		if n > 1 || (n == 0 && !w.store.CreatesListings()) {
			continue // a duplicate or a warehouse-only SKU: reported, never written
		}
		want := rules.Published(truth[sku])
		got, ok := w.store.Actual(storeSKU)
		if !ok || got != want {
			wrong = append(wrong, fmt.Sprintf("%s: store %d (listed %v), published %d (warehouse %d); recorded %s", sku, got, ok, want, truth[sku], describe(recorded[sku])))
		}
	}
	if len(wrong) > 0 {
		return fmt.Errorf("the store does not show the published quantity: %s", strings.Join(wrong, "; "))
	}

	for _, it := range items {
		if it.BaselineQty == nil {
			continue
		}
		storeSKU := it.StoreSKU
		if storeSKU == "" {
			storeSKU = it.SKU
		}
		if listings[storeSKU] > 1 {
			continue
		}
		got, ok := w.store.Actual(storeSKU)
		if !ok || got != *it.BaselineQty {
			wrong = append(wrong, fmt.Sprintf("%s: baseline %d, store %d (listed %v), pending %v", it.SKU, *it.BaselineQty, got, ok, it.Pending))
		}
	}
	if len(wrong) > 0 {
		return fmt.Errorf("baselines claim quantities the store does not hold: %s", strings.Join(wrong, "; "))
	}
	return w.checkInSyncIsTrue(items, listings)
}

// checkInSyncIsTrue holds after the faults stop and one Smart Sync ran:
// no SKU is reported in sync whose store quantity differs from its
// published quantity.
func (w *World) checkInSyncIsTrue(items []storage.Item, listings map[string]int) error {
	var wrong []string
	for _, it := range items {
		if it.State != types.StateInSync {
			continue
		}
		storeSKU := it.StoreSKU
		if storeSKU == "" {
			storeSKU = it.SKU
		}
		got, ok := w.store.Actual(storeSKU)
		if !ok || listings[storeSKU] > 1 || it.PublishedQty == nil || got != *it.PublishedQty {
			wrong = append(wrong, fmt.Sprintf("%s: store %d (listed %v), recorded %s", it.SKU, got, ok, describe(it)))
		}
	}
	if len(wrong) > 0 {
		return fmt.Errorf("SKUs reported in sync whose store quantity is not the published one: %s", strings.Join(wrong, "; "))
	}
	return nil
}

func describe(it storage.Item) string {
	n := func(p *int) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("{warehouse %d seen %v, published %s, store %s seen %v (%s), baseline %s, pending %v, state %s}",
		it.WarehouseQty, it.WarehouseSeen, n(it.PublishedQty), n(it.StoreQty), it.StoreSeen, it.StoreSKU, n(it.BaselineQty), it.Pending, it.State)
}
