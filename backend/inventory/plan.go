package inventory

import "sort"

// PlanInput is everything the planner needs; the engine gathers it.
type PlanInput struct {
	// Mode is the mode chosen for the run (ChooseMode); the planner follows it.
	Mode ModeChoice
	// Warehouse is the whole warehouse as best known: a full read, or the
	// stored catalogue overlaid with an incremental read.
	Warehouse []WarehouseItem
	// Store is the store's SKU index keyed by store SKU.
	Store map[string]StoreItem
	// StoreDuplicates are store SKUs listed more than once; never written.
	StoreDuplicates map[string]bool
	// StoreCreatesListings is true when the store makes a listing for a SKU
	// it does not have yet (the demo store), so no warehouse SKU is unmapped.
	StoreCreatesListings bool
	// Baseline and Pending are keyed by warehouse SKU.
	Baseline map[string]Baseline
	Pending  map[string]bool
	Rules    Rules
	// Partial says Warehouse, Store and Baseline hold only the SKUs that can
	// need a push (a Smart Sync's fast path); every other SKU is known to be
	// in sync.
	Partial bool
	// TurnOnTracking pushes the SKUs whose listing does not track stock
	// (the merchant chose "Turn on stock tracking for these"), whatever
	// the mode; otherwise they are never pushed.
	TurnOnTracking bool
	// StoreMoved are warehouse SKUs whose listing's quantity (in Store)
	// moved in the store since ShelfSync's last look: a sale, a hand edit,
	// another app. Such a SKU whose store quantity is not the published
	// one has drifted.
	StoreMoved map[string]bool
	// RepairDrift makes a Smart Sync push the drifted SKUs; otherwise they
	// are only listed (a Full Sync pushes every SKU anyway).
	RepairDrift bool
}

// Plan is what a sync will do. It is data only; the engine acts on it.
type Plan struct {
	Requested Mode
	Run       Mode
	// Reason explains a Run that differs from Requested.
	Reason string
	Pushes []Push
	// Changed counts SKUs whose published quantity differs from the baseline.
	Changed    int
	Ignored    int
	Unmapped   []Unmapped
	Duplicates []string
	// Drifted lists, by SKU, the SKUs whose store quantity moved since the
	// last look and is not the published quantity.
	Drifted []string
	// NotTracked lists, by SKU, the warehouse SKUs whose listing's stock the
	// store does not count; they are not pushed.
	NotTracked []string
	// Collisions are store listings two warehouse SKUs would feed; a plan
	// with any must not be pushed (the engine holds it).
	Collisions []Collision
	// Attention lists, by SKU, the items with a problem that were not
	// pushed (a missing SKU set to 0 by the rules is pushed instead).
	Attention []Attention
	// Published is every mapped SKU's published quantity, pushed or not,
	// keyed by warehouse SKU, so the engine can record the inventory view.
	Published map[string]int
	// LocationPublished is, on a connection with a location map
	// (MakeLocationPlan), each SKU's published quantity at each location.
	LocationPublished map[LocationKey]int
	// LocationDrifted is, on a connection with a location map, Drifted per
	// SKU and location (Drifted is then empty).
	LocationDrifted []LocationKey
}

// ReasonFirstUnfinished is recorded when a Smart Sync ran Full because the
// connection's first sync was cut off before it recorded the store.
const ReasonFirstUnfinished = "The first sync of this connection did not finish, so Smart Sync ran a Full Sync to set every quantity."

// ReasonNoBaseline is recorded when a Smart Sync had to run Full.
const ReasonNoBaseline = "This connection has never been synced, so Smart Sync ran a Full Sync to set every quantity first."

// MakePlan decides which SKUs to push in the mode chosen for the run. Full
// pushes every mapped SKU; Smart pushes SKUs whose published quantity
// differs from the confirmed baseline, plus the pending ones.
func MakePlan(in PlanInput) Plan {
	p := Plan{Requested: in.Mode.Requested, Run: in.Mode.Run, Reason: in.Mode.Reason, Published: make(map[string]int, len(in.Warehouse))}
	if in.Mode.Run == ModeFull {
		// A Full Sync pushes about every SKU: one allocation instead of a
		// slice regrown some twenty times (half of a 100,000-SKU plan's bytes).
		p.Pushes = make([]Push, 0, len(in.Warehouse))
	}

	// seenStore is, per store SKU, 1 + the index of the warehouse item that
	// feeds it, or 0 when only ignored SKUs name it.
	seenStore := make(map[string]int, len(in.Warehouse))
	for itemIndex, item := range in.Warehouse {
		storeSKU := in.Rules.StoreSKU(item.SKU)
		if in.Rules.IsIgnored(item.SKU) {
			if _, seen := seenStore[storeSKU]; !seen {
				seenStore[storeSKU] = 0
			}
			p.Ignored++
			continue
		}
		if first := seenStore[storeSKU]; first > 0 {
			a, b := in.Warehouse[first-1].SKU, item.SKU
			if b < a {
				a, b = b, a
			}
			p.Collisions = append(p.Collisions, Collision{StoreSKU: storeSKU, First: a, Second: b})
			continue
		}
		seenStore[storeSKU] = itemIndex + 1
		if in.StoreDuplicates[storeSKU] {
			p.Duplicates = append(p.Duplicates, storeSKU)
			continue
		}
		listing, listed := in.Store[storeSKU]
		if item.Problem == ProblemMissing && !listed && !in.StoreCreatesListings {
			continue // gone from both sides: nothing sells it
		}
		if item.Problem != ProblemNone && (!item.Problem.missing() || !in.Rules.MissingToZero) {
			p.Attention = append(p.Attention, Attention{SKU: item.SKU, Problem: item.Problem})
			continue
		}
		if !listed && !in.StoreCreatesListings {
			p.Unmapped = append(p.Unmapped, Unmapped{SKU: item.SKU, Side: SideWarehouse})
			continue
		}

		published := in.Rules.Published(item.Qty)
		if item.Problem.missing() {
			published = 0 // the merchant's rule, whatever the buffer or cap
		}
		p.Published[item.SKU] = published
		if listed && listing.Untracked {
			if !in.TurnOnTracking {
				p.NotTracked = append(p.NotTracked, item.SKU)
				continue
			}
			push := Push{SKU: item.SKU, StoreSKU: storeSKU, Ref: listing.Ref, ParentRef: listing.ParentRef,
				From: listing.Qty, FromKnown: true, To: published, Why: ReasonTrack, Item: itemIndex}
			p.Pushes = append(p.Pushes, push)
			continue
		}
		base, hasBase := in.Baseline[item.SKU]
		changed := !hasBase || base.Qty != published
		if changed {
			p.Changed++
		}

		drifted := listed && in.StoreMoved[item.SKU] && listing.Qty != published
		if drifted {
			p.Drifted = append(p.Drifted, item.SKU)
		}

		why := ReasonFull
		switch {
		case p.Run == ModeFull:
		case in.Pending[item.SKU]:
			why = ReasonPending
		case !hasBase:
			why = ReasonNew
		case changed:
			why = ReasonChanged
		case drifted && in.RepairDrift:
			why = ReasonDrift
		default:
			continue // Smart: the store already confirmed this quantity
		}

		push := Push{SKU: item.SKU, StoreSKU: storeSKU, To: published, Why: why, Item: itemIndex, Name: item.Name}
		if listed {
			push.Ref, push.ParentRef = listing.Ref, listing.ParentRef
			push.From, push.FromKnown = listing.Qty, true
		}
		p.Pushes = append(p.Pushes, push)
	}

	for sku := range in.Store {
		if _, seen := seenStore[sku]; !seen && !in.StoreDuplicates[sku] {
			p.Unmapped = append(p.Unmapped, Unmapped{SKU: sku, Side: SideStore})
		}
	}
	for sku := range in.StoreDuplicates {
		if _, seen := seenStore[sku]; !seen {
			p.Duplicates = append(p.Duplicates, sku)
		}
	}

	sort.Slice(p.Pushes, func(i, j int) bool { return p.Pushes[i].SKU < p.Pushes[j].SKU })
	sort.Slice(p.Unmapped, func(i, j int) bool {
		if p.Unmapped[i].Side != p.Unmapped[j].Side {
			return p.Unmapped[i].Side < p.Unmapped[j].Side
		}
		return p.Unmapped[i].SKU < p.Unmapped[j].SKU
	})
	sort.Strings(p.Duplicates)
	sort.Slice(p.Attention, func(i, j int) bool { return p.Attention[i].SKU < p.Attention[j].SKU })
	sort.Strings(p.NotTracked)
	sort.Strings(p.Drifted)
	sort.Slice(p.Collisions, func(i, j int) bool { return p.Collisions[i].StoreSKU < p.Collisions[j].StoreSKU })
	return p
}

// Batches splits pushes into slices of at most size, in order.
func Batches(pushes []Push, size int) [][]Push {
	if size <= 0 {
		size = len(pushes)
	}
	var out [][]Push
	for start := 0; start < len(pushes); start += size {
		end := min(start+size, len(pushes))
		out = append(out, pushes[start:end])
	}
	return out
}
