package engine

import (
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
	e    *Engine
	w    *world
	view map[string]int // SKU -> index in w.view
	in   chan confirmedBatch
	done chan struct{}
	// recorded is read only after done is closed.
	recorded map[string]bool
}

// maxGroupRows bounds the rows one recorder transaction writes. Against a
// store with no latency every batch but the first is waiting at once, and
// writing them all in one go held a whole catalogue's rows in memory
// (30 MB at 100,000 SKUs) for no gain in speed.
const maxGroupRows = 4000

type confirmedBatch struct {
	pushes   []inventory.Push
	outcomes []pushOutcome
}

// newRecorder starts the recorder for a run of batches batches.
func (e *Engine) newRecorder(w *world, batches int) *recorder {
	r := &recorder{
		e: e, w: w,
		view:     make(map[string]int, len(w.view)),
		in:       make(chan confirmedBatch, batches), // never blocks the pushes
		done:     make(chan struct{}),
		recorded: map[string]bool{},
	}
	for i, it := range w.view {
		r.view[it.SKU] = i
	}
	go r.loop()
	return r
}

// confirmed hands over a batch whose outcome is known.
func (r *recorder) confirmed(pushes []inventory.Push, results map[string]pushOutcome) {
	b := confirmedBatch{pushes: pushes, outcomes: make([]pushOutcome, len(pushes))}
	for i, p := range pushes {
		b.outcomes[i] = results[p.SKU]
	}
	r.in <- b
}

// finish waits for every handed-over batch to be written and returns the
// SKUs whose rows are.
func (r *recorder) finish() map[string]bool {
	close(r.in)
	<-r.done
	return r.recorded
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
	now := r.e.now().UTC()
	var existing, added []storage.Item
	var skus []string
	for _, b := range group {
		for i, p := range b.pushes {
			if b.outcomes[i].status == statusNotAttempted {
				continue
			}
			idx, ok := r.view[p.SKU]
			if !ok {
				continue
			}
			// Every SKU the run read and has a row was loaded (also on the
			// fast path), so one not in stored has no row yet.
			row, known := r.w.stored[p.SKU]
			if !known {
				row = storage.Item{ConnectionID: r.w.conn.ID, SKU: p.SKU}
			}
			r.w.applyWarehouse(&row, r.w.view[idx])
			applyPush(&row, p, b.outcomes[i], now)
			r.w.finishRow(&row)
			if known {
				existing = append(existing, row)
			} else {
				added = append(added, row)
			}
			skus = append(skus, p.SKU)
		}
	}
	if len(skus) == 0 || r.e.db.SaveItems(existing, added) != nil {
		return
	}
	for _, sku := range skus {
		r.recorded[sku] = true
	}
}
