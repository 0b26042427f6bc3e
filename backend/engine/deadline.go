package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// errRunDeadline is the cause of a run's context ended by its deadline.
var errRunDeadline = errors.New("the run passed its deadline")

// runDeadline is how long a run of the connection may take.
func (e *Engine) runDeadline(conn storage.Connection) time.Duration {
	if m := conn.Rules.RunDeadlineMinutes; m > 0 {
		return time.Duration(m) * time.Minute
	}
	return e.deadline
}

// pastDeadline reports whether ctx ended because the run passed its
// deadline rather than being cancelled.
func pastDeadline(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errRunDeadline)
}

// deadlineSentence says which step the run was in when its deadline
// passed, for the run's error.
func (e *Engine) deadlineSentence(conn storage.Connection) string {
	e.mu.Lock()
	var p Progress
	if r, ok := e.running[conn.ID]; ok {
		p = r.last
	}
	e.mu.Unlock()
	step := "starting"
	switch p.Phase {
	case types.PhaseReadingWarehouse:
		step = "reading the warehouse"
	case types.PhaseReadingStore:
		step = "reading the store"
	case types.PhasePlanning:
		step = "planning the updates"
	case types.PhasePushing:
		step = fmt.Sprintf("writing to the store (%d of %d updates done)", p.Done, p.Total)
	}
	return fmt.Sprintf("The sync was stopped at its deadline of %s while %s: the platform stopped answering in time. Quantities it had not confirmed stay pending and are retried by the next sync; if a sync of this catalogue really takes longer, raise the connection's deadline (Settings, \"Stop a sync still running after\"; or shelfsync rules --deadline)", e.runDeadline(conn), step)
}
