package shipbob

import (
	"context"
	"testing"
	"time"
)

func TestPacerHoldsThe151stRequestUntilTheFirstLeavesTheWindow(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var waits []time.Duration
	p := &pacer{limit: 150, window: time.Minute, now: func() time.Time { return now },
		sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); now = now.Add(d); return nil }}
	for range 150 {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		now = now.Add(100 * time.Millisecond)
	}
	if len(waits) != 0 {
		t.Fatalf("waited %v within the limit", waits)
	}
	if err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	// 150 requests took 15s; the first leaves the window 45s later.
	if len(waits) != 1 || waits[0] < 45*time.Second || waits[0] > 46*time.Second {
		t.Errorf("waits = %v, want one of about 45s", waits)
	}
}

func TestDecodeLevelsReadsTheDocumentedShape(t *testing.T) {
	p, err := decodeLevels([]byte(`{"first":"https://api.shipbob.com/2025-07/inventory-level","items":[{"inventory_id":7,"name":"Mug","sku":"MUG","total_fulfillable_quantity":4,"total_on_hand_quantity":9}],"last":null,"next":"","prev":null}`), QuantityFulfillable)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || *p.Items[0].Fulfillable != 4 || p.Next != nil {
		t.Errorf("page = %+v", p)
	}
}

func TestDecodeProblemReadsBothErrorShapes(t *testing.T) {
	if s, ok := decodeProblem([]byte(`{"type":"x","title":"Unauthorized","status":401,"detail":"Token expired."}`)); !ok || s != "Unauthorized: Token expired." {
		t.Errorf("problem details: %q %v", s, ok)
	}
	if s, ok := decodeProblem([]byte(`{"statusCode":429,"message":"Rate limit is exceeded. Try again in 5 seconds."}`)); !ok || s != "Rate limit is exceeded. Try again in 5 seconds." {
		t.Errorf("rate limit: %q %v", s, ok)
	}
	if _, ok := decodeProblem([]byte(`<html>`)); ok {
		t.Error("HTML taken for a problem")
	}
}

func FuzzDecodeLevels(f *testing.F) {
	f.Add([]byte(`{"items":[{"inventory_id":1,"sku":"A","total_fulfillable_quantity":3}],"next":"https://api.shipbob.com/2025-07/inventory-level?Cursor=abc"}`))
	f.Add([]byte(`{"items":[],"next":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodeLevels(body, QuantityFulfillable)
		if err != nil {
			return
		}
		items, _ := toWarehouseItems(p.Items, QuantityFulfillable)
		for _, it := range items {
			if it.SKU == "" {
				t.Fatalf("kept an item without SKU: %+v", it)
			}
		}
	})
}

func FuzzDecodeProblem(f *testing.F) {
	f.Add([]byte(`{"title":"Unauthorized","status":401}`))
	f.Add([]byte(`{"statusCode":429,"message":"Rate limit is exceeded. Try again in 5 seconds."}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if s, ok := decodeProblem(body); ok && s == "" {
			t.Fatal("ok without words")
		}
	})
}
