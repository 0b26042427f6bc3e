package schedule

import (
	"shelfsync/backend/types"
	"testing"
	"time"
)

func TestFirstRunAnchorsOnLastRunOrCatchesUpOnce(t *testing.T) {
	now := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	const delay = 10 * time.Second
	cases := []struct {
		name     string
		lastRun  time.Time
		interval time.Duration
		want     Plan
	}{
		{"never synced runs soon after start", time.Time{}, time.Hour,
			Plan{now.Add(delay), types.TriggerStartup}},
		{"ran 10 minutes ago waits for the rest of the hour", now.Add(-10 * time.Minute), time.Hour,
			Plan{now.Add(50 * time.Minute), types.TriggerScheduled}},
		{"due exactly now catches up", now.Add(-time.Hour), time.Hour,
			Plan{now.Add(delay), types.TriggerStartup}},
		{"closed for 5 hours catches up once", now.Add(-5 * time.Hour), time.Hour,
			Plan{now.Add(delay), types.TriggerStartup}},
		{"due in 3 seconds keeps its own time", now.Add(-time.Hour + 3*time.Second), time.Hour,
			Plan{now.Add(3 * time.Second), types.TriggerScheduled}},
		{"longer interval moves the anchor", now.Add(-10 * time.Minute), 2 * time.Hour,
			Plan{now.Add(110 * time.Minute), types.TriggerScheduled}},
		{"clock set back counts as just ran", now.Add(3 * time.Hour), time.Hour,
			Plan{now.Add(time.Hour), types.TriggerScheduled}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := FirstRun(now, c.lastRun, c.interval, delay, types.TriggerStartup)
			if !got.At.Equal(c.want.At) || got.Trigger != c.want.Trigger {
				t.Fatalf("FirstRun = %v %s, want %v %s", got.At, got.Trigger, c.want.At, c.want.Trigger)
			}
		})
	}
}

func TestFirstRunUsesTheCatchUpTriggerItIsGiven(t *testing.T) {
	now := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	got := FirstRun(now, now.Add(-2*time.Hour), time.Hour, time.Second, types.TriggerScheduled)
	if got.Trigger != types.TriggerScheduled || !got.At.Equal(now.Add(time.Second)) {
		t.Fatalf("got %v %s", got.At, got.Trigger)
	}
}
