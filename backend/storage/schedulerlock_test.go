package storage

import (
	"errors"
	"testing"
)

func TestOneHolderOfTheSchedulingLockAtATime(t *testing.T) {
	db := openTest(t)
	first, err := db.LockScheduling()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LockScheduling(); !errors.Is(err, ErrSchedulingActive) {
		t.Fatalf("a second scheduler on the same folder: %v, want ErrSchedulingActive", err)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := db.LockScheduling()
	if err != nil {
		t.Fatalf("after the first stopped: %v", err)
	}
	if err := again.Release(); err != nil {
		t.Fatal(err)
	}
}
