package engine

import (
	"fmt"
)

// Circuit-breaker defaults, in percent.
const (
	DefaultZeroShareLimit = 20
	DefaultShrinkLimit    = 30
	// breakerMinSKUs keeps the breaker quiet on tiny catalogues, where one
	// SKU going to zero is already a large share.
	breakerMinSKUs = 20
)

// checkHold is why a run must not push: a listing two warehouse SKUs would
// feed (never confirmable: the store would end with whichever came last),
// then the circuit breaker. "" lets the run go.
func checkHold(w *world, req Request) string {
	if n := len(w.plan.Collisions); n > 0 {
		msg := "Held: " + w.plan.Collisions[0].Sentence() + "."
		if n > 1 {
			msg += fmt.Sprintf(" %d more listings are fed twice; the run's history lists them.", n-1)
		}
		return msg
	}
	return checkBreaker(w, req)
}

// checkBreaker refuses a run that looks like a broken feed rather than real
// stock: too many SKUs about to go to zero, or a warehouse feed that shrank
// sharply since the last run. It returns the sentence to record, or "".
func checkBreaker(w *world, req Request) string {
	if req.Confirmed {
		return ""
	}
	zeroLimit, shrinkLimit := w.conn.Rules.ZeroShareLimit, w.conn.Rules.ShrinkLimit
	if zeroLimit <= 0 {
		zeroLimit = DefaultZeroShareLimit
	}
	if shrinkLimit <= 0 {
		shrinkLimit = DefaultShrinkLimit
	}

	mapped := w.mappedTotal()
	toZero := 0
	for _, p := range w.plan.Pushes {
		if p.To == 0 && (!p.FromKnown || p.From > 0) {
			toZero++
		}
	}
	if mapped >= breakerMinSKUs && toZero*100 > zeroLimit*mapped {
		what := "SKUs"
		if w.locMap != nil {
			what = "SKU quantities at the store's locations"
		}
		return fmt.Sprintf("Held: this sync would set %d of %d %s (%d%%) to zero, above the %d%% safety limit. Check the warehouse feed, then run it again and confirm if the numbers are right.",
			toZero, mapped, what, toZero*100/mapped, zeroLimit)
	}

	if w.read.Complete && !w.read.NotModified {
		before := 0
		isBundle := w.bundleSKUs() // built from components, not listed in the feed
		for _, it := range w.stored {
			if it.WarehouseSeen && !isBundle[it.SKU] {
				before++
			}
		}
		now := len(w.read.Items)
		if before >= breakerMinSKUs && (before-now)*100 > shrinkLimit*before {
			return fmt.Sprintf("Held: the warehouse feed lists %d SKUs, down from %d at the last sync (%d%% fewer, above the %d%% safety limit). Check the feed, then run it again and confirm if that is right.",
				now, before, (before-now)*100/before, shrinkLimit)
		}
	}
	return ""
}
