package demo

import (
	"slices"
	"time"
)

// The drift: what happens to a warehouse's stock while nobody looks.
// Events sit on a fixed grid of clock hours, each hour's drawn from the seed
// and the hour alone, so the stock at any moment is the same however often
// (or seldom) the warehouse was read on the way there.
const (
	// maxDriftHours caps the catch-up after a long absence: a demo left
	// for a month changes as if left for a day, not beyond recognition.
	maxDriftHours = 24
	// restockBelow is the level under which deliveries arrive, which keeps
	// stock between zero and a few hundred.
	restockBelow = 60
)

type eventKind int

const (
	shipped  eventKind = iota // an order left: a small decrement
	received                  // a delivery came in: a larger increment
	recount                   // a cycle count found no difference: only the time moves
)

type driftEvent struct {
	at    time.Time
	index int // into the items
	kind  eventKind
	size  int
}

// hourEvents draws the events of the clock hour starting at hour: about
// 1-3% of n SKUs, at least one.
func hourEvents(seed int64, hour time.Time, n int) []driftEvent {
	rng := newRand(seed, uint64(hour.Unix()/3600)<<8|0x0D)
	count := max(1, n*(100+rng.IntN(201))/10000)
	events := make([]driftEvent, count)
	for i := range events {
		e := driftEvent{
			at:    hour.Add(time.Duration(rng.Int64N(3600)) * time.Second),
			index: rng.IntN(n),
		}
		switch r := rng.IntN(100); {
		case r < 80:
			e.kind, e.size = shipped, 1+rng.IntN(4)
		case r < 95:
			e.kind, e.size = received, 12*(2+rng.IntN(9)) // whole cases of 12
		default:
			e.kind = recount
		}
		events[i] = e
	}
	slices.SortStableFunc(events, func(a, b driftEvent) int { return a.at.Compare(b.at) })
	return events
}

// applyDrift applies to items every event in (from, to], capped to the last
// maxDriftHours, and returns how many changes it made.
func applyDrift(items []item, seed int64, from, to time.Time) int {
	if len(items) == 0 || !to.After(from) {
		return 0
	}
	if earliest := to.Add(-maxDriftHours * time.Hour); from.Before(earliest) {
		from = earliest
	}
	changes := 0
	for hour := from.Truncate(time.Hour); !hour.After(to); hour = hour.Add(time.Hour) {
		for _, e := range hourEvents(seed, hour, len(items)) {
			if !e.at.After(from) || e.at.After(to) {
				continue
			}
			it := &items[e.index]
			qty := it.Qty
			switch {
			case e.kind == recount:
			case e.kind == received && qty < restockBelow:
				qty += e.size
			default:
				// An order ships; a delivery for a well-stocked SKU is
				// treated as one too, so stock stays a few hundred at most.
				qty = max(0, qty-min(e.size, 4))
				if qty == it.Qty {
					continue // sold out: nothing ships
				}
			}
			it.setQty(qty)
			if e.at.After(it.UpdatedAt) {
				it.UpdatedAt = e.at
			}
			changes++
		}
	}
	return changes
}
