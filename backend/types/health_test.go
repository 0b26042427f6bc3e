package types

import "testing"

func TestALastRunSaysTheWorstThingFirst(t *testing.T) {
	for _, c := range []struct {
		run  Run
		want Health
	}{
		{Run{Status: RunFailed, Error: "The CSV file is gone.", Counts: Counts{Failed: 3}}, Health{HealthFailing, "Failing", "The CSV file is gone."}},
		{Run{Status: RunInterrupted}, Health{HealthFailing, "Failing", "The last sync stopped before it finished; nothing was written after that point."}},
		{Run{Status: RunHeld, Warnings: 2}, Health{HealthHeld, "Held", "The last sync was held for your review; nothing was written."}},
		{Run{Status: RunPartial, Counts: Counts{Failed: 1200}, Warnings: 1}, Health{HealthAttention, "Needs attention", "1,200 SKUs could not be updated in the last sync."}},
		{Run{Status: RunSucceeded, Warnings: 1}, Health{HealthAttention, "Needs attention", "The last sync succeeded with 1 warning: rows it could not read were skipped."}},
		{Run{Status: RunCancelled}, Health{HealthAttention, "Needs attention", "The last sync was cancelled; some SKUs may still wait for an update."}},
		{Run{Status: RunSucceeded}, Health{HealthHealthy, "Healthy", "The last sync worked."}},
	} {
		if got := RunHealth(c.run); got != c.want {
			t.Errorf("%s run: %+v, want %+v", c.run.Status, got, c.want)
		}
	}
}

func TestPausedOnlyCoversAHealthyScheduledConnection(t *testing.T) {
	ok, bad := Run{Status: RunSucceeded}, Run{Status: RunFailed, Error: "Gone."}
	if h := ConnectionHealth(&ok, true, true); h.Key != HealthPaused {
		t.Errorf("a healthy scheduled connection, paused: %s", h.Key)
	}
	if h := ConnectionHealth(&ok, false, true); h.Key != HealthHealthy {
		t.Errorf("a healthy unscheduled connection, paused: %s", h.Key)
	}
	if h := ConnectionHealth(&bad, true, true); h.Key != HealthFailing {
		t.Errorf("a failing connection, paused: %s", h.Key)
	}
	if h := ConnectionHealth(nil, true, false); h.Key != HealthNew {
		t.Errorf("no run yet: %s", h.Key)
	}
}
