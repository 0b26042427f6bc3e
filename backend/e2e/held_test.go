package e2e

import (
	"path/filepath"
	"testing"
	"time"
)

// A feed that shrank sharply is held, and stays held on every later run
// (the held run recorded nothing as the new reference) until the feed
// recovers or the merchant confirms.
func TestCLIAShrunkenFeedStaysHeldUntilItRecovers(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	feed(t, path, 25, 0, at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	if first := c.sync("Shop", "full"); first.Counts.Pushed != 25 {
		t.Fatalf("first Full pushed %d, want 25", first.Counts.Pushed)
	}

	feed(t, path, 15, 0, at.Add(time.Minute)) // 10 SKUs dropped: 40% fewer
	for i, mode := range []string{"smart", "smart", "full"} {
		if run := c.sync("Shop", mode); run.Status != "held" || run.Counts.Pushed != 0 {
			t.Fatalf("%s run %d on the shrunken feed: %s, pushed %d; want held with nothing pushed", mode, i+1, run.Status, run.Counts.Pushed)
		}
	}

	feed(t, path, 25, 0, at.Add(2*time.Minute)) // the feed is whole again
	if run := c.sync("Shop", "smart"); run.Status != "succeeded" || run.Counts.Pushed != 0 {
		t.Fatalf("Smart once the feed recovered: %s, pushed %d; want succeeded with nothing to push", run.Status, run.Counts.Pushed)
	}
}

// A run held for zeroing too many SKUs leaves them as they were: the next
// run is held again rather than trusting what the held run saw.
func TestCLIARunHeldForZeroesStaysHeldOnTheNextRun(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	feed(t, path, 25, 0, at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	c.sync("Shop", "full")
	feed(t, path, 25, 10, at.Add(time.Minute))
	for i := range 2 {
		if run := c.sync("Shop", "smart"); run.Status != "held" {
			t.Fatalf("Smart %d on the zeroing feed: %s, want held", i+1, run.Status)
		}
	}
	if run := c.run("sync", "--connection", "Shop", "--yes", "--json"); run.code != 0 {
		t.Fatalf("sync --yes exited %d: %s%s", run.code, run.stdout, run.stderr)
	}
}
