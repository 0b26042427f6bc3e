package e2e

import (
	"strings"
	"testing"
)

// A wrong command line exits 2 with a sentence; --help prints its usage once.
func TestCLIUsageIsPrintedOnceAndABadStateIsAUsageError(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "5", "--store", "demo", "--no-schedule")
	for _, cmd := range []string{"sync", "rules", "inventory", "history", "schedule", "track"} {
		r := c.run(cmd, "--help")
		if r.code != 0 || strings.Count(r.stdout+r.stderr, "Usage:") != 1 {
			t.Errorf("%s --help exited %d and printed:\n%s%s\nwant its usage once", cmd, r.code, r.stdout, r.stderr)
		}
	}
	bad := c.run("inventory", "--connection", "Shop", "--state", "bogus")
	if bad.code != 2 || !strings.Contains(bad.stderr, "bogus") || !strings.Contains(bad.stderr, "in_sync") {
		t.Errorf("inventory --state bogus exited %d: %s%s; want 2 with the states it knows", bad.code, bad.stdout, bad.stderr)
	}
}
