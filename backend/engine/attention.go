package engine

import (
	"fmt"
	"sort"
	"strings"

	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// attentionStates turns the planner's item problems into the states the
// Inventory tab shows, and back.
var attentionStates = map[inventory.ItemProblem]types.ItemState{
	inventory.ProblemMissing:     types.StateMissingFromFeed,
	inventory.ProblemConflicting: types.StateConflictingRows,
	inventory.ProblemInvalidQty:  types.StateInvalidQuantity,
	// A bundle whose component the feed does not list.
	inventory.ProblemComponentMissing: types.StateComponentMissing,
}

func problemOf(state types.ItemState) inventory.ItemProblem {
	for p, s := range attentionStates {
		if s == state {
			return p
		}
	}
	return inventory.ProblemNone
}

// fedBefore tells whether the warehouse listed a SKU at the last run, or
// stopped listing it at an earlier one.
func fedBefore(it storage.Item) bool {
	return it.WarehouseSeen || it.Attention == types.StateMissingFromFeed
}

// appendMissing adds to a complete read's view the SKUs the warehouse
// listed before and no longer does, where a store listing still sells
// them: they are missing from the feed, not unmapped, and their store
// quantity must not be left unremarked.
func appendMissing(view []inventory.WarehouseItem, stored map[string]storage.Item, createsListings bool) []inventory.WarehouseItem {
	before := 0
	for _, it := range stored {
		if fedBefore(it) {
			before++
		}
	}
	still := 0
	for _, it := range view {
		if r, ok := stored[it.SKU]; ok && fedBefore(r) {
			still++
		}
	}
	if still == before {
		return view // the usual case, found without a set of the view's SKUs
	}
	inView := make(map[string]bool, len(view))
	for _, it := range view {
		inView[it.SKU] = true
	}
	for sku, it := range stored {
		if fedBefore(it) && !inView[sku] && (it.StoreSeen || createsListings) {
			view = append(view, inventory.WarehouseItem{SKU: sku, Name: it.Name, Problem: inventory.ProblemMissing})
		}
	}
	return view
}

// countAttention puts the view's problems into the run's counts and words
// the missing SKUs for its history.
func countAttention(w *world, run *storage.SyncRun) {
	var missing []string
	for _, it := range w.view {
		if it.Problem == inventory.ProblemNone || w.rules.IsIgnored(it.SKU) {
			continue
		}
		switch it.Problem {
		case inventory.ProblemMissing:
			run.MissingFromFeed++
			missing = append(missing, it.SKU)
		case inventory.ProblemConflicting:
			run.ConflictingRows++
		case inventory.ProblemInvalidQty:
			run.InvalidQuantity++
		case inventory.ProblemComponentMissing:
			run.ComponentMissing++
		}
	}
	run.NotTracked = len(w.plan.NotTracked)
	if w.partial {
		run.NotTracked = max(run.NotTracked, w.counts.NotTracked)
	}
	run.Attention = len(w.plan.Attention) + run.NotTracked
	if problem := componentMissingProblem(w.view, w.rules.MissingToZero); problem != "" {
		run.Problems = append(run.Problems, problem)
	}
	if n := len(w.plan.NotTracked); n > 0 {
		run.Problems = append(run.Problems, fmt.Sprintf("The store does not track stock for %s (%s), so ShelfSync set no quantity there and the store keeps selling them even when the warehouse has none. Turn on stock tracking for these (Inventory, \"Not tracked in the store\", or shelfsync track).",
			plural(n, "SKU"), listSome(w.plan.NotTracked)))
	}
	if len(missing) == 0 {
		return
	}
	sort.Strings(missing)
	run.Problems = append(run.Problems, missingSentence(missing, w.rules.MissingToZero))
}

// missingSentence tells the merchant which SKUs left the feed (sorted)
// and what the store does with them.
func missingSentence(missing []string, zeroed bool) string {
	them, their := pronouns(len(missing))
	what := fmt.Sprintf("%s no longer in the warehouse feed (%s)", skusAre(len(missing)), listSome(missing))
	if zeroed {
		return fmt.Sprintf("%s; the rules set %s to 0 in the store.", what, them)
	}
	return fmt.Sprintf("%s; the store still sells %s at %s old quantity. Put %s back in the feed, or set \"SKUs missing from the warehouse\" to 0 in the rules.", what, them, their, them)
}

// listSome names up to five SKUs, then how many more.
func listSome(skus []string) string {
	named := strings.Join(skus[:min(5, len(skus))], ", ")
	if len(skus) > 5 {
		named += fmt.Sprintf(" and %d more", len(skus)-5)
	}
	return named
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// pronouns are what a sentence calls n things after naming them.
func pronouns(n int) (them, their string) {
	if n == 1 {
		return "it", "its"
	}
	return "them", "their"
}

func skusAre(n int) string {
	if n == 1 {
		return "1 SKU is"
	}
	return fmt.Sprintf("%d SKUs are", n)
}
