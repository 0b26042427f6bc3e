// Package testwait waits in tests for a condition that another goroutine or
// process makes true, instead of sleeping a guessed time: a fixed sleep is
// too short on a loaded machine and wasted on a fast one.
package testwait

import (
	"fmt"
	"testing"
	"time"
)

// Timeout is how long Until waits before failing the test.
const Timeout = 10 * time.Second

// Until polls cond until it holds, failing the test after Timeout with
// what (a format and its args) saying what never happened.
func Until(t testing.TB, cond func() bool, what string, args ...any) {
	t.Helper()
	Within(t, Timeout, cond, what, args...)
}

// Within is Until with its own timeout, for what takes long by nature (a
// desktop session coming up, a process starting under load).
func Within(t testing.TB, timeout time.Duration, cond func() bool, what string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", timeout, fmt.Sprintf(what, args...))
		}
		time.Sleep(5 * time.Millisecond)
	}
}
