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
			p := MakePlan(PlanInput{Requested: tc.mode, Warehouse: warehouse, Store: store, Baseline: base, Rules: tc.rules})
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
