package storage

import (
	"reflect"
	"testing"
	"time"

	"shelfsync/backend/types"
)

// A connection of the last release has no location map: it reads as the
// default (nil), which syncs as that release did.
func TestAConnectionOfTheLastReleaseHasTheDefaultLocationMap(t *testing.T) {
	db := openRelease(t, "release-2026-11.sql")
	conns, err := db.Connections()
	if err != nil {
		t.Fatal(err)
	}
	if len(conns) != 1 || conns[0].LocationMap != nil {
		t.Fatalf("connections %+v, want one with no location map", conns)
	}
}

func TestHistoryRowsNameTheLocationTheyWrote(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	run := SyncRun{ConnectionID: conn.ID, Status: types.RunRunning, StartedAt: time.Now()}
	if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	run.Status = types.RunSucceeded
	items := []SyncRunItem{
		{SKU: "MUG", FromQty: intp(1), ToQty: 5, Status: "ok", Location: "shop"},
		{SKU: "MUG", ToQty: 3, Status: "ok", Location: "popup"},
		{SKU: "TEA", ToQty: 2, Status: "ok", Expected: intp(4)},
	}
	if err := db.FinishRun(RunOutcome{Run: &run, Items: items}); err != nil {
		t.Fatal(err)
	}
	got, err := db.RunItems(run.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []SyncRunItem{items[1], items[0], items[2]} // by SKU, then location
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read back %+v, want %+v", got, want)
	}
}

func TestANewLocationMapKeepsTheBaselinesOfLocationsItStillFeeds(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	run := SyncRun{ConnectionID: conn.ID, Status: types.RunRunning, StartedAt: time.Now()}
	if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	run.Status = types.RunSucceeded
	err := db.FinishRun(RunOutcome{Run: &run,
		Upserts: []Item{{ConnectionID: conn.ID, SKU: "MUG", WarehouseSeen: true, PublishedQty: intp(8), BaselineQty: intp(8), State: types.StateInSync}},
		Locations: []ItemLocation{
			{ConnectionID: conn.ID, SKU: "MUG", Location: "shop", PublishedQty: intp(5), BaselineQty: intp(5)},
			{ConnectionID: conn.ID, SKU: "MUG", Location: "popup", PublishedQty: intp(3), BaselineQty: intp(3)},
		}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetLocationMap(conn.ID, map[string][]string{"shop": {"east", "west"}, "popup": {}}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.ItemLocations(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Location != "shop" || *rows[0].BaselineQty != 5 {
		t.Fatalf("location rows %+v, want only shop's, with its baseline 5", rows)
	}
	items, err := db.Items(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !items[0].Pending || items[0].State != types.StatePending {
		t.Errorf("MUG is %s (pending %v), want pending: what each location should hold changed", items[0].State, items[0].Pending)
	}
	c, err := db.Connection(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.LocationMap, map[string][]string{"shop": {"east", "west"}, "popup": {}}) {
		t.Errorf("map read back %v", c.LocationMap)
	}
	if err := db.SetLocationMap(conn.ID, nil); err != nil {
		t.Fatal(err)
	}
	if c, err = db.Connection(conn.ID); err != nil {
		t.Fatal(err)
	}
	if c.LocationMap != nil {
		t.Errorf("the default map read back as %v, want nil", c.LocationMap)
	}
	if rows, err = db.ItemLocations(conn.ID); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 0 {
		t.Errorf("the default map kept location rows %+v", rows)
	}
}
