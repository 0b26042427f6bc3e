package storage

import (
	"shelfsync/backend/types"
	"strings"
	"testing"
	"time"
)

func TestARunsErrorAndWarningsAreKeptWithinTheirBytes(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "Shop")
	run := SyncRun{ConnectionID: conn.ID, Status: types.RunRunning, StartedAt: time.Now()}
	if err := db.BeginRun(&run, func(int) bool { return false }); err != nil {
		t.Fatal(err)
	}
	run.Status = types.RunFailed
	run.Error = strings.Repeat("é", MaxRunErrorBytes)
	for range 1000 {
		run.Problems = append(run.Problems, strings.Repeat("w", 1000))
	}
	if err := db.FinishRun(RunOutcome{Run: &run}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Run(run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Error) > MaxRunErrorBytes || !strings.HasSuffix(got.Error, "(cut)") {
		t.Errorf("error of %d bytes kept", len(got.Error))
	}
	total := 0
	for _, p := range got.Problems {
		total += len(p)
	}
	last := got.Problems[len(got.Problems)-1]
	if total > MaxRunProblemsBytes+200 || !strings.Contains(last, "more warnings not kept") {
		t.Errorf("%d warnings of %d bytes kept, last %q", len(got.Problems), total, last)
	}
}
