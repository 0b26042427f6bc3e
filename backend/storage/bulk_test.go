package storage

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"shelfsync/backend/types"
)

// comparable is an item with its times as text, so rows read back compare
// with the rows written (time.Time keeps a location and a monotonic clock).
func comparable(it Item) map[string]any {
	out := map[string]any{}
	v := reflect.ValueOf(it)
	for i := range v.NumField() {
		f := v.Field(i).Interface()
		switch x := f.(type) {
		case *time.Time:
			if x != nil {
				f = x.UTC().Format(time.RFC3339Nano)
			} else {
				f = "nil"
			}
		case *int:
			if x != nil {
				f = *x
			} else {
				f = "nil"
			}
		}
		out[v.Type().Field(i).Name] = f
	}
	return out
}

func TestRowsReadBackAsWrittenWhateverTheirNeighboursHold(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	// Microseconds: the finest time PostgreSQL keeps.
	at := time.Date(2026, 12, 2, 10, 0, 0, 123456000, time.UTC)
	// Rows 0-15 (one statement) are empty alike in most columns; after
	// them, a column is empty in some rows and not in others, and a nil
	// quantity sits next to a zero one, which must stay apart.
	var items []Item
	for i := range 40 {
		it := Item{ConnectionID: conn.ID, SKU: fmt.Sprintf("SKU-%04d", i), Name: "Tee", WarehouseSeen: true, State: types.StateInSync}
		if i >= 16 {
			zero, t := 0, at
			if i%2 == 0 {
				it.PublishedQty, it.StoreQty, it.BaselineAt = &zero, intp(i), &t
				it.LastError, it.Pending, it.Attention = "refused", true, types.StateInvalidQuantity
			}
			if i%3 == 0 {
				it.StoreUntracked, it.StoreParentRef, it.StoreSeenAt, it.WarehouseQty = true, "gid://Product/1", &t, i
			}
		}
		items = append(items, it)
	}
	if err := db.SaveItems(nil, items); err != nil {
		t.Fatal(err)
	}
	got, err := db.Items(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(items) {
		t.Fatalf("read %d rows back, wrote %d", len(got), len(items))
	}
	bySKU := map[string]Item{}
	for _, it := range got {
		bySKU[it.SKU] = it
	}
	for _, want := range items {
		if g, w := comparable(bySKU[want.SKU]), comparable(want); !reflect.DeepEqual(g, w) {
			t.Errorf("%s read back as\n%v\nwritten as\n%v", want.SKU, g, w)
		}
	}
}

func TestConfirmedRowsWrittenInPlaceKeepEveryIndexRight(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	seedItems(t, db, conn.ID, 20)
	if _, err := db.CatchUpSearch(t.Context()); err != nil {
		t.Fatal(err)
	}
	before, err := db.Items(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().UTC().Truncate(time.Microsecond) // as PostgreSQL keeps it
	var inPlace []Item
	for _, it := range before {
		if it.State == types.StateChanged {
			it.WarehouseQty, it.BaselineQty, it.BaselineAt, it.LastSyncedAt = 99, intp(99), &at, &at
			inPlace = append(inPlace, it)
		}
	}
	// One the table lost meanwhile goes in whole.
	lost := Item{ConnectionID: conn.ID, SKU: "SKU-LOST", Name: "Lost tee", WarehouseSeen: true, WarehouseQty: 3, State: types.StatePending}
	inPlace = append(inPlace, lost)
	run := SyncRun{ConnectionID: conn.ID, StartedAt: at}
	if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveConfirmed(Confirmed{RunID: run.ID, InPlace: inPlace, Pushed: len(inPlace)}); err != nil {
		t.Fatalf("SaveConfirmed in place: %v", err)
	}
	after, err := db.ItemsBySKU(conn.ID, []string{inPlace[0].SKU, "SKU-LOST"})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 2 {
		t.Fatalf("read %d of the 2 rows written in place", len(after))
	}
	for _, it := range after {
		want := inPlace[0]
		if it.SKU == "SKU-LOST" {
			want = lost
		}
		if g, w := comparable(it), comparable(want); !reflect.DeepEqual(g, w) {
			t.Errorf("%s read back as\n%v\nwritten as\n%v", it.SKU, g, w)
		}
	}
	// The state filter, its counts and the search see both as they are.
	page, err := db.ItemsPage(ItemQuery{ConnectionID: conn.ID, State: types.StatePending, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].SKU != "SKU-LOST" || page.StateCounts[types.StateChanged] != len(inPlace)-1 {
		t.Errorf("pending page %+v, counts %v: want SKU-LOST alone and %d changed", page.Items, page.StateCounts, len(inPlace)-1)
	}
	found, err := db.ItemsPage(ItemQuery{ConnectionID: conn.ID, Search: "lost", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Items) != 1 || found.Items[0].SKU != "SKU-LOST" {
		t.Errorf("a search for \"lost\" found %+v, want SKU-LOST", found.Items)
	}
}
