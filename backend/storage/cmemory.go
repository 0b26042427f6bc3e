package storage

import (
	"sync"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
)

// keepCMemoryPages pins one block of every size class of the C heap the
// pure-Go SQLite allocates from (modernc.org/libc over modernc.org/memory).
// That allocator carves each size class out of 1 MB pages and unmaps a
// page the moment its last block is freed. A statement that allocates and
// frees scratch in a class where nothing else lives (a B-tree page split's
// 64 KB buffer, a parsed statement's growing expression lists) then maps a
// fresh page, faults it in 4 KB at a time, and unmaps it again: a
// 100,000-SKU Full Sync did so about 40,000 times (`perf record -e
// page-faults`), kernel time zeroing pages, where SQLite's own work needs
// none. With one block of each class kept, each class's first page stays
// mapped and freed blocks are reused warm. The cost is 15 blocks for the
// life of the process, each keeping a page of address space of which only
// the touched part is resident; under another allocator (a later driver,
// another platform's page size) they are merely kept.
var keepCMemoryPages = sync.OnceFunc(func() {
	tls := libc.NewTLS()
	defer tls.Close()
	// A block of 2^k bytes falls in class k: 16 bytes (the smallest) to
	// 256 KB (the largest carved out of shared pages).
	for size := 16; size <= 256<<10; size *= 2 {
		libc.Xmalloc(tls, types.Size_t(size))
	}
})
