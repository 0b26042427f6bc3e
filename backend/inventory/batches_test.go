package inventory

import (
	"fmt"
	"testing"
)

// pushesOf builds pushes for groups given as parent:count, in order.
func pushesOf(groups ...any) []Push {
	var out []Push
	for i := 0; i < len(groups); i += 2 {
		parent, n := groups[i].(string), groups[i+1].(int)
		for k := range n {
			out = append(out, Push{SKU: fmt.Sprintf("%s-%d", parent, k), ParentRef: parent})
		}
	}
	return out
}

// callsPerParent is what a store with one write call per parent and batch
// spends on these batches.
func callsPerParent(batches [][]Push) int {
	calls := 0
	for _, b := range batches {
		parents := map[string]bool{}
		for _, p := range b {
			parents[p.ParentRef] = true
		}
		calls += len(parents)
	}
	return calls
}

func TestBatchesByParentSpendTheFewestCallsAStorePerParentNeeds(t *testing.T) {
	for _, c := range []struct {
		name   string
		groups []any
		calls  int // the floor: sum of ceil(group/size)
	}{
		{"simple products only", []any{"", 250}, 3},
		{"small parents share batches", []any{"", 30, "p1", 40, "p2", 40, "p3", 40}, 4},
		{"a parent bigger than a batch", []any{"", 95, "p1", 230, "p2", 7}, 1 + 3 + 1},
		{"exact multiples", []any{"p1", 100, "p2", 200, "", 100}, 4},
		{"a parent that straddled a plain cut", []any{"", 90, "p1", 20, "p2", 95}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			pushes := pushesOf(c.groups...)
			batches := BatchesByParent(pushes, 100)
			if got := callsPerParent(batches); got != c.calls {
				t.Errorf("%d calls, want the floor %d", got, c.calls)
			}
			n := 0
			for _, b := range batches {
				if len(b) == 0 || len(b) > 100 {
					t.Errorf("a batch of %d pushes", len(b))
				}
				for _, p := range b {
					if p.SKU != pushes[n].SKU {
						t.Fatalf("batch order broke at push %d: %s, want %s", n, p.SKU, pushes[n].SKU)
					}
					n++
				}
			}
			if n != len(pushes) {
				t.Errorf("batches hold %d pushes of %d", n, len(pushes))
			}
		})
	}
}

func TestGroupByParentKeepsFirstAppearanceAndOrderWithinAGroup(t *testing.T) {
	pushes := []Push{{SKU: "a", ParentRef: "p"}, {SKU: "b"}, {SKU: "c", ParentRef: "p"}, {SKU: "d", ParentRef: "q"}, {SKU: "e"}}
	GroupByParent(pushes)
	got := ""
	for _, p := range pushes {
		got += p.SKU
	}
	if got != "acbed" {
		t.Fatalf("order %s, want acbed", got)
	}
}

func TestPlainBatchesCostAStorePerParentMoreThanItsFloor(t *testing.T) {
	// Why WooCommerce needs BatchesByParent: cut without regard to
	// parents, the same pushes cost more calls than the floor.
	pushes := pushesOf("", 90, "p1", 20, "p2", 95)
	if got := callsPerParent(Batches(pushes, 100)); got <= 3 {
		t.Fatalf("plain batches cost %d calls; the case no longer shows the difference", got)
	}
}
