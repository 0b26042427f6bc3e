package inventory

import (
	"reflect"
	"strings"
	"testing"
)

// giftbox is GIFTBOX = 2 x MUG + 1 x TEA.
var giftbox = Bundle{SKU: "GIFTBOX", Components: []Component{{SKU: "MUG", Qty: 2}, {SKU: "TEA", Qty: 1}}}

func bundleOf(sku string, parts ...Component) Bundle { return Bundle{SKU: sku, Components: parts} }

func TestABundlePublishesTheFewestWholeBundlesItsComponentsMake(t *testing.T) {
	cases := []struct {
		name      string
		warehouse []WarehouseItem
		bundles   []Bundle
		rules     Rules
		want      map[string]int // published, by SKU
		why       string         // GIFTBOX's explanation
	}{
		{
			name:      "the min of components, each floored by its units per bundle",
			warehouse: []WarehouseItem{{SKU: "MUG", Qty: 7}, {SKU: "TEA", Qty: 5}},
			bundles:   []Bundle{giftbox},
			want:      map[string]int{"MUG": 7, "TEA": 5, "GIFTBOX": 3},
			why:       "limited by MUG: 7 ÷ 2",
		},
		{
			name:      "the other component limits when it makes fewer",
			warehouse: []WarehouseItem{{SKU: "MUG", Qty: 40}, {SKU: "TEA", Qty: 4}},
			bundles:   []Bundle{giftbox},
			want:      map[string]int{"MUG": 40, "TEA": 4, "GIFTBOX": 4},
			why:       "limited by TEA: 4 ÷ 1",
		},
		{
			name:      "a component at 0 makes no bundles",
			warehouse: []WarehouseItem{{SKU: "MUG", Qty: 0}, {SKU: "TEA", Qty: 50}},
			bundles:   []Bundle{giftbox},
			want:      map[string]int{"MUG": 0, "TEA": 50, "GIFTBOX": 0},
			why:       "limited by MUG: 0 ÷ 2",
		},
		{
			name:      "a component below its units per bundle makes no bundles",
			warehouse: []WarehouseItem{{SKU: "MUG", Qty: 1}, {SKU: "TEA", Qty: 50}},
			bundles:   []Bundle{giftbox},
			want:      map[string]int{"MUG": 1, "TEA": 50, "GIFTBOX": 0},
			why:       "limited by MUG: 1 ÷ 2",
		},
		{
			name:      "a negative component quantity makes no bundles",
			warehouse: []WarehouseItem{{SKU: "MUG", Qty: -3}, {SKU: "TEA", Qty: 50}},
			bundles:   []Bundle{giftbox},
			want:      map[string]int{"MUG": 0, "TEA": 50, "GIFTBOX": 0},
			why:       "limited by MUG: -3 ÷ 2",
		},
		{
			name:      "the rules apply to the bundle's number, not to each component",
			warehouse: []WarehouseItem{{SKU: "MUG", Qty: 20}, {SKU: "TEA", Qty: 9}},
			bundles:   []Bundle{giftbox},
			rules:     Rules{Buffer: 2, Cap: 6},
			want:      map[string]int{"MUG": 6, "TEA": 6, "GIFTBOX": 6}, // 9 bundles - 2 = 7, capped at 6
			why:       "limited by TEA: 9 ÷ 1",
		},
		{
			name:      "an ignored component is not written but still builds its bundles",
			warehouse: []WarehouseItem{{SKU: "MUG", Qty: 10}, {SKU: "TEA", Qty: 9}},
			bundles:   []Bundle{giftbox},
			rules:     Rules{Ignored: map[string]bool{"MUG": true}},
			want:      map[string]int{"TEA": 9, "GIFTBOX": 5},
			why:       "limited by MUG: 10 ÷ 2",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			view := append(c.warehouse, BundleItems(c.warehouse, c.bundles)...)
			p := MakePlan(PlanInput{Mode: asked(ModeFull), Warehouse: view, StoreCreatesListings: true, Rules: c.rules})
			if !reflect.DeepEqual(p.Published, c.want) {
				t.Errorf("published %v, want %v", p.Published, c.want)
			}
			if got := view[len(view)-1].Bundle.Sentence(); got != c.why {
				t.Errorf("GIFTBOX says %q, want %q", got, c.why)
			}
		})
	}
}

// Twenty bundles over thirty components, in the shape of the must-show
// scenario: a shared component's change moves exactly the bundles using
// it (and the component, which is listed too); nothing else is pushed.
func TestSmartPushesExactlyTheBundlesUsingAChangedSharedComponent(t *testing.T) {
	var warehouse []WarehouseItem
	for i := range 30 {
		warehouse = append(warehouse, WarehouseItem{SKU: comp(i), Qty: 100})
	}
	var bundles []Bundle
	for b := range 20 {
		// Each bundle takes three components; C00 is in every fifth one.
		parts := []Component{{SKU: comp(1 + b%29), Qty: 1}, {SKU: comp(1 + (b+7)%29), Qty: 2}}
		if b%5 == 0 {
			parts = append(parts, Component{SKU: comp(0), Qty: 3})
		}
		bundles = append(bundles, bundleOf("KIT"+comp(b), parts...))
	}
	before := append(append([]WarehouseItem{}, warehouse...), BundleItems(warehouse, bundles)...)
	full := MakePlan(PlanInput{Mode: asked(ModeFull), Warehouse: before, StoreCreatesListings: true})
	baseline := map[string]Baseline{}
	for sku, q := range full.Published {
		baseline[sku] = Baseline{Qty: q}
	}

	warehouse[0].Qty = 30 // C00: 100 -> 30, which now limits each bundle using it to 10
	after := append(append([]WarehouseItem{}, warehouse...), BundleItems(warehouse, bundles)...)
	smart := MakePlan(PlanInput{Mode: asked(ModeSmart), Warehouse: after, StoreCreatesListings: true, Baseline: baseline})

	want := []string{"C00", "KITC00", "KITC05", "KITC10", "KITC15"}
	if got := pushedSKUs(smart); !reflect.DeepEqual(got, want) {
		t.Fatalf("Smart after C00 changed pushed %v, want %v", got, want)
	}
	for _, p := range smart.Pushes[1:] {
		if p.From != 0 || p.To != 10 || p.Why != ReasonChanged {
			t.Errorf("push of %s = %+v, want to 10 because it changed", p.SKU, p)
		}
	}
}

func comp(i int) string { return "C" + string(rune('0'+i/10)) + string(rune('0'+i%10)) }

// A component that does not limit its bundle can change without moving
// the bundle's number: Smart then pushes the component only.
func TestSmartLeavesABundleWhoseNumberAComponentChangeDidNotMove(t *testing.T) {
	was := []WarehouseItem{{SKU: "MUG", Qty: 40}, {SKU: "TEA", Qty: 4}}
	now := []WarehouseItem{{SKU: "MUG", Qty: 30}, {SKU: "TEA", Qty: 4}}
	baseline := map[string]Baseline{"MUG": {Qty: 40}, "TEA": {Qty: 4}, "GIFTBOX": {Qty: 4}}
	if got := BundleItems(was, []Bundle{giftbox})[0].Qty; got != 4 {
		t.Fatalf("GIFTBOX made %d before, want 4", got)
	}
	p := MakePlan(PlanInput{Mode: asked(ModeSmart), Warehouse: append(now, BundleItems(now, []Bundle{giftbox})...),
		StoreCreatesListings: true, Baseline: baseline})
	if got := pushedSKUs(p); !reflect.DeepEqual(got, []string{"MUG"}) {
		t.Fatalf("Smart pushed %v, want [MUG]", got)
	}
}

func TestABundleWithAMissingComponentNeedsAttentionOrZeroByTheMissingRule(t *testing.T) {
	warehouse := []WarehouseItem{{SKU: "MUG", Qty: 10}} // TEA is not in the feed
	view := append(warehouse, BundleItems(warehouse, []Bundle{giftbox})...)
	if got := view[1].Bundle.Sentence(); got != "component missing: TEA not in the warehouse feed" {
		t.Errorf("GIFTBOX says %q", got)
	}
	store := storeOf(StoreItem{SKU: "MUG", Qty: 10, Ref: "m"}, StoreItem{SKU: "GIFTBOX", Qty: 4, Ref: "g"})

	left := MakePlan(PlanInput{Mode: asked(ModeFull), Warehouse: view, Store: store})
	if got := pushedSKUs(left); !reflect.DeepEqual(got, []string{"MUG"}) {
		t.Errorf("with missing SKUs left alone, Full pushed %v, want [MUG]", got)
	}
	if want := []Attention{{SKU: "GIFTBOX", Problem: ProblemComponentMissing}}; !reflect.DeepEqual(left.Attention, want) {
		t.Errorf("attention %v, want %v", left.Attention, want)
	}

	zeroed := MakePlan(PlanInput{Mode: asked(ModeFull), Warehouse: view, Store: store, Rules: Rules{MissingToZero: true, Buffer: 2}})
	if got := pushedSKUs(zeroed); !reflect.DeepEqual(got, []string{"GIFTBOX", "MUG"}) || zeroed.Pushes[0].To != 0 || len(zeroed.Attention) != 0 {
		t.Errorf("with missing SKUs set to 0, Full pushed %+v (attention %v), want GIFTBOX to 0 and MUG", zeroed.Pushes, zeroed.Attention)
	}
}

func TestABundleWithAComponentOfNoUsableQuantityTakesItsProblem(t *testing.T) {
	warehouse := []WarehouseItem{{SKU: "MUG", Qty: 10, Problem: ProblemConflicting}, {SKU: "TEA", Qty: 10}}
	item := BundleItems(warehouse, []Bundle{giftbox})[0]
	if item.Problem != ProblemConflicting || item.Bundle.Sentence() != "component MUG has no usable quantity" {
		t.Errorf("GIFTBOX = problem %v, %q", item.Problem, item.Bundle.Sentence())
	}
	p := MakePlan(PlanInput{Mode: asked(ModeFull), Warehouse: append(warehouse, item), StoreCreatesListings: true, Rules: Rules{MissingToZero: true}})
	if got := pushedSKUs(p); !reflect.DeepEqual(got, []string{"TEA"}) {
		t.Errorf("Full pushed %v, want only TEA: a count that cannot be trusted is never zeroed", got)
	}
}

func TestCheckBundlesRefusesRecipesThatCannotBePublished(t *testing.T) {
	cases := []struct {
		name    string
		bundles []Bundle
		want    string // in the sentence; "" for accepted
	}{
		{"two bundles sharing components", []Bundle{giftbox, bundleOf("DUO", Component{"MUG", 2})}, ""},
		{"a quantity below 1", []Bundle{bundleOf("DUO", Component{"MUG", 0})}, "bundle DUO takes 0 of MUG; a bundle takes at least 1 unit"},
		{"a bundle containing itself", []Bundle{bundleOf("DUO", Component{"DUO", 1})}, "bundle DUO contains itself"},
		{"a bundle that is also a component", []Bundle{giftbox, bundleOf("BIG", Component{"GIFTBOX", 2}, Component{"TEA", 1})},
			"GIFTBOX is a bundle and also a component of bundle BIG"},
		{"a cycle", []Bundle{bundleOf("A", Component{"B", 1}), bundleOf("B", Component{"C", 1}), bundleOf("C", Component{"A", 1})},
			"bundles A → B → C → A form a cycle"},
		{"a component twice", []Bundle{bundleOf("DUO", Component{"MUG", 1}, Component{"MUG", 1})}, "bundle DUO lists MUG twice"},
		{"no components", []Bundle{bundleOf("DUO")}, "bundle DUO has no components"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckBundles(c.bundles)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want a sentence with %q", err, c.want)
			}
		})
	}
}

// A warehouse that reports facilities: each facility makes the bundles its
// own stock makes, so a location fed by one facility publishes those.
func TestABundleAtAFacilityIsMadeFromThatFacilitysComponents(t *testing.T) {
	warehouse := []WarehouseItem{
		{SKU: "MUG", Qty: 10, Facilities: map[string]int{"east": 7, "west": 3}},
		{SKU: "TEA", Qty: 9, Facilities: map[string]int{"east": 1, "west": 8}},
	}
	kit := BundleItems(warehouse, []Bundle{giftbox})[0]
	if want := map[string]int{"east": 1, "west": 1}; !reflect.DeepEqual(kit.Facilities, want) || kit.Qty != 5 {
		t.Errorf("GIFTBOX = %d, by facility %v; want 5 in all (10 ÷ 2) and %v", kit.Qty, kit.Facilities, want)
	}
	if got := FeedQty(kit, []string{"west"}); got != 1 {
		t.Errorf("GIFTBOX fed by west = %d, want 1 (3 mugs ÷ 2)", got)
	}
}

// A bundle has no warehouse record to take a name from: it is named after
// its recipe, by its components' names (a SKU where the warehouse gives
// none, or lacks the component), and a listing created for it carries
// that name.
func TestABundleIsNamedAfterItsRecipe(t *testing.T) {
	view := []WarehouseItem{{SKU: "MUG", Name: "Stoneware Mug", Qty: 7}, {SKU: "TEA", Qty: 5}}
	kits := []Bundle{giftbox, bundleOf("DUO", Component{SKU: "MUG", Qty: 1}, Component{SKU: "SPOON", Qty: 3})}
	got := map[string]string{}
	for _, it := range BundleItems(view, kits) {
		got[it.SKU] = it.Name
	}
	want := map[string]string{"GIFTBOX": "Bundle: 2 × Stoneware Mug + 1 × TEA", "DUO": "Bundle: 1 × Stoneware Mug + 3 × SPOON"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bundle names %v, want %v", got, want)
	}

	plan := MakePlan(PlanInput{Mode: asked(ModeFull), Warehouse: append(view, BundleItems(view, kits[:1])...), StoreCreatesListings: true})
	named := map[string]string{}
	for _, p := range plan.Pushes {
		named[p.SKU] = p.Name
	}
	if named["GIFTBOX"] != want["GIFTBOX"] || named["MUG"] != "Stoneware Mug" {
		t.Errorf("pushes named %v, want GIFTBOX %q and MUG its warehouse name", named, want["GIFTBOX"])
	}
}
