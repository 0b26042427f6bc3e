package services

import (
	"strings"
	"testing"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

func TestTheWindowClearsARunStuckUnderAnotherComputerNameAndSyncsAgain(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	left := storage.SyncRun{ConnectionID: conn.ID, Trigger: "cli", ModeRequested: "full", Status: types.RunRunning, StartedAt: w.clock.Now(), PID: 4242, Host: "old-laptop"}
	if err := w.core.db.Gorm().Create(&left).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := w.sync.Start(conn.ID, "smart"); err == nil || !strings.Contains(err.Error(), "Clear stuck sync") {
		t.Fatalf("Start beside the stuck run: %v, want a refusal naming the way out", err)
	}
	stuck, err := w.sync.StuckRuns(conn.ID)
	if err != nil || len(stuck) != 1 || stuck[0].Host != "old-laptop" || stuck[0].RunID != left.ID {
		t.Fatalf("StuckRuns = %+v, %v; want the run left on old-laptop", stuck, err)
	}
	if cleared, err := w.sync.ClearStuck(conn.ID); err != nil || len(cleared) != 1 {
		t.Fatalf("ClearStuck = %+v, %v", cleared, err)
	}
	if _, err := w.sync.Start(conn.ID, "smart"); err != nil {
		t.Fatalf("Start after clearing: %v", err)
	}
	if run := w.waitFinished(t, 1); run.Status != "succeeded" {
		t.Errorf("the sync after clearing ended %s: %s", run.Status, run.Error)
	}
	if stuck, _ := w.sync.StuckRuns(conn.ID); len(stuck) != 0 {
		t.Errorf("StuckRuns after the sync = %+v, want none", stuck)
	}
}
