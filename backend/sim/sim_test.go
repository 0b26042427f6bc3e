package sim

import (
	"flag"
	"os"
	"testing"
)

var seedFlag = flag.Int64("seed", -1, "run only this seed of the simulation")

// seedsToRun is 500 in CI and 10,000 under SHELFSYNC_SOAK=1 (make soak).
func seedsToRun() int64 {
	if os.Getenv("SHELFSYNC_SOAK") != "" {
		return 10000
	}
	return 500
}

// TestSimNoUpdateIsLost plays out many seeded worlds of faults, crashes and
// racing runs; after the faults stop one Smart Sync must make the store
// equal the published quantities, with every run closed and accounted for.
func TestSim(t *testing.T) {
	first, last := int64(1), seedsToRun()
	if *seedFlag >= 0 {
		first, last = *seedFlag, *seedFlag
	}
	failures := 0
	for seed := first; seed <= last; seed++ {
		if err := runSeed(t, seed); err != nil {
			failures++
			t.Errorf("%v", err)
			if failures >= 5 {
				t.Fatalf("stopping after %d failing seeds", failures)
			}
		}
	}
	t.Logf("seeds %d..%d: %d diverged", first, last, failures)
}

func runSeed(t *testing.T, seed int64) error {
	base, err := os.MkdirTemp(t.TempDir(), "seed")
	if err != nil {
		return err
	}
	defer os.RemoveAll(base)
	w, err := New(seed, base)
	if err != nil {
		return err
	}
	defer w.Close()
	return w.Run()
}
