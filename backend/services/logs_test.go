package services

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
				// being wrapped up: skipped, and the log says why.
				skipped++
			}
		}
		return finished, failed, skipped, text
	}
	for hour := 1; hour <= 24; hour++ {
		w.clock.Advance(time.Hour)
		testwait.Until(t, func() bool { f, _, s, _ := told(); return f+s >= 2*hour }, "two scheduled syncs told by hour %d", hour)
	}
	w.core.Close()

	finished, failed, skipped, text := told()
	if strings.Contains(text, key) || strings.Contains(text, "7781") {
		t.Fatalf("the log holds the crate key:\n%s", text)
	}
	if finished+skipped != 48 || failed == 0 || finished < 40 {
		t.Fatalf("the log tells %d scheduled syncs (%d failed with their reason) and %d skipped; want 48 told, most run:\n%s", finished, failed, skipped, text)
	}
}
