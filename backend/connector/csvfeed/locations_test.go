package csvfeed

import (
	"reflect"
	"strings"
	"testing"
)

func TestAFeedWithALocationColumnGivesEachSKUItsQuantityPerFacility(t *testing.T) {
	res := mustParse(t, "sku,location,qty\n"+
		"MUG,east,5\n"+
		"TEA,east,2\n"+
		"MUG,west,3\n"+
		"BAG,west,-4\n")
	got := map[string]map[string]int{}
	total := map[string]int{}
	for _, it := range res.Items {
		got[it.SKU], total[it.SKU] = it.Facilities, it.Qty
	}
	want := map[string]map[string]int{"MUG": {"east": 5, "west": 3}, "TEA": {"east": 2}, "BAG": {"west": 0}}
	if !reflect.DeepEqual(got, want) || total["MUG"] != 8 || len(res.Troubled) != 0 {
		t.Fatalf("facilities %v, totals %v, troubled %v; want %v and MUG 8 in all", got, total, res.Troubled, want)
	}
}

func TestAFacilitySaidTwiceForASKUIsADuplicateAndTwoQuantitiesConflict(t *testing.T) {
	res := mustParse(t, "sku,location,qty\nMUG,east,5\nMUG,east,5\nTEA,east,1\nTEA,east,2\nTEA,west,1\n")
	if len(res.Items) != 1 || res.Items[0].SKU != "MUG" || res.Items[0].Qty != 5 {
		t.Fatalf("items %+v, want MUG at 5 (said twice, the same)", res.Items)
	}
	if len(res.Troubled) != 1 || res.Troubled[0].SKU != "TEA" {
		t.Fatalf("troubled %+v, want TEA, whose east rows disagree", res.Troubled)
	}
	if !strings.Contains(strings.Join(res.Problems, "\n"), "MUG") {
		t.Errorf("problems %v do not name MUG's duplicate row", res.Problems)
	}
}

func TestARowWithoutALocationIsSkippedAndSaysWhy(t *testing.T) {
	res := mustParse(t, "sku,location,qty\nMUG,east,5\nMUG,,3\n")
	if len(res.Items) != 1 || res.Items[0].Qty != 5 || !strings.Contains(strings.Join(res.Problems, "\n"), "location of SKU MUG is empty") {
		t.Fatalf("items %+v, problems %v", res.Items, res.Problems)
	}
}
