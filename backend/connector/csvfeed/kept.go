package csvfeed

import (
	"hash/maphash"
	"time"
	"unsafe"

	"shelfsync/backend/inventory"
)

// keptRows is what a parse holds while it reads: each SKU's first good row,
// in file order, and an index to find a SKU again. It grows with the SKUs
// kept, never with the file: a row read is either kept here or dropped.
//
// A map[string]firstRow beside a growing []WarehouseItem cost about 190
// bytes a row at the peak of a 1M-row parse and allocated 650: the map's
// slots and the slice's doublings. Here the rows sit in fixed blocks (no
// copy as they grow), the SKUs and names in shared chunks (no allocation a
// row), and the index is 4-byte row numbers.
type keptRows struct {
	blocks [][]keptRow
	n      int
	// arena is the chunk SKUs and names are being copied into. Bytes
	// once appended are never written again, so the strings made from
	// them stay immutable.
	arena []byte
	// slots is an open-addressing table of row numbers plus one (0 is an
	// empty slot), at most three quarters full.
	slots []int32
	seed  maphash.Seed
}

// keptRow is a SKU's first good row.
type keptRow struct {
	text    string // the SKU, then the name
	skuLen  int32
	qty     int32 // parseQty keeps quantities within 32 bits
	line    int32 // a line number of any file under the limits fits too
	updated time.Time
}

const (
	rowsPerBlock = 4096
	arenaChunk   = 64 << 10
	// A text longer than this gets its own allocation, so a few long
	// names do not leave most of a chunk unused.
	arenaMaxText = arenaChunk / 16
)

func newKeptRows() *keptRows { return &keptRows{seed: maphash.MakeSeed()} }

func (k *keptRows) row(i int) *keptRow { return &k.blocks[i/rowsPerBlock][i%rowsPerBlock] }

func (k *keptRows) sku(i int) string {
	r := k.row(i)
	return r.text[:r.skuLen]
}

// find returns the row holding sku, or -1 and the empty slot where it
// belongs.
func (k *keptRows) find(sku string) (row, slot int) {
	if len(k.slots) == 0 {
		return -1, -1
	}
	mask := len(k.slots) - 1
	for s := int(maphash.String(k.seed, sku)) & mask; ; s = (s + 1) & mask {
		v := k.slots[s]
		if v == 0 {
			return -1, s
		}
		if k.sku(int(v-1)) == sku {
			return int(v - 1), s
		}
	}
}

// lookup returns the row holding sku, or -1 and the slot to add it at
// (the index has room for one more row by then).
func (k *keptRows) lookup(sku string) (row, slot int) {
	if (k.n+1)*4 > len(k.slots)*3 {
		k.grow()
	}
	return k.find(sku)
}

// add keeps an item's row at the slot lookup gave for its SKU. The SKU and
// name are copied, so the record they came from can go.
func (k *keptRows) add(it inventory.WarehouseItem, line, slot int) {
	if k.n%rowsPerBlock == 0 {
		k.blocks = append(k.blocks, make([]keptRow, rowsPerBlock))
	}
	i := k.n
	k.n++
	*k.row(i) = keptRow{text: k.copyText(it.SKU, it.Name), skuLen: int32(len(it.SKU)), qty: int32(it.Qty), line: int32(line), updated: it.UpdatedAt}
	k.slots[slot] = int32(i + 1)
}

// grow doubles the index and places every row again.
func (k *keptRows) grow() {
	k.slots = make([]int32, max(1024, 2*len(k.slots)))
	for i := range k.n {
		_, slot := k.find(k.sku(i))
		k.slots[slot] = int32(i + 1)
	}
}

func (k *keptRows) copyText(sku, name string) string {
	n := len(sku) + len(name)
	if n > arenaMaxText {
		return sku + name // one allocation of its own (sku is never empty, so "+" copies)
	}
	if cap(k.arena)-len(k.arena) < n {
		k.arena = make([]byte, 0, arenaChunk)
	}
	start := len(k.arena)
	k.arena = append(k.arena, sku...)
	k.arena = append(k.arena, name...)
	return unsafe.String(&k.arena[start], n)
}

// items hands the rows back as items, in file order, leaving out the SKUs
// in drop (returned in that order as dropped), with room for spare more
// items after them so a caller can append without a copy. Each block is let
// go once copied.
func (k *keptRows) items(drop map[string]bool, spare int) (items, dropped []inventory.WarehouseItem) {
	items = make([]inventory.WarehouseItem, 0, k.n-len(drop)+spare)
	k.slots = nil
	for i := range k.n {
		r := k.row(i)
		it := inventory.WarehouseItem{SKU: r.text[:r.skuLen], Name: r.text[r.skuLen:], Qty: int(r.qty), UpdatedAt: r.updated}
		if drop[it.SKU] {
			dropped = append(dropped, it)
		} else {
			items = append(items, it)
		}
		if i%rowsPerBlock == rowsPerBlock-1 {
			k.blocks[i/rowsPerBlock] = nil
		}
	}
	k.blocks, k.n = nil, 0
	return items, dropped
}
