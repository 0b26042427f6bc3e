package engine

import (
	"fmt"
	"testing"

	"shelfsync/backend/storage"
)

func TestPartitionRowsPutsEachRowWithItsKind(t *testing.T) {
	pattern := []rowKind{rowAdded, rowExisting, rowInPlace, rowAdded, rowInPlace, rowExisting, rowExisting, rowAdded, rowInPlace}
	var rows []storage.Item
	var kinds []rowKind
	want := map[rowKind]map[string]bool{rowExisting: {}, rowInPlace: {}, rowAdded: {}}
	for i, k := range pattern {
		sku := fmt.Sprintf("SKU-%d", i)
		rows = append(rows, storage.Item{SKU: sku})
		kinds = append(kinds, k)
		want[k][sku] = true
	}
	existing, inPlace, added := partitionRows(rows, kinds)
	for k, part := range map[rowKind][]storage.Item{rowExisting: existing, rowInPlace: inPlace, rowAdded: added} {
		got := map[string]bool{}
		for _, r := range part {
			got[r.SKU] = true
		}
		if len(part) != len(want[k]) || fmt.Sprint(got) != fmt.Sprint(want[k]) {
			t.Errorf("kind %d: got %v, want %v", k, got, want[k])
		}
	}
	// Growing one part must not write over the next.
	if grown := append(existing, storage.Item{SKU: "grown"}); inPlace[0].SKU == "grown" || len(grown) != len(existing)+1 {
		t.Error("appending to the existing rows overwrote a row written in place")
	}
}
