package storage

import (
	"fmt"
	"unicode/utf8"
)

// A run's error and warnings are kept for every run of the history, so
// their size is bounded by bytes, not only by count: one SKU repeated two
// million times once made a 16.9 MB warning stored on every run.
const (
	// MaxRunErrorBytes caps a run's error sentence.
	MaxRunErrorBytes = 4 << 10
	// MaxRunProblemsBytes caps the warnings of one run, all together.
	MaxRunProblemsBytes = 64 << 10
)

// boundRunText cuts a run's error and warnings to their limits, saying so.
func boundRunText(run *SyncRun) {
	run.Error = cutText(run.Error, MaxRunErrorBytes)
	total := 0
	for i, p := range run.Problems {
		if total+len(p) > MaxRunProblemsBytes {
			run.Problems = append(run.Problems[:i:i], fmt.Sprintf("… and %d more warnings not kept (they passed %d KB)", len(run.Problems)-i, MaxRunProblemsBytes>>10))
			return
		}
		total += len(p)
	}
}

// cutText cuts text to at most limit bytes on a rune boundary.
func cutText(text string, limit int) string {
	if len(text) <= limit {
		return text
	}
	const more = " … (cut)"
	cut := limit - len(more)
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + more
}
