package inventory

import (
	"fmt"
	"reflect"
	"testing"
)

// located lists a plan's pushes as "SKU@location=qty".
func located(p Plan) []string {
	out := []string{}
	for _, push := range p.Pushes {
		out = append(out, fmt.Sprintf("%s@%s=%d", push.SKU, push.Location, push.To))
	}
	return out
}

// confirmed is a baseline per SKU and location, from "SKU@location" keys.
func confirmed(qtys map[string]int) map[LocationKey]Baseline {
	out := map[LocationKey]Baseline{}
	for key, q := range qtys {
		var k LocationKey
		for i := range key {
			if key[i] == '@' {
				k = LocationKey{SKU: key[:i], Location: key[i+1:]}
			}
		}
		out[k] = Baseline{Qty: q}
	}
	return out
}

func TestLocationPlan(t *testing.T) {
	// MUG is 5 at east and 3 at west; TEA 2 at east only.
	warehouse := []WarehouseItem{
		{SKU: "MUG", Qty: 8, Facilities: map[string]int{"east": 5, "west": 3}},
		{SKU: "TEA", Qty: 2, Facilities: map[string]int{"east": 2}},
	}
	store := storeOf(
		StoreItem{SKU: "MUG", Ref: "m", Locations: map[string]int{"shop": 0, "popup": 0}},
		StoreItem{SKU: "TEA", Ref: "t", Locations: map[string]int{"shop": 0, "popup": 0}},
	)
	tests := []struct {
		name     string
		mode     Mode
		locMap   LocationMap
		baseline map[string]int
		pending  []LocationKey
		// what the warehouse holds instead, when set
		warehouse []WarehouseItem
		want      []string
		published map[string]int
	}{
		{
			name:      "one facility to one location each",
			mode:      ModeFull,
			locMap:    LocationMap{"shop": {"east"}, "popup": {"west"}},
			want:      []string{"MUG@popup=3", "MUG@shop=5", "TEA@popup=0", "TEA@shop=2"},
			published: map[string]int{"MUG": 8, "TEA": 2},
		},
		{
			name:      "many facilities summed into one location",
			mode:      ModeFull,
			locMap:    LocationMap{"shop": {"east", "west"}},
			want:      []string{"MUG@shop=8", "TEA@shop=2"},
			published: map[string]int{"MUG": 8, "TEA": 2},
		},
		{
			name:      "a facility mapped nowhere feeds no location",
			mode:      ModeFull,
			locMap:    LocationMap{"shop": {"east"}},
			want:      []string{"MUG@shop=5", "TEA@shop=2"},
			published: map[string]int{"MUG": 5, "TEA": 2},
		},
		{
			name:      "every facility, as a warehouse without facilities has",
			mode:      ModeFull,
			locMap:    LocationMap{"shop": {AllFacilities}, "popup": {}},
			want:      []string{"MUG@shop=8", "TEA@shop=2"},
			published: map[string]int{"MUG": 8, "TEA": 2},
		},
		{
			name:     "a change at one facility pushes only the location it feeds",
			mode:     ModeSmart,
			locMap:   LocationMap{"shop": {"east"}, "popup": {"west"}},
			baseline: map[string]int{"MUG@shop": 5, "MUG@popup": 2, "TEA@shop": 2, "TEA@popup": 0},
			want:     []string{"MUG@popup=3"},
		},
		{
			name:     "a change at a facility mapped nowhere pushes nothing",
			mode:     ModeSmart,
			locMap:   LocationMap{"shop": {"east"}},
			baseline: map[string]int{"MUG@shop": 5, "TEA@shop": 2},
			warehouse: []WarehouseItem{
				{SKU: "MUG", Qty: 9, Facilities: map[string]int{"east": 5, "west": 4}},
				{SKU: "TEA", Qty: 2, Facilities: map[string]int{"east": 2}},
			},
			want: []string{},
		},
		{
			name:     "a change at a facility feeding one location with another pushes that location",
			mode:     ModeSmart,
			locMap:   LocationMap{"shop": {"east", "west"}, "popup": {"east"}},
			baseline: map[string]int{"MUG@shop": 7, "MUG@popup": 5, "TEA@shop": 2, "TEA@popup": 2},
			want:     []string{"MUG@shop=8"},
		},
		{
			name:     "a failed write is retried at its location only",
			mode:     ModeSmart,
			locMap:   LocationMap{"shop": {"east"}, "popup": {"west"}},
			baseline: map[string]int{"MUG@shop": 5, "MUG@popup": 3, "TEA@shop": 2, "TEA@popup": 0},
			pending:  []LocationKey{{SKU: "TEA", Location: "popup"}},
			want:     []string{"TEA@popup=0"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wh := warehouse
			if tc.warehouse != nil {
				wh = tc.warehouse
			}
			pending := map[LocationKey]bool{}
			for _, k := range tc.pending {
				pending[k] = true
			}
			choice := ChooseMode(tc.mode, BaselineState{HasBaseline: tc.baseline != nil})
			p := MakeLocationPlan(PlanInput{Mode: choice, Warehouse: wh, Store: store},
				LocationInput{Map: tc.locMap, Baseline: confirmed(tc.baseline), Pending: pending})
			if got := located(p); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("pushed %v, want %v", got, tc.want)
			}
			if tc.published != nil && !reflect.DeepEqual(p.Published, tc.published) {
				t.Errorf("published %v, want %v", p.Published, tc.published)
			}
		})
	}
}

func TestLocationPlanSaysUnmappedSKUsOnce(t *testing.T) {
	p := MakeLocationPlan(PlanInput{
		Mode:      asked(ModeFull),
		Warehouse: []WarehouseItem{{SKU: "MUG", Qty: 4, Facilities: map[string]int{"east": 4}}, {SKU: "LOST", Qty: 1}},
		Store:     storeOf(StoreItem{SKU: "MUG", Locations: map[string]int{"shop": 1, "popup": 1}}, StoreItem{SKU: "CARD"}),
	}, LocationInput{Map: LocationMap{"shop": {"east"}, "popup": {"east"}}})
	want := []Unmapped{{SKU: "CARD", Side: SideStore}, {SKU: "LOST", Side: SideWarehouse}}
	if !reflect.DeepEqual(p.Unmapped, want) {
		t.Errorf("unmapped %v, want %v, once", p.Unmapped, want)
	}
	if got := located(p); !reflect.DeepEqual(got, []string{"MUG@popup=4", "MUG@shop=4"}) {
		t.Errorf("pushed %v", got)
	}
	if p.LocationPublished[LocationKey{"MUG", "popup"}] != 4 || p.Published["MUG"] != 8 {
		t.Errorf("published %v by location %v, want 4 at each and 8 in all", p.Published, p.LocationPublished)
	}
}

// A store that read its index at one location does not know what another
// holds: the push there says so, and the store reads it before writing.
func TestALocationTheIndexWasNotReadAtHasNoKnownQuantity(t *testing.T) {
	p := MakeLocationPlan(PlanInput{
		Mode:      asked(ModeFull),
		Warehouse: []WarehouseItem{{SKU: "MUG", Qty: 4, Facilities: map[string]int{"east": 3, "west": 1}}},
		Store:     storeOf(StoreItem{SKU: "MUG", Qty: 9, Locations: map[string]int{"shop": 9}}),
	}, LocationInput{Map: LocationMap{"shop": {"east"}, "popup": {"west"}}})
	for _, push := range p.Pushes {
		if known := push.Location == "shop"; push.FromKnown != known || (known && push.From != 9) {
			t.Errorf("push at %s: from %d known %v", push.Location, push.From, push.FromKnown)
		}
	}
}

// Drift is found and repaired per location: the store moved MUG at the
// pop-up store only; the main shop's MUG and every TEA hold what was
// published.
func TestDriftIsFoundAndRepairedAtTheLocationThatMoved(t *testing.T) {
	warehouse := []WarehouseItem{
		{SKU: "MUG", Qty: 8, Facilities: map[string]int{"east": 5, "west": 3}},
		{SKU: "TEA", Qty: 2, Facilities: map[string]int{"east": 2}},
	}
	store := storeOf(
		StoreItem{SKU: "MUG", Ref: "m", Locations: map[string]int{"shop": 5, "popup": 9}},
		StoreItem{SKU: "TEA", Ref: "t", Locations: map[string]int{"shop": 2, "popup": 0}},
	)
	locMap := LocationMap{"shop": {"east"}, "popup": {"west"}}
	baseline := confirmed(map[string]int{"MUG@shop": 5, "MUG@popup": 3, "TEA@shop": 2, "TEA@popup": 0})
	// The store's change filter came back with both listings; MUG moved
	// at the pop-up store, and TEA moved at the shop but back to what was
	// published (a sale and a return): not drift.
	moved := map[LocationKey]bool{{"MUG", "popup"}: true, {"TEA", "shop"}: true}
	for _, tc := range []struct {
		name   string
		repair bool
		want   []string
	}{
		{"repaired", true, []string{"MUG@popup=3"}},
		{"flagged only", false, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := MakeLocationPlan(PlanInput{Mode: asked(ModeSmart), Warehouse: warehouse, Store: store, RepairDrift: tc.repair},
				LocationInput{Map: locMap, Baseline: baseline, StoreMoved: moved})
			if got := located(p); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("pushed %v, want %v", got, tc.want)
			}
			if want := []LocationKey{{"MUG", "popup"}}; !reflect.DeepEqual(p.LocationDrifted, want) {
				t.Errorf("drifted %v, want %v", p.LocationDrifted, want)
			}
			if tc.repair && (p.Pushes[0].Why != ReasonDrift || p.Pushes[0].From != 9) {
				t.Errorf("the repair %+v, want a drift push from the 9 the store holds", p.Pushes[0])
			}
		})
	}
}

// After a map change no location has a baseline, but the store's index
// says what each location holds: every location gets the sum of its own
// facilities, from the quantity the store has there, and the reason says
// it is the first write at that location rather than that the SKU is new.
// Only a location the index was not read at has an unknown quantity.
func TestAMapChangeWritesEachLocationFromWhatTheStoreHoldsThere(t *testing.T) {
	warehouse := []WarehouseItem{{SKU: "APRON", Qty: 156, Facilities: map[string]int{"east": 104, "west": 52}}}
	locMap := LocationMap{"shop": {"east"}, "popup": {"west"}, "outlet": {"east", "west"}}
	// ShelfSync wrote 156 at the primary location before the map; the
	// pop-up has 0; the outlet was not read.
	store := storeOf(StoreItem{SKU: "APRON", Ref: "a", Qty: 156, Locations: map[string]int{"shop": 156, "popup": 0}})
	p := MakeLocationPlan(PlanInput{Mode: ModeChoice{Requested: ModeSmart, Run: ModeSmart}, Warehouse: warehouse, Store: store},
		LocationInput{Map: locMap})
	type pushed struct {
		Location  string
		From      int
		FromKnown bool
		To        int
		Why       PushReason
	}
	got := []pushed{}
	for _, push := range p.Pushes {
		got = append(got, pushed{push.Location, push.From, push.FromKnown, push.To, push.Why})
	}
	want := []pushed{
		{"outlet", 0, false, 156, ReasonNew},
		{"popup", 0, true, 52, ReasonFirstAtLocation},
		{"shop", 156, true, 104, ReasonFirstAtLocation},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pushes after a map change:\n got %+v\nwant %+v", got, want)
	}
}
