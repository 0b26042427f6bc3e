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
	// recorded, by index in w.view, is read only after done is closed.
	recorded []bool
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
func (e *Engine) newRecorder(w *world, runID uint, batches int) *recorder {
	r := &recorder{
		e: e, w: w, runID: runID,
		in:       make(chan confirmedBatch, batches), // never blocks the pushes
		done:     make(chan struct{}),
		recorded: make([]bool, len(w.view)),
	}
	go r.loop()
	return r
}

// confirmed hands over a batch whose outcome is known.
func (r *recorder) confirmed(pushes []inventory.Push, outcomes []pushOutcome) {
	r.in <- confirmedBatch{pushes: pushes, outcomes: slices.Clone(outcomes)}
}

// finish waits for every handed-over batch to be written and returns which
// warehouse items' rows are, by index in the view.
func (r *recorder) finish() []bool {
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
	if r.w.locMap != nil {
		return // a located run's rows are written by FinishRun (locations.go)
	}
	now := r.e.now().UTC()
	var existing, added []storage.Item
	var items []int
	c := storage.Confirmed{RunID: r.runID}
	for _, b := range group {
		c.Results = append(c.Results, runItems(b.pushes, b.outcomes, r.w.knownBefore)...)
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
			row, known := r.w.stored[p.SKU]
			if !known {
				row = storage.Item{ConnectionID: r.w.conn.ID, SKU: p.SKU}
			}
			r.w.applyWarehouse(&row, r.w.view[p.Item])
			applyPush(&row, p, b.outcomes[i], now)
			r.w.finishRow(&row)
			if known {
				existing = append(existing, row)
			} else {
				added = append(added, row)
			}
			items = append(items, p.Item)
		}
	}
	c.Existing, c.Added = existing, added
	if len(items) == 0 || r.e.db.SaveConfirmed(c) != nil {
		return
	}
	for _, i := range items {
		r.recorded[i] = true
	}
}
