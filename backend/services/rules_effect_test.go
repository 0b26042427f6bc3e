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
	inv, err := w.core.DB.Items(conn.ID)
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
	inv, _ := w.core.DB.Items(conn.ID)
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
