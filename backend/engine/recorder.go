package engine

import (
	"slices"

	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
)

// recorder writes the inventory rows of each confirmed batch while the
// next batches are pushed. Against a rate-limited store most of a large
// run is spent waiting for the platform's bucket; recording 100,000 rows
// at the end took 1.8 s on top of that, and now happens in those waits.
// It is also what a merchant wants if the process dies mid-run: every
// confirmed quantity is already the baseline, not only marked pending.
// FinishRun still writes the run, its history and every other row.
type recorder struct {
	e     *Engine
	w     *world
	runID uint
	in    chan confirmedBatch
	done  chan struct{}
	// marks are read only after done is closed.
	marks recorded
	// locs are the SKU-location rows this recorder wrote, on a connection
	// with a location map: a SKU whose locations fall in two batches is
	// folded from the first batch's rows when the second is written.
	locs map[inventory.LocationKey]storage.ItemLocation
}

// recorded says what the recorder wrote: the warehouse items' rows by
// index in the view, and the pushes' history rows by index in the plan.
type recorded struct {
	items  []bool
	pushes []bool
}

// maxGroupRows bounds the rows one recorder transaction writes. Against a
// store with no latency every batch but the first is waiting at once, and
// writing them all in one go held a whole catalogue's rows in memory
// (30 MB at 100,000 SKUs) for no gain in speed.
const maxGroupRows = 4000

type confirmedBatch struct {
	first    int // index in the plan of the batch's first push
	pushes   []inventory.Push
	outcomes []pushOutcome
}

// newRecorder starts the recorder for a run of batches batches.
func (e *Engine) newRecorder(w *world, runID uint, batches int) *recorder {
	r := &recorder{
		e: e, w: w, runID: runID,
		in:    make(chan confirmedBatch, batches), // never blocks the pushes
		done:  make(chan struct{}),
		marks: recorded{items: make([]bool, len(w.view)), pushes: make([]bool, len(w.plan.Pushes))},
		locs:  map[inventory.LocationKey]storage.ItemLocation{},
	}
	go r.loop()
	return r
}

// confirmed hands over a batch whose outcome is known; first is the index
// in the plan of its first push.
func (r *recorder) confirmed(first int, pushes []inventory.Push, outcomes []pushOutcome) {
	r.in <- confirmedBatch{first: first, pushes: pushes, outcomes: slices.Clone(outcomes)}
}

// finish waits for every handed-over batch to be written and returns what
// was.
func (r *recorder) finish() recorded {
	close(r.in)
	<-r.done
	return r.marks
}

func (r *recorder) loop() {
	defer close(r.done)
	for first := range r.in {
		// Take the batches already waiting, up to maxGroupRows SKUs: one
		// transaction for them all.
		group := []confirmedBatch{first}
		rows := len(first.pushes)
	more:
		for rows < maxGroupRows {
			select {
			case b, ok := <-r.in:
				if !ok {
					break more
				}
				group = append(group, b)
				rows += len(b.pushes)
			default:
				break more
			}
		}
		r.write(group)
	}
}

// write computes the rows of a group of batches the way inventoryRows
// does for pushed SKUs (they are all warehouse SKUs the run read) and
// saves them. A failed write is left to FinishRun, which writes every row
// not recorded here.
func (r *recorder) write(group []confirmedBatch) {
	if r.w.locMap != nil {
		r.writeLocated(group) // per location, then summed (locations.go)
		return
	}
	now := r.e.now().UTC()
	total := 0
	for _, b := range group {
		total += len(b.pushes)
	}
	// Sized once: grown by append, the rows of 4,000 SKUs cost three
	// times their size in garbage.
	rows := make([]storage.Item, 0, total)
	kinds := make([]rowKind, 0, total)
	items := make([]int, 0, total)
	c := storage.Confirmed{RunID: r.runID, Results: make([]storage.SyncRunItem, 0, total)}
	for _, b := range group {
		c.Results = append(c.Results, runItems(b.pushes, b.outcomes, r.w.knownAt)...)
		for i, p := range b.pushes {
			switch b.outcomes[i].status {
			case statusNotAttempted:
				continue
			case statusOK:
				c.Pushed++
			case statusFailed:
				c.Failed++
			}
			// Every SKU the run read and has a row was loaded (also on the
			// fast path), so one not in stored has no row yet.
			old, known := r.w.stored[p.SKU]
			row := old
			if !known {
				row = storage.Item{ConnectionID: r.w.conn.ID, SKU: p.SKU}
			}
			r.w.applyWarehouse(&row, r.w.view[p.Item])
			applyPush(&row, p, b.outcomes[i], now)
			r.w.finishRow(&row)
			kind := rowAdded
			switch {
			case known && row.Name == old.Name && row.State == old.State:
				kind = rowInPlace
			case known:
				kind = rowExisting
			}
			rows = append(rows, row)
			kinds = append(kinds, kind)
			items = append(items, p.Item)
		}
	}
	c.Existing, c.InPlace, c.Added = partitionRows(rows, kinds)
	if len(items) == 0 || r.e.db.SaveConfirmed(c) != nil {
		return
	}
	for _, i := range items {
		r.marks.items[i] = true
	}
	r.markPushes(group)
}

// markPushes notes the attempted pushes of a saved group as recorded.
func (r *recorder) markPushes(group []confirmedBatch) {
	for _, b := range group {
		for i := range b.pushes {
			if b.outcomes[i].status != statusNotAttempted {
				r.marks.pushes[b.first+i] = true
			}
		}
	}
}

// rowKind says how a confirmed row is written (see storage.Confirmed).
type rowKind uint8

const (
	rowExisting rowKind = iota
	rowInPlace
	rowAdded
)

// partitionRows splits rows by kind in place, without copying them out:
// the order within each part does not matter, since storage writes each in
// SKU order.
func partitionRows(rows []storage.Item, kinds []rowKind) (existing, inPlace, added []storage.Item) {
	// Dutch flag: [0,lo) existing, [lo,mid) in place, [hi,n) added.
	lo, mid, hi := 0, 0, len(rows)
	for mid < hi {
		switch kinds[mid] {
		case rowExisting:
			rows[lo], rows[mid] = rows[mid], rows[lo]
			kinds[lo], kinds[mid] = kinds[mid], kinds[lo]
			lo++
			mid++
		case rowInPlace:
			mid++
		default:
			hi--
			rows[mid], rows[hi] = rows[hi], rows[mid]
			kinds[mid], kinds[hi] = kinds[hi], kinds[mid]
		}
	}
	return rows[:lo:lo], rows[lo:mid:mid], rows[hi:]
}
