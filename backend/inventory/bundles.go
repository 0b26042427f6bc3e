package inventory

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Bundle is a store listing whose quantity is built from warehouse SKUs
// (a kit): GIFTBOX = 2 x MUG + 1 x TEA. Its SKU is the listing's; it is
// planned like a warehouse SKU whose quantity is the number of whole
// bundles the components make, and the connection's rules (buffer, cap,
// send 0 below, missing SKUs) then apply to that number, as to any listing.
type Bundle struct {
	SKU        string
	Components []Component
}

// Component is one warehouse SKU of a bundle and how many units of it one
// bundle takes.
type Component struct {
	SKU string
	Qty int
}

// BundleQty says how a bundle's quantity came about: the component that
// makes the fewest bundles limits it ("limited by MUG: 7 ÷ 2").
type BundleQty struct {
	// Limit is that component's SKU, LimitQty its warehouse quantity and
	// PerBundle the units one bundle takes; empty when a component has no
	// quantity to count with (Missing, or the item's Problem).
	Limit     string
	LimitQty  int
	PerBundle int
	// Missing lists the components the warehouse does not list.
	Missing []string
	// Unusable is a listed component whose quantity cannot be trusted
	// (conflicting rows, not a whole number).
	Unusable string
}

// Sentence says which component drove the bundle's number.
func (b BundleQty) Sentence() string {
	switch {
	case len(b.Missing) > 0:
		return fmt.Sprintf("component missing: %s not in the warehouse feed", strings.Join(b.Missing, ", "))
	case b.Unusable != "":
		return fmt.Sprintf("component %s has no usable quantity", b.Unusable)
	}
	return fmt.Sprintf("limited by %s: %d ÷ %d", b.Limit, b.LimitQty, b.PerBundle)
}

// BundleItems computes the warehouse item of each bundle from the view's
// components: the fewest whole bundles any component makes. A bundle with
// a component the view does not list (or lists as missing) gets
// ProblemComponentMissing; with a component whose quantity is not usable,
// that component's problem. Each item's Bundle says what limited it. A
// component at a negative quantity makes no bundles.
func BundleItems(view []WarehouseItem, bundles []Bundle) []WarehouseItem {
	if len(bundles) == 0 {
		return nil
	}
	wanted := make(map[string]bool)
	for _, b := range bundles {
		for _, c := range b.Components {
			wanted[c.SKU] = true
		}
	}
	components := make(map[string]WarehouseItem, len(wanted))
	for _, it := range view {
		if wanted[it.SKU] {
			components[it.SKU] = it
		}
	}
	out := make([]WarehouseItem, 0, len(bundles))
	for _, b := range bundles {
		why := &BundleQty{}
		item := WarehouseItem{SKU: b.SKU, Name: recipeName(b, components), Bundle: why}
		made := -1
		for _, c := range b.Components {
			it, ok := components[c.SKU]
			if !ok || it.Problem == ProblemMissing {
				why.Missing = append(why.Missing, c.SKU)
				continue
			}
			if it.UpdatedAt.After(item.UpdatedAt) {
				item.UpdatedAt = it.UpdatedAt
			}
			if it.Problem != ProblemNone {
				if why.Unusable == "" {
					why.Unusable, item.Problem = c.SKU, it.Problem
				}
				continue
			}
			n := max(it.Qty, 0) / c.Qty
			if made < 0 || n < made {
				made = n
				why.Limit, why.LimitQty, why.PerBundle = c.SKU, it.Qty, c.Qty
			}
		}
		switch {
		case len(why.Missing) > 0:
			item.Problem = ProblemComponentMissing
		case item.Problem == ProblemNone:
			item.Qty = made
			item.Facilities = bundleFacilities(b, components)
		}
		out = append(out, item)
	}
	return out
}

// recipeName names a bundle after what it is made of, "Bundle: 2 × Mug +
// 1 × TEA": a bundle has no warehouse record of its own to take a name
// from. A component the warehouse gives no name (or does not list) is
// named by its SKU.
func recipeName(b Bundle, components map[string]WarehouseItem) string {
	parts := make([]string, len(b.Components))
	for i, c := range b.Components {
		name := strings.TrimSpace(components[c.SKU].Name)
		if name == "" {
			name = c.SKU
		}
		parts[i] = fmt.Sprintf("%d × %s", c.Qty, name)
	}
	return "Bundle: " + strings.Join(parts, " + ")
}

// bundleFacilities is, for a warehouse that reports facilities, how many
// whole bundles each facility can make from what it holds itself; nil when
// no component is reported by facility. A location fed by several
// facilities then gets the sum of those, which never counts a bundle whose
// parts sit in two places (so it may publish fewer than the pooled stock
// would make: the side that never oversells).
func bundleFacilities(b Bundle, components map[string]WarehouseItem) map[string]int {
	var facilities []string
	for _, c := range b.Components {
		for f := range components[c.SKU].Facilities {
			if !slices.Contains(facilities, f) {
				facilities = append(facilities, f)
			}
		}
	}
	if len(facilities) == 0 {
		return nil
	}
	out := make(map[string]int, len(facilities))
	for _, f := range facilities {
		made := -1
		for _, c := range b.Components {
			n := max(components[c.SKU].Facilities[f], 0) / c.Qty
			if made < 0 || n < made {
				made = n
			}
		}
		out[f] = made
	}
	return out
}

// UsingAny returns the bundles with a component among skus.
func UsingAny(bundles []Bundle, skus map[string]bool) []Bundle {
	var out []Bundle
	for _, b := range bundles {
		for _, c := range b.Components {
			if skus[c.SKU] {
				out = append(out, b)
				break
			}
		}
	}
	return out
}

// CheckBundles refuses recipes ShelfSync could not publish, with a sentence
// naming the SKUs: a component quantity below 1, a component listed twice
// in one bundle, a bundle that contains itself, and a bundle used as a
// component of another (which includes every cycle): a bundle is built
// from warehouse SKUs only, so list the inner bundle's components instead.
func CheckBundles(bundles []Bundle) error {
	isBundle := make(map[string]bool, len(bundles))
	for _, b := range bundles {
		if strings.TrimSpace(b.SKU) == "" {
			return fmt.Errorf("a bundle has no SKU; give each bundle the SKU of its store listing")
		}
		if isBundle[b.SKU] {
			return fmt.Errorf("bundle %s is given twice; give each bundle once, with all its components", b.SKU)
		}
		isBundle[b.SKU] = true
	}
	for _, b := range bundles {
		if len(b.Components) == 0 {
			return fmt.Errorf("bundle %s has no components; add at least one warehouse SKU it is built from", b.SKU)
		}
		seen := map[string]bool{}
		for _, c := range b.Components {
			switch {
			case strings.TrimSpace(c.SKU) == "":
				return fmt.Errorf("bundle %s has a component without a SKU", b.SKU)
			case c.Qty < 1:
				return fmt.Errorf("bundle %s takes %d of %s; a bundle takes at least 1 unit of each component", b.SKU, c.Qty, c.SKU)
			case seen[c.SKU]:
				return fmt.Errorf("bundle %s lists %s twice; give it once with the total units per bundle", b.SKU, c.SKU)
			case c.SKU == b.SKU:
				return fmt.Errorf("bundle %s contains itself; a bundle is built from warehouse SKUs, not from its own listing", b.SKU)
			}
			seen[c.SKU] = true
		}
	}
	for _, b := range bundles {
		for _, c := range b.Components {
			if !isBundle[c.SKU] {
				continue
			}
			if path := cycleThrough(bundles, b.SKU); path != nil {
				return fmt.Errorf("bundles %s form a cycle; a bundle cannot be built, even indirectly, from itself", strings.Join(path, " → "))
			}
			return fmt.Errorf("%s is a bundle and also a component of bundle %s; a bundle is built from warehouse SKUs only, so list %s's components in %s instead", c.SKU, b.SKU, c.SKU, b.SKU)
		}
	}
	return nil
}

// cycleThrough is the path of bundles from start back to start, or nil.
func cycleThrough(bundles []Bundle, start string) []string {
	uses := make(map[string][]string, len(bundles))
	for _, b := range bundles {
		for _, c := range b.Components {
			uses[b.SKU] = append(uses[b.SKU], c.SKU)
		}
	}
	visited := map[string]bool{}
	var walk func(at string, path []string) []string
	walk = func(at string, path []string) []string {
		for _, next := range uses[at] {
			if next == start {
				return append(path, start)
			}
			if visited[next] {
				continue
			}
			visited[next] = true
			if found := walk(next, append(path, next)); found != nil {
				return found
			}
		}
		return nil
	}
	return walk(start, []string{start})
}

// SortBundles orders bundles by SKU and each one's components by SKU, the
// order they are stored, listed and computed in.
func SortBundles(bundles []Bundle) {
	sort.Slice(bundles, func(i, j int) bool { return bundles[i].SKU < bundles[j].SKU })
	for _, b := range bundles {
		sort.Slice(b.Components, func(i, j int) bool { return b.Components[i].SKU < b.Components[j].SKU })
	}
}
