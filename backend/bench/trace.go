package bench

import (
	"fmt"
	"io"
	"sync"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// phaseTrace is the engine observer behind --trace: it prints when each
// phase of a run began, on the world's clock and in real time, so a run's
// distance from the floor can be told apart into waiting and working.
type phaseTrace struct {
	w   *world
	out io.Writer

	mu          sync.Mutex
	phase       types.SyncPhase
	start, real time.Time
	last, lastR time.Time
}

func (t *phaseTrace) now() time.Time {
	if t.w.clock != nil {
		return t.w.clock.Now()
	}
	return time.Now()
}

func (t *phaseTrace) RunStarted(storage.SyncRun) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.phase, t.start, t.real = "starting", t.now(), time.Now()
	t.last, t.lastR = t.start, t.real
}

func (t *phaseTrace) RunProgress(p engine.Progress) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p.Phase != t.phase {
		t.flush(p.Phase)
	}
}

func (t *phaseTrace) RunFinished(storage.SyncRun) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.flush("finished")
}

// flush prints the phase that just ended: how long it took on the world's
// clock and how much of that was real work.
func (t *phaseTrace) flush(next types.SyncPhase) {
	now, real := t.now(), time.Now()
	fmt.Fprintf(t.out, "  trace: %-18s %9.1f ms (real work %8.1f ms), at %9.1f ms\n",
		t.phase, ms(now.Sub(t.last)), ms(real.Sub(t.lastR)), ms(now.Sub(t.start)))
	t.phase, t.last, t.lastR = next, now, real
}
