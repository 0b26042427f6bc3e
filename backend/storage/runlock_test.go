package storage

import (
	"errors"
	"shelfsync/backend/types"
	"testing"
	"time"
)

func TestARunLockIsExclusiveUntilReleased(t *testing.T) {
	db := openTest(t)
	first, err := db.LockRuns(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LockRuns(1); !errors.Is(err, ErrRunActive) {
		t.Fatalf("a second lock of the same connection: %v, want ErrRunActive", err)
	}
	if locked, err := db.RunsLocked(1); err != nil || !locked {
		t.Errorf("RunsLocked while held = %v, %v; want true", locked, err)
	}
	other, err := db.LockRuns(2)
	if err != nil {
		t.Fatalf("another connection's lock: %v", err)
	}
	other.Release()
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if locked, err := db.RunsLocked(1); err != nil || locked {
		t.Errorf("RunsLocked after release = %v, %v; want false", locked, err)
	}
	again, err := db.LockRuns(1)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again.Release()
}

func TestClearStuckRunsClosesEveryHostsRunButNotALockedOne(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	seedItems(t, db, conn.ID, 4)
	stuck := SyncRun{ConnectionID: conn.ID, PID: 4242, Host: "old-laptop", StartedAt: time.Now()}
	if err := db.BeginRun(&stuck, func(int) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkInFlight(stuck.ID, []string{"SKU-0001"}); err != nil {
		t.Fatal(err)
	}

	held, err := db.LockRuns(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if listed, err := db.StuckRuns(conn.ID); err != nil || len(listed) != 0 {
		t.Errorf("StuckRuns while a process holds the lock = %+v, %v; want none", listed, err)
	}
	if _, err := db.ClearStuckRuns(conn.ID, time.Now()); !errors.Is(err, ErrRunActive) {
		t.Fatalf("ClearStuckRuns while a process holds the lock: %v, want ErrRunActive", err)
	}
	held.Release()
	if listed, err := db.StuckRuns(conn.ID); err != nil || len(listed) != 1 || listed[0].ID != stuck.ID {
		t.Errorf("StuckRuns = %+v, %v; want the stuck run", listed, err)
	}

	cleared, err := db.ClearStuckRuns(conn.ID, time.Now())
	if err != nil || len(cleared) != 1 || cleared[0].ID != stuck.ID {
		t.Fatalf("ClearStuckRuns = %+v, %v; want the stuck run", cleared, err)
	}
	if got, _ := db.Run(stuck.ID); got.Status != types.RunInterrupted {
		t.Errorf("the cleared run is %s, want interrupted", got.Status)
	}
	var pending int64
	db.gorm.Model(&Item{}).Where("connection_id = ? AND sku = ? AND pending", conn.ID, "SKU-0001").Count(&pending)
	if pending != 1 {
		t.Errorf("the SKU the stuck run was writing is not pending")
	}
	if again, err := db.ClearStuckRuns(conn.ID, time.Now()); err != nil || len(again) != 0 {
		t.Errorf("a second ClearStuckRuns = %+v, %v; want nothing", again, err)
	}
}

func TestBeginRunNamesTheRunItFindsRunningOnAnotherHost(t *testing.T) {
	db := openTest(t)
	conn := addConnection(t, db, "A")
	other := SyncRun{ConnectionID: conn.ID, PID: 4242, Host: "old-laptop", StartedAt: time.Now()}
	if err := db.BeginRun(&other, func(int) bool { return true }); err != nil {
		t.Fatal(err)
	}
	next := SyncRun{ConnectionID: conn.ID, PID: 1, Host: "here", StartedAt: time.Now()}
	err := db.BeginRun(&next, func(int) bool { return false })
	var active *ActiveRunError
	if !errors.As(err, &active) || !errors.Is(err, ErrRunActive) || active.Run.ID != other.ID || active.Run.Host != "old-laptop" {
		t.Fatalf("BeginRun beside another host's run: %v, want an ActiveRunError naming it", err)
	}
}
