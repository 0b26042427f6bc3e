package csvfeed

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that no input panics and that whatever comes back keeps
// the promises the sync engine relies on: each SKU once, never empty, never
// a negative or oversize quantity, and never an empty success.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"sku,qty\nA,1\n",
		bom + "SKU;Available Quantity;Name\r\nA;1;\"x;y\"\r\n",
		"item\tstock\tupdated_at\nA\t3\t2026-11-26 10:00:00\n",
		"Variant SKU|on_hand\nA|\"1\"\n",
		"sku,qty\nA,1\nA,2\n",
		"sku,qty\n\"A\nB\",1\n",
		"sku,qty\nA,\"1\n",
		"sku,qty,title\nA,-1,x\nB,abc,y\nC,99999999999999999999,z\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := parse(bytes.NewReader(data), time.UTC)
		if err != nil {
			if len(res.Items) != 0 {
				t.Fatalf("error %v came with %d items", err, len(res.Items))
			}
			return
		}
		if len(res.Items) == 0 {
			t.Fatal("success without items")
		}
		if len(res.Items) > res.Rows {
			t.Fatalf("%d items from %d rows", len(res.Items), res.Rows)
		}
		seen := map[string]bool{}
		for _, it := range res.Items {
			if it.SKU == "" || strings.TrimSpace(it.SKU) != it.SKU {
				t.Fatalf("SKU %q not trimmed or empty", it.SKU)
			}
			if it.Qty < 0 || it.Qty > 1<<31-1 {
				t.Fatalf("SKU %q quantity %d out of range", it.SKU, it.Qty)
			}
			if seen[it.SKU] {
				t.Fatalf("SKU %q returned twice", it.SKU)
			}
			seen[it.SKU] = true
		}
		if res.Skipped() > 0 && len(res.Problems) == 0 {
			t.Fatalf("%d rows skipped without a word", res.Skipped())
		}
	})
}

// feed100k builds a 100,000-row file like a warehouse export.
func feed100k() []byte {
	var b bytes.Buffer
	b.WriteString("SKU,Product Name,Available Quantity,updated_at\r\n")
	for i := range 100_000 {
		fmt.Fprintf(&b, "SKU-%06d,\"Widget %d, size M\",%d,2026-11-26 14:%02d:00\r\n", i, i, i%500, i%60)
	}
	return b.Bytes()
}

func BenchmarkParse100k(b *testing.B) {
	data := feed100k()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Parse(bytes.NewReader(data))
		if err != nil || len(res.Items) != 100_000 {
			b.Fatalf("got %d items, err %v", len(res.Items), err)
		}
	}
}
