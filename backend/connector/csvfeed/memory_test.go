package csvfeed

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"shelfsync/backend/inventory"
)

// exportWithDescriptions is a feed as exporters write them: distinct SKUs,
// a name, a time and a long column ShelfSync does not use.
func exportWithDescriptions(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("SKU,Product Name,Available Quantity,updated_at,Description\n")
	for i := range rows {
		fmt.Fprintf(&b, "SKU-%08d,\"Widget %d, size M\",%d,2026-11-26 14:%02d:00,A long description the exporter adds and no sync reads\n", i, i, i%500, i%60)
	}
	return b.Bytes()
}

// A row read costs what the parse keeps of it and the record encoding/csv
// makes of its line, no more: memory follows the SKUs a run keeps, not the
// rows of the file. (A map beside a growing slice allocated 649 bytes a
// row in 3 allocations, and held 125 once parsed.)
func TestAParseAllocatesOnlyWhatItKeepsOfEachRow(t *testing.T) {
	const rows = 200_000
	data := exportWithDescriptions(rows)
	lineBytes := len(data) / rows

	runtime.GC()
	var before, after, settled runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := parse(bytes.NewReader(data), time.UTC)
	runtime.ReadMemStats(&after)
	if err != nil || len(res.Items) != rows {
		t.Fatalf("got %d items, err %v", len(res.Items), err)
	}
	runtime.GC()
	runtime.ReadMemStats(&settled)

	t.Logf("%d rows: %.2f allocations and %d bytes allocated a row, %d bytes held after", rows, float64(after.Mallocs-before.Mallocs)/rows, (after.TotalAlloc-before.TotalAlloc)/rows, (int64(settled.HeapAlloc)-int64(before.HeapAlloc))/rows)
	var text int
	for _, it := range res.Items {
		text += len(it.SKU) + len(it.Name)
	}
	item := int(unsafe.Sizeof(inventory.WarehouseItem{}))

	// One allocation a row: the string encoding/csv makes of each record.
	// SKUs, names and rows are kept in shared blocks.
	if mallocs := float64(after.Mallocs-before.Mallocs) / rows; mallocs > 1.1 {
		t.Errorf("%.2f allocations a row, want about 1 (the CSV record)", mallocs)
	}
	// The record, the row while the file is read, the item it becomes and
	// its SKU and name; nothing proportional to how often a slice or a map
	// doubled.
	budget := lineBytes + 2*item + text/rows + 64
	if perRow := int(after.TotalAlloc-before.TotalAlloc) / rows; perRow > budget {
		t.Errorf("%d bytes allocated a row, want at most %d (a %d-byte line, a %d-byte item)", perRow, budget, lineBytes, item)
	}
	// Once parsed, the items and their text, and nothing of the lines.
	kept := int(int64(settled.HeapAlloc)-int64(before.HeapAlloc)) / rows
	if want := item + text/rows + 8; kept > want {
		t.Errorf("%d bytes a row held after the parse, want at most %d (the item and its SKU and name)", kept, want)
	}
	runtime.KeepAlive(data)
	runtime.KeepAlive(res)
}

// BenchmarkParseMemory reports what a parse allocates a row, for
// BENCHMARKS.md; the test above holds the bound.
func BenchmarkParseMemory(b *testing.B) {
	const rows = 1_000_000
	data := exportWithDescriptions(rows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		res, err := parse(bytes.NewReader(data), time.UTC)
		if err != nil || len(res.Items) != rows {
			b.Fatalf("got %d items, err %v", len(res.Items), err)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/rows, "B/row")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/rows, "allocs/row")
}
