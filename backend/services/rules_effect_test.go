package services

import (
	"testing"

	"shelfsync/backend/types"
)

func TestRulesEffectCountsEverySKUTheRulesWouldZero(t *testing.T) {
	w := newWorld(t, false)
	conn, _ := w.conns.Create(demoPair("Shop"))
	w.sync.Start(conn.ID, "full")
	w.waitFinished(t, 1)
	inv, err := w.core.db.Items(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantZeroNow, wantBelow50 := 0, 0
	for _, it := range inv {
		if it.WarehouseQty == 0 {
			wantZeroNow++
		}
		if it.WarehouseQty < 50 {
			wantBelow50++
		}
	}

	got, err := w.conns.RulesEffect(conn.ID, types.Rules{ZeroBelow: 50})
	if err != nil {
		t.Fatal(err)
	}
	if got != (types.RulesEffect{SKUs: len(inv), ToZero: wantBelow50, ZeroNow: wantZeroNow}) {
		t.Errorf("RulesEffect(zero below 50) = %+v, want %d SKUs, %d to zero, %d zero now", got, len(inv), wantBelow50, wantZeroNow)
	}
	all, _ := w.conns.RulesEffect(conn.ID, types.Rules{ZeroBelow: 1_000_000})
	if all.ToZero != len(inv) {
		t.Errorf("zero below a million zeroes %d of %d SKUs", all.ToZero, len(inv))
	}
	if _, err := w.conns.RulesEffect(conn.ID, types.Rules{Buffer: -1}); err == nil {
		t.Error("a negative buffer was accepted")
	}
}

func TestPreviewCountsEverySKUItWouldZeroBeyondTheListed100(t *testing.T) {
	w := newWorld(t, false)
	big := demoPair("Shop")
	big.WarehouseSettings["skus"] = "300"
	conn, _ := w.conns.Create(big)
	w.sync.Start(conn.ID, "full")
	w.waitFinished(t, 1)
	if _, err := w.conns.SetRules(conn.ID, types.Rules{ZeroBelow: 1_000_000}); err != nil {
		t.Fatal(err)
	}
	p, err := w.sync.Preview(conn.ID, "full")
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := w.core.db.Items(conn.ID)
	stocked := 0
	for _, it := range inv {
		if it.WarehouseQty > 0 {
			stocked++
		}
	}
	if stocked <= 100 || p.ToZeroCount != stocked || len(p.ToZero) != 100 {
		t.Errorf("preview zeroes %d (lists %d); want every one of the %d stocked SKUs counted, 100 listed", p.ToZeroCount, len(p.ToZero), stocked)
	}
}

func TestSavedRulesShowInTheInventoryBeforeTheNextSync(t *testing.T) {
	w := newWorld(t, false)
	conn, _ := w.conns.Create(demoPair("Shop"))
	w.sync.Start(conn.ID, "full")
	w.waitFinished(t, 1)
	inv := w.inv
	before, err := inv.Page(types.InventoryQuery{ConnectionID: conn.ID, Limit: 1000})
	if err != nil || before.StateCounts["in_sync"] != len(before.Items) {
		t.Fatalf("after a Full Sync: %v, %v; want every SKU in sync", before.StateCounts, err)
	}
	ignored := before.Items[0].SKU
	if _, err := w.conns.SetRules(conn.ID, types.Rules{Buffer: 5, IgnoredSKU: []string{ignored}}); err != nil {
		t.Fatal(err)
	}
	after, err := inv.Page(types.InventoryQuery{ConnectionID: conn.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	wantChanged := 0
	for _, it := range after.Items {
		want := max(*it.WarehouseQty-5, 0)
		switch {
		case it.SKU == ignored:
			if it.State != "ignored" {
				t.Errorf("%s is %s, want ignored", it.SKU, it.State)
			}
		case *it.PublishedQty != want:
			t.Errorf("%s publishes %d, want %d under a buffer of 5", it.SKU, *it.PublishedQty, want)
		case want != *it.StoreQty && it.State != "changed":
			t.Errorf("%s is %s with %d published and %d in the store, want changed", it.SKU, it.State, want, *it.StoreQty)
		}
		if it.SKU != ignored && want != *it.StoreQty {
			wantChanged++
		}
	}
	if after.StateCounts["changed"] != wantChanged || after.StateCounts["ignored"] != 1 {
		t.Errorf("counts %v, want %d changed and 1 ignored", after.StateCounts, wantChanged)
	}
}
