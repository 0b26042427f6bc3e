package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// PlannedKey fingerprints what the stored published quantities were
// computed from: the rules, the bundle recipes and the location map. A
// Smart Sync may skip the SKUs it did not read only while it matches; so
// a bundle added, edited or removed, or a new map, makes the next Smart
// Sync read the whole warehouse and look at every SKU once.
func PlannedKey(rules storage.RuleSettings, bundles []inventory.Bundle, locMap inventory.LocationMap) string {
	key := RulesKey(rules)
	if len(bundles) > 0 { // a connection without bundles keeps the key it had
		b, _ := json.Marshal(bundles) // plain structs in stored order: stable
		sum := sha256.Sum256(b)
		key += "+" + hex.EncodeToString(sum[:8])
	}
	if locMap != nil { // nor does one without a map
		b, _ := json.Marshal(locMap) // map keys marshal sorted: stable
		sum := sha256.Sum256(b)
		key += "@" + hex.EncodeToString(sum[:8])
	}
	return key
}

// loadBundleRows adds, on a Smart Sync's fast path, the rows a bundle's
// quantity needs: a bundle whose component was read (or whose own row was
// loaded: pending, failed, changed) is computed again, from every one of
// its components, so those and the bundle's own row are loaded too. The
// other bundles are neither loaded nor computed: their components did
// not move.
func (e *Engine) loadBundleRows(w *world) error {
	touched := make(map[string]bool, len(w.stored)+len(w.read.Items))
	for sku := range w.stored {
		touched[sku] = true
	}
	for _, it := range w.read.Items {
		touched[it.SKU] = true
	}
	w.bundlesToCompute = nil
	for _, b := range w.bundles {
		if touched[b.SKU] || len(inventory.UsingAny([]inventory.Bundle{b}, touched)) > 0 {
			w.bundlesToCompute = append(w.bundlesToCompute, b)
		}
	}
	var need []string
	for _, b := range w.bundlesToCompute {
		if _, ok := w.stored[b.SKU]; !ok {
			need = append(need, b.SKU)
		}
		for _, c := range b.Components {
			if _, ok := w.stored[c.SKU]; !ok {
				need = append(need, c.SKU)
			}
		}
	}
	if len(need) == 0 {
		return nil
	}
	rows, err := e.db.ItemsBySKU(w.conn.ID, need)
	if err != nil {
		return fmt.Errorf("load the components of the bundles to update: %w", err)
	}
	for _, it := range rows {
		w.stored[it.SKU] = it
	}
	return nil
}

// withBundles replaces in the view what the last runs stored for each
// bundle with its quantity computed now from its components. A bundle SKU
// the warehouse itself lists stays as read as well: that listing would be
// fed twice, which the planner finds and the run is held for.
func (w *world) withBundles(view []inventory.WarehouseItem) []inventory.WarehouseItem {
	if len(w.bundles) == 0 {
		return view
	}
	isBundle := w.bundleSKUs()
	listed := map[string]bool{}
	for _, it := range w.read.Items {
		if isBundle[it.SKU] {
			listed[it.SKU] = true
		}
	}
	kept := view[:0]
	for _, it := range view {
		// A SKU this run read is in the view once, as read (the stored row
		// is laid over only for SKUs not read).
		if !isBundle[it.SKU] || listed[it.SKU] {
			kept = append(kept, it)
		}
	}
	return append(kept, inventory.BundleItems(kept, w.bundlesToCompute)...)
}

// ProblemOf is the planner's problem for a stored attention state.
func ProblemOf(state types.ItemState) inventory.ItemProblem { return problemOf(state) }

// StateOf is the attention state a planner problem is stored as ("" for none).
func StateOf(p inventory.ItemProblem) types.ItemState { return attentionStates[p] }

// bundleSKUs is the set of the connection's bundle SKUs.
func (w *world) bundleSKUs() map[string]bool {
	out := make(map[string]bool, len(w.bundles))
	for _, b := range w.bundles {
		out[b.SKU] = true
	}
	return out
}

// bundleSentences says, for each bundle in the view, which component
// limited its quantity (or which is missing).
func bundleSentences(view []inventory.WarehouseItem) map[string]string {
	out := map[string]string{}
	for _, it := range view {
		if it.Bundle != nil {
			out[it.SKU] = it.Bundle.Sentence()
		}
	}
	return out
}

// componentMissingProblem words, for the run's history, the bundles left
// unpublished (or set to 0) for a component the feed does not list.
func componentMissingProblem(view []inventory.WarehouseItem, zeroed bool) string {
	var named []string
	for _, it := range view {
		if it.Problem == inventory.ProblemComponentMissing {
			named = append(named, it.SKU+" ("+it.Bundle.Sentence()+")")
		}
	}
	if len(named) == 0 {
		return ""
	}
	sort.Strings(named)
	what := fmt.Sprintf("%s a component missing from the warehouse feed: %s", bundlesHave(len(named)), listSome(named))
	them, their := pronouns(len(named))
	if zeroed {
		return fmt.Sprintf("%s; the rules set %s to 0 in the store.", what, them)
	}
	return fmt.Sprintf("%s; the store still sells %s at %s old quantity. Put the component back in the feed, change the bundle, or set \"SKUs missing from the warehouse\" to 0 in the rules.", what, them, their)
}

func bundlesHave(n int) string {
	if n == 1 {
		return "1 bundle has"
	}
	return fmt.Sprintf("%d bundles have", n)
}
