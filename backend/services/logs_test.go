package services

import (
	"context"
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
	logPath := filepath.Join(logs.Dir(w.core.DataDir()), logs.FileName)
	told := func() (finished, failed, skipped int, text string) {
		b, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatal(err)
		}
		text = string(b)
		for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
			switch {
			case strings.Contains(line, `"msg":"sync finished"`) && strings.Contains(line, `"trigger":"scheduled"`):
				finished++
				if strings.Contains(line, `"status":"failed"`) && strings.Contains(line, "crate refused the key") {
					failed++
				}
			case strings.Contains(line, `"msg":"scheduled sync skipped"`) && strings.Contains(line, `"why":"the previous sync`):
				// Due while the last run of its connection was still
				// going: skipped, with why (the loop below lets each run
				// end before the next is due, so none should be).
				skipped++
			}
		}
		return finished, failed, skipped, text
	}
	// A scheduled run is over when the scheduler lets it go and says so
	// (schedule:changed), a moment after its line is logged: advanced on
	// the line alone, the clock made the next run due while the last was
	// still being wrapped up, and that run was skipped (more of them under
	// -race).
	changed := func() int { return len(w.events.Named(events.ScheduleChanged)) }
	before := changed()
	for hour := 1; hour <= 24; hour++ {
		w.clock.Advance(time.Hour)
		testwait.Until(t, func() bool { return changed() >= before+2*hour }, "two scheduled syncs over by hour %d", hour)
	}
	w.core.Close()

	finished, failed, skipped, text := told()
	// Any part of the key, but not its digits alone: "7781" turned up in a
	// log line's nanoseconds.
	if strings.Contains(text, key) || strings.Contains(text, "secret-crate") {
		t.Fatalf("the log holds the crate key:\n%s", text)
	}
	if finished != 48 || failed != 24 || skipped != 0 {
		t.Fatalf("the log tells %d scheduled syncs (%d failed with their reason) and %d skipped; want 48, the 24 of the leaky crate failed, none skipped:\n%s", finished, failed, skipped, text)
	}
}

// A scheduled sync that cannot start (the connection is already syncing)
// leaves a line saying so and why; before, it left no trace at all.
func TestARefusedScheduledSyncIsLoggedWithWhy(t *testing.T) {
	w := newWorld(t, false)
	req := demoPair("Slow")
	req.StoreSettings = map[string]string{"latencyMs": "200"}
	conn, err := w.conns.Create(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.sync.Start(conn.ID, "full"); err != nil {
		t.Fatal(err)
	}
	w.core.runScheduled(context.Background(), conn.ID, types.TriggerScheduled)
	b, err := os.ReadFile(filepath.Join(logs.Dir(w.core.DataDir()), logs.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"msg":"scheduled sync refused"`) || !strings.Contains(string(b), `"why":"A sync of Slow is already running`) {
		t.Fatalf("the log does not say the scheduled sync was refused and why:\n%s", b)
	}
	testwait.Until(t, func() bool { return len(w.events.Named(events.SyncFinished)) == 1 }, "the manual sync to finish")
}
