package inventory

import (
	"fmt"
	"testing"
)

// planWorld is a synced catalogue of n SKUs in which every stride-th SKU's
// warehouse quantity moved since the baseline.
func planWorld(n, stride int) PlanInput {
	in := PlanInput{
		Warehouse: make([]WarehouseItem, n),
		Store:     make(map[string]StoreItem, n),
		Baseline:  make(map[string]Baseline, n),
		Pending:   map[string]bool{},
		Rules:     Rules{Buffer: 1},
	}
	for i := range n {
		sku := fmt.Sprintf("SKU-%07d", i)
		qty := 10 + i%97
		in.Baseline[sku] = Baseline{Qty: qty - 1}
		if stride > 0 && i%stride == 0 {
			qty++
		}
		in.Warehouse[i] = WarehouseItem{SKU: sku, Qty: qty}
		in.Store[sku] = StoreItem{SKU: sku, Qty: qty - 1, Ref: "gid://shopify/InventoryItem/" + sku}
	}
	return in
}

// BenchmarkMakePlan is the planner alone over whole catalogues: a Full
// Sync, and Smart Syncs with 1% and 10% changed.
func BenchmarkMakePlan(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		for _, c := range []struct {
			name   string
			mode   Mode
			stride int
		}{{"full", ModeFull, 0}, {"smart1pct", ModeSmart, 100}, {"smart10pct", ModeSmart, 10}} {
			b.Run(fmt.Sprintf("skus=%d/%s", n, c.name), func(b *testing.B) {
				if n > 100_000 && testing.Short() {
					b.Skip("1M SKUs only without -short")
				}
				in := planWorld(n, c.stride)
				in.Mode = ModeChoice{Requested: c.mode, Run: c.mode}
				b.ResetTimer()
				for range b.N {
					p := MakePlan(in)
					if c.mode == ModeSmart && len(p.Pushes) != (n+c.stride-1)/c.stride {
						b.Fatalf("planned %d pushes", len(p.Pushes))
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/sku")
			})
		}
	}
}
