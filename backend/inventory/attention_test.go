package inventory

import (
	"reflect"
	"testing"
)

// Items the warehouse gave no usable quantity for are never pushed and
// never unmapped; they are listed for attention, except a missing SKU
// the merchant's rule sets to 0.
func TestItemsWithAProblemNeedAttentionInsteadOfAPush(t *testing.T) {
	store := storeOf(StoreItem{SKU: "GONE", Qty: 4, Ref: "g"}, StoreItem{SKU: "TWICE", Qty: 4, Ref: "t"},
		StoreItem{SKU: "BAD", Qty: 4, Ref: "b"}, StoreItem{SKU: "OK", Qty: 4, Ref: "o"})
	base := map[string]Baseline{"GONE": {Qty: 4}, "TWICE": {Qty: 4}, "BAD": {Qty: 4}, "OK": {Qty: 4}}
	warehouse := []WarehouseItem{
		{SKU: "GONE", Problem: ProblemMissing}, {SKU: "TWICE", Problem: ProblemConflicting},
		{SKU: "BAD", Problem: ProblemInvalidQty}, {SKU: "OK", Qty: 4},
		{SKU: "NOWHERE", Problem: ProblemMissing}, // gone from both sides
	}
	cases := []struct {
		name      string
		mode      Mode
		rules     Rules
		pushed    []string
		attention []Attention
	}{
		{"smart leaves them", ModeSmart, Rules{}, []string{},
			[]Attention{{"BAD", ProblemInvalidQty}, {"GONE", ProblemMissing}, {"TWICE", ProblemConflicting}}},
		{"full leaves them too", ModeFull, Rules{}, []string{"OK"},
			[]Attention{{"BAD", ProblemInvalidQty}, {"GONE", ProblemMissing}, {"TWICE", ProblemConflicting}}},
		{"missing set to zero", ModeSmart, Rules{MissingToZero: true}, []string{"GONE"},
			[]Attention{{"BAD", ProblemInvalidQty}, {"TWICE", ProblemConflicting}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := MakePlan(PlanInput{Mode: asked(tc.mode), Warehouse: warehouse, Store: store, Baseline: base, Rules: tc.rules})
			if got := pushedSKUs(p); !reflect.DeepEqual(got, tc.pushed) {
				t.Errorf("pushed %v, want %v", got, tc.pushed)
			}
			if !reflect.DeepEqual(p.Attention, tc.attention) {
				t.Errorf("attention %v, want %v", p.Attention, tc.attention)
			}
			if len(p.Unmapped) != 0 {
				t.Errorf("unmapped %v, want none", p.Unmapped)
			}
			for _, push := range p.Pushes {
				if push.SKU == "GONE" && push.To != 0 {
					t.Errorf("missing SKU pushed to %d, want 0 whatever the rules", push.To)
				}
			}
		})
	}
}

// Two warehouse SKUs feeding one listing are found, whether both are mapped
// to it or one is mapped onto a listing named like another warehouse SKU.
func TestAListingFedByTwoSKUsIsACollision(t *testing.T) {
	has := func(skus ...string) func(string) bool {
		return func(s string) bool {
			for _, k := range skus {
				if k == s {
					return true
				}
			}
			return false
		}
	}
	cases := []struct {
		name  string
		rules Rules
		has   func(string) bool
		want  *Collision
	}{
		{"two mapped onto one", Rules{Mapping: map[string]string{"B": "X", "C": "X"}}, has("B", "C"), &Collision{"X", "B", "C"}},
		{"mapped onto a fed listing", Rules{Mapping: map[string]string{"C": "B"}}, has("B", "C"), &Collision{"B", "B", "C"}},
		{"the listing's own SKU moved away", Rules{Mapping: map[string]string{"C": "B", "B": "Y"}}, has("B", "C"), nil},
		{"the listing's own SKU ignored", Rules{Mapping: map[string]string{"C": "B"}, Ignored: map[string]bool{"B": true}}, has("B", "C"), nil},
		{"no warehouse SKU of that name", Rules{Mapping: map[string]string{"A": "X"}}, has("A"), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, found := tc.rules.FindCollision(tc.has)
			if (tc.want == nil) == found || (found && got != *tc.want) {
				t.Fatalf("collision %+v (found %v), want %+v", got, found, tc.want)
			}
			// The planner meets the same collision in the warehouse.
			var wh []WarehouseItem
			for _, sku := range []string{"A", "B", "C"} {
				if tc.has(sku) {
					wh = append(wh, WarehouseItem{SKU: sku, Qty: 1})
				}
			}
			p := MakePlan(PlanInput{Mode: asked(ModeFull), Warehouse: wh, StoreCreatesListings: true, Rules: tc.rules})
			if (len(p.Collisions) > 0) != found || (found && p.Collisions[0] != got) {
				t.Errorf("plan collisions %+v, want %+v", p.Collisions, tc.want)
			}
		})
	}
}

// A listing whose stock the store does not count is never pushed, in any
// mode, and is listed as not tracked rather than unmapped.
func TestAnUntrackedListingIsNotPushedButListed(t *testing.T) {
	store := storeOf(StoreItem{SKU: "A", Qty: 4, Ref: "a", Untracked: true}, StoreItem{SKU: "B", Qty: 4, Ref: "b"})
	for _, mode := range []Mode{ModeFull, ModeSmart} {
		p := MakePlan(PlanInput{Mode: asked(mode), Warehouse: []WarehouseItem{{SKU: "A", Qty: 0}, {SKU: "B", Qty: 0}}, Store: store,
			Baseline: map[string]Baseline{"A": {Qty: 4}, "B": {Qty: 4}}})
		if got := pushedSKUs(p); !reflect.DeepEqual(got, []string{"B"}) || !reflect.DeepEqual(p.NotTracked, []string{"A"}) || len(p.Unmapped) != 0 {
			t.Errorf("%s: pushed %v, not tracked %v, unmapped %v; want B pushed and A not tracked", mode, got, p.NotTracked, p.Unmapped)
		}
		if p.Published["A"] != 0 {
			t.Errorf("%s: A's published quantity %d, want 0 (shown, not pushed)", mode, p.Published["A"])
		}
	}
}

// "Turn on stock tracking for these" pushes the untracked listings too,
// in any mode, saying why.
func TestTurningTrackingOnPushesTheUntrackedListings(t *testing.T) {
	store := storeOf(StoreItem{SKU: "A", Qty: 4, Ref: "a", Untracked: true}, StoreItem{SKU: "B", Qty: 4, Ref: "b"})
	p := MakePlan(PlanInput{Mode: asked(ModeSmart), Warehouse: []WarehouseItem{{SKU: "A", Qty: 0}, {SKU: "B", Qty: 4}}, Store: store,
		Baseline: map[string]Baseline{"A": {Qty: 4}, "B": {Qty: 4}}, TurnOnTracking: true})
	if len(p.Pushes) != 1 || p.Pushes[0].SKU != "A" || p.Pushes[0].Why != ReasonTrack || p.Pushes[0].To != 0 || len(p.NotTracked) != 0 {
		t.Fatalf("pushes %+v, not tracked %v; want A pushed to 0 to turn tracking on", p.Pushes, p.NotTracked)
	}
}

// A listing the store moved away from the published quantity has drifted:
// listed always, pushed by a Smart Sync only when asked to repair; one
// that moved to the published quantity has not drifted.
func TestAStoreThatMovedIsDriftAndRepairedOnlyWhenAsked(t *testing.T) {
	store := storeOf(StoreItem{SKU: "A", Qty: 9, Ref: "a"}, StoreItem{SKU: "B", Qty: 4, Ref: "b"}, StoreItem{SKU: "C", Qty: 4, Ref: "c"})
	in := PlanInput{Mode: asked(ModeSmart), Warehouse: []WarehouseItem{{SKU: "A", Qty: 4}, {SKU: "B", Qty: 4}, {SKU: "C", Qty: 4}}, Store: store,
		Baseline: map[string]Baseline{"A": {Qty: 4}, "B": {Qty: 4}, "C": {Qty: 4}}, StoreMoved: map[string]bool{"A": true, "B": true}}
	flag := MakePlan(in)
	if !reflect.DeepEqual(flag.Drifted, []string{"A"}) || len(flag.Pushes) != 0 {
		t.Fatalf("flag only: drifted %v, pushes %+v; want A drifted, nothing pushed", flag.Drifted, flag.Pushes)
	}
	in.RepairDrift = true
	repair := MakePlan(in)
	if len(repair.Pushes) != 1 || repair.Pushes[0].SKU != "A" || repair.Pushes[0].From != 9 || repair.Pushes[0].To != 4 || repair.Pushes[0].Why != ReasonDrift {
		t.Fatalf("repair: pushes %+v; want A from the 9 seen back to 4", repair.Pushes)
	}
}
