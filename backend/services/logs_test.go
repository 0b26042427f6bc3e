package services

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/events"
	"shelfsync/backend/logs"
	"shelfsync/backend/testwait"
	"shelfsync/backend/types"
)

// A merchant writes "it didn't sync last night": the log of a day of
// scheduled syncs, on a fast clock, must say what each run did and what
// went wrong, and must hold no secret even where a server echoed one.
func TestADayOfScheduledSyncsLeavesALogThatSaysWhatHappenedAndNoSecret(t *testing.T) {
	w := newWorld(t, false)
	const key = "k-secret-crate-7781"
	for _, crate := range []string{"7", "leaky"} {
		_, err := w.conns.Create(types.NewConnection{Name: "Crate " + crate, WarehouseKind: "crate", StoreKind: "demo",
			WarehouseSettings: map[string]string{"crate": crate}, WarehouseSecrets: map[string]string{"crateKey": key}})
		if err != nil {
			t.Fatal(err)
		}
	}
	for hour := 1; hour <= 24; hour++ {
		w.clock.Advance(time.Hour)
		testwait.Until(t, func() bool { return len(w.events.Named(events.SyncFinished)) >= 2*hour }, "two syncs finished by hour %d", hour)
	}
	w.core.Close()

	b, err := os.ReadFile(filepath.Join(logs.Dir(w.core.DataDir()), logs.FileName))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if strings.Contains(text, key) || strings.Contains(text, "7781") {
		t.Fatalf("the log holds the crate key:\n%s", text)
	}
	var finished, failed int
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.Contains(line, `"msg":"sync finished"`) && strings.Contains(line, `"trigger":"scheduled"`) {
			finished++
			if strings.Contains(line, `"status":"failed"`) && strings.Contains(line, `"component":"engine"`) && strings.Contains(line, "crate refused the key") {
				failed++
			}
		}
	}
	if finished != 48 || failed != 24 {
		t.Fatalf("the log tells %d scheduled syncs (%d failed with their reason); want 48 and 24:\n%s", finished, failed, text)
	}
}
