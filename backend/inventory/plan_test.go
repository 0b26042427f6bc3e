package inventory

import (
	"reflect"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func storeOf(items ...StoreItem) map[string]StoreItem {
	m := map[string]StoreItem{}
	for _, it := range items {
		m[it.SKU] = it
	}
	return m
}

func pushedSKUs(p Plan) []string {
	out := []string{}
	for _, push := range p.Pushes {
		out = append(out, push.SKU)
	}
	return out
}

// The worked example from the help article: syncs at 2 PM and 3 PM on
// March 2, 2020; between them only A changed (7 -> 5 at 2:30 PM).
func TestWorkedExampleSmartPushesOnlyAFullPushesAll(t *testing.T) {
	at3PM := []WarehouseItem{
		{SKU: "A", Qty: 5, UpdatedAt: at("2020-03-02 14:30")},
		{SKU: "B", Qty: 10, UpdatedAt: at("2020-03-02 13:30")},
		{SKU: "C", Qty: 3, UpdatedAt: at("2020-02-25 11:00")},
	}
	store := storeOf(StoreItem{SKU: "A", Qty: 7, Ref: "a"}, StoreItem{SKU: "B", Qty: 10, Ref: "b"}, StoreItem{SKU: "C", Qty: 3, Ref: "c"})
	confirmedAt2PM := map[string]Baseline{
		"A": {Qty: 7, ConfirmedAt: at("2020-03-02 14:00")},
		"B": {Qty: 10, ConfirmedAt: at("2020-03-02 14:00")},
		"C": {Qty: 3, ConfirmedAt: at("2020-03-02 14:00")},
	}

	smart := MakePlan(PlanInput{Mode: asked(ModeSmart), Warehouse: at3PM, Store: store, Baseline: confirmedAt2PM})
	if got := pushedSKUs(smart); !reflect.DeepEqual(got, []string{"A"}) {
		t.Fatalf("Smart at 3 PM pushed %v, want [A]", got)
	}
	a := smart.Pushes[0]
	if a.From != 7 || a.To != 5 || !a.FromKnown || a.Why != ReasonChanged || a.Ref != "a" {
		t.Errorf("push of A = %+v, want 7 -> 5 with ref a, reason changed", a)
	}

	full := MakePlan(PlanInput{Mode: asked(ModeFull), Warehouse: at3PM, Store: store, Baseline: confirmedAt2PM})
	if got := pushedSKUs(full); !reflect.DeepEqual(got, []string{"A", "B", "C"}) {
		t.Fatalf("Full at 3 PM pushed %v, want [A B C]", got)
	}
}

func TestSmartPlan(t *testing.T) {
	now := at("2026-11-26 10:00")
	tests := []struct {
		name       string
		in         PlanInput
		wantRun    Mode
		wantPushed []string
		wantWhy    map[string]PushReason
	}{
		{
			name: "no baseline runs full and says why",
			in: PlanInput{
				Mode:      ChooseMode(ModeSmart, BaselineState{}),
				Warehouse: []WarehouseItem{{SKU: "A", Qty: 1}, {SKU: "B", Qty: 2}},
				Store:     storeOf(StoreItem{SKU: "A"}, StoreItem{SKU: "B"}),
			},
			wantRun:    ModeFull,
			wantPushed: []string{"A", "B"},
			wantWhy:    map[string]PushReason{"A": ReasonFull, "B": ReasonFull},
		},
		{
			name: "a first sync cut off mid-push left some baselines: still full",
			in: PlanInput{
				Mode:      ChooseMode(ModeSmart, BaselineState{HasBaseline: true, NeverFinished: true}),
				Warehouse: []WarehouseItem{{SKU: "A", Qty: 1}, {SKU: "B", Qty: 2}},
				Store:     storeOf(StoreItem{SKU: "A", Qty: 1}, StoreItem{SKU: "B"}),
				Baseline:  map[string]Baseline{"A": {Qty: 1}},
			},
			wantRun:    ModeFull,
			wantPushed: []string{"A", "B"},
			wantWhy:    map[string]PushReason{"A": ReasonFull, "B": ReasonFull},
		},
		{
			name: "change time moved but quantity did not: not pushed",
			in: PlanInput{
				Mode:      asked(ModeSmart),
				Warehouse: []WarehouseItem{{SKU: "A", Qty: 4, UpdatedAt: now}},
				Store:     storeOf(StoreItem{SKU: "A", Qty: 4}),
				Baseline:  map[string]Baseline{"A": {Qty: 4}},
			},
			wantRun:    ModeSmart,
			wantPushed: []string{},
		},
		{
			name: "pending SKUs are retried even when unchanged",
			in: PlanInput{
				Mode:      asked(ModeSmart),
				Warehouse: []WarehouseItem{{SKU: "A", Qty: 4}, {SKU: "B", Qty: 9}},
				Store:     storeOf(StoreItem{SKU: "A", Qty: 4}, StoreItem{SKU: "B", Qty: 2}),
				Baseline:  map[string]Baseline{"A": {Qty: 4}, "B": {Qty: 9}},
				Pending:   map[string]bool{"B": true},
			},
			wantRun:    ModeSmart,
			wantPushed: []string{"B"},
			wantWhy:    map[string]PushReason{"B": ReasonPending},
		},
		{
			name: "a SKU new since the last sync is pushed",
			in: PlanInput{
				Mode:      asked(ModeSmart),
				Warehouse: []WarehouseItem{{SKU: "A", Qty: 4}, {SKU: "N", Qty: 3}},
				Store:     storeOf(StoreItem{SKU: "A", Qty: 4}, StoreItem{SKU: "N", Qty: 0}),
				Baseline:  map[string]Baseline{"A": {Qty: 4}},
			},
			wantRun:    ModeSmart,
			wantPushed: []string{"N"},
			wantWhy:    map[string]PushReason{"N": ReasonNew},
		},
		{
			name: "rules decide what changed: a buffer absorbs a drop above it",
			in: PlanInput{
				Mode:      asked(ModeSmart),
				Warehouse: []WarehouseItem{{SKU: "A", Qty: 150}, {SKU: "B", Qty: 3}},
				Store:     storeOf(StoreItem{SKU: "A", Qty: 100}, StoreItem{SKU: "B", Qty: 2}),
				Baseline:  map[string]Baseline{"A": {Qty: 100}, "B": {Qty: 2}},
				Rules:     Rules{Buffer: 1, Cap: 100},
			},
			wantRun:    ModeSmart,
			wantPushed: []string{},
		},
		{
			name: "ignored SKUs are never pushed",
			in: PlanInput{
				Mode:      asked(ModeFull),
				Warehouse: []WarehouseItem{{SKU: "A", Qty: 1}, {SKU: "X", Qty: 2}},
				Store:     storeOf(StoreItem{SKU: "A"}, StoreItem{SKU: "X"}),
				Rules:     Rules{Ignored: map[string]bool{"X": true}},
			},
			wantRun:    ModeFull,
			wantPushed: []string{"A"},
		},
		{
			name: "a store that creates listings maps warehouse-only SKUs",
			in: PlanInput{
				Mode:                 asked(ModeFull),
				Warehouse:            []WarehouseItem{{SKU: "A", Qty: 1}},
				StoreCreatesListings: true,
			},
			wantRun:    ModeFull,
			wantPushed: []string{"A"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := MakePlan(tt.in)
			if p.Run != tt.wantRun {
				t.Errorf("ran %s, want %s", p.Run, tt.wantRun)
			}
			if p.Run != p.Requested && p.Reason == "" {
				t.Errorf("mode changed from %s to %s without a reason", p.Requested, p.Run)
			}
			if got := pushedSKUs(p); !reflect.DeepEqual(got, tt.wantPushed) {
				t.Errorf("pushed %v, want %v", got, tt.wantPushed)
			}
			for _, push := range p.Pushes {
				if want, ok := tt.wantWhy[push.SKU]; ok && push.Why != want {
					t.Errorf("%s pushed because %s, want %s", push.SKU, push.Why, want)
				}
			}
		})
	}
}

func TestSKUsOnOneSideAreReportedNotGuessed(t *testing.T) {
	p := MakePlan(PlanInput{
		Mode:            asked(ModeFull),
		Warehouse:       []WarehouseItem{{SKU: "BOTH", Qty: 1}, {SKU: "WH-ONLY", Qty: 2}, {SKU: "DUP", Qty: 3}},
		Store:           storeOf(StoreItem{SKU: "BOTH"}, StoreItem{SKU: "STORE-ONLY"}),
		StoreDuplicates: map[string]bool{"DUP": true},
	})
	if got := pushedSKUs(p); !reflect.DeepEqual(got, []string{"BOTH"}) {
		t.Fatalf("pushed %v, want only BOTH", got)
	}
	want := []Unmapped{{SKU: "STORE-ONLY", Side: SideStore}, {SKU: "WH-ONLY", Side: SideWarehouse}}
	if !reflect.DeepEqual(p.Unmapped, want) {
		t.Errorf("unmapped = %v, want %v", p.Unmapped, want)
	}
	if !reflect.DeepEqual(p.Duplicates, []string{"DUP"}) {
		t.Errorf("duplicates = %v, want [DUP]", p.Duplicates)
	}
}

func TestMappingRenamesWarehouseSKUToStoreSKU(t *testing.T) {
	p := MakePlan(PlanInput{
		Mode:      asked(ModeFull),
		Warehouse: []WarehouseItem{{SKU: "WH-1", Qty: 5}},
		Store:     storeOf(StoreItem{SKU: "SHOP-1", Qty: 2, Ref: "r1"}),
		Rules:     Rules{Mapping: map[string]string{"WH-1": "SHOP-1"}},
	})
	if len(p.Pushes) != 1 || p.Pushes[0].StoreSKU != "SHOP-1" || p.Pushes[0].Ref != "r1" || p.Pushes[0].To != 5 {
		t.Fatalf("pushes = %+v, want WH-1 written to SHOP-1 (r1) as 5", p.Pushes)
	}
	if len(p.Unmapped) != 0 {
		t.Errorf("unmapped = %v, want none", p.Unmapped)
	}
}

func TestPublishedQuantity(t *testing.T) {
	tests := []struct {
		rules Rules
		qty   int
		want  int
	}{
		{Rules{}, 7, 7},
		{Rules{}, -3, 0},
		{Rules{Buffer: 2}, 7, 5},
		{Rules{Buffer: 10}, 7, 0},
		{Rules{Cap: 50}, 80, 50},
		{Rules{ZeroBelow: 3}, 2, 0},
		{Rules{ZeroBelow: 3}, 3, 3},
		{Rules{Buffer: 2, ZeroBelow: 3}, 4, 0},
		{Rules{Buffer: 2, ZeroBelow: 3, Cap: 10}, 100, 10},
	}
	for _, tt := range tests {
		if got := tt.rules.Published(tt.qty); got != tt.want {
			t.Errorf("%+v.Published(%d) = %d, want %d", tt.rules, tt.qty, got, tt.want)
		}
	}
}

// Whatever the rules, a published quantity is never negative and never
// above the cap or the warehouse quantity.
func TestPublishedQuantityStaysWithinBounds(t *testing.T) {
	for buffer := 0; buffer < 5; buffer++ {
		for zeroBelow := 0; zeroBelow < 5; zeroBelow++ {
			for _, cap := range []int{0, 3, 50} {
				r := Rules{Buffer: buffer, ZeroBelow: zeroBelow, Cap: cap}
				for qty := -2; qty < 60; qty++ {
					got := r.Published(qty)
					if got < 0 || (cap > 0 && got > cap) || (qty >= 0 && got > qty) {
						t.Fatalf("%+v.Published(%d) = %d is out of bounds", r, qty, got)
					}
				}
			}
		}
	}
}

func TestBatchesSplitAtTheStoreMaximum(t *testing.T) {
	pushes := make([]Push, 501)
	got := Batches(pushes, 250)
	if len(got) != 3 || len(got[0]) != 250 || len(got[1]) != 250 || len(got[2]) != 1 {
		t.Fatalf("batches of 501 at 250 = %d batches", len(got))
	}
	if len(Batches(nil, 250)) != 0 {
		t.Errorf("no pushes should make no batches")
	}
}

// asked is the choice for a connection with a finished sync behind it,
// where the mode asked for is the mode run.
func asked(m Mode) ModeChoice { return ChooseMode(m, BaselineState{HasBaseline: true}) }
