package services

import (
	"testing"

	"shelfsync/backend/types"
)

// The circuit breaker's thresholds are settings: SetSafetyLimits stores
// them, and saving the quantity rules from a window that does not know them
// leaves them alone.
func TestSafetyLimitsAreStoredAndSurviveARulesSave(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.conns.SetSafetyLimits(conn.ID, 50, 40); err != nil {
		t.Fatal(err)
	}
	if _, err := w.conns.SetRules(conn.ID, types.Rules{Buffer: 2}); err != nil {
		t.Fatal(err)
	}
	stored, err := w.core.db.Connection(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Rules.ZeroShareLimit != 50 || stored.Rules.ShrinkLimit != 40 || stored.Rules.Buffer != 2 {
		t.Fatalf("stored rules = %+v, want limits 50/40 and buffer 2", stored.Rules)
	}
}
