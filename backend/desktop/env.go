package desktop

import (
	"fmt"
	"os"
	"time"
)

// StartupDelayEnv shortens (or lengthens) how soon after start a missed
// scheduled sync runs, default 15s. A testing and operations knob: the
// desktop tests set it to a second so a scheduled sync fires while they
// watch.
const StartupDelayEnv = "SHELFSYNC_STARTUP_DELAY"

// StartupDelay reads StartupDelayEnv as a Go duration ("2s", "500ms"); 0
// means the core's default.
func StartupDelay() (time.Duration, error) {
	v := os.Getenv(StartupDelayEnv)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a positive duration such as 2s, not %q", StartupDelayEnv, v)
	}
	return d, nil
}

// ScheduleMinuteEnv makes a minute of the schedules last this long ("2s"):
// a connection syncing every 5 minutes then syncs every 10 seconds. A
// testing knob only: the scale test (backend/scale) runs many intervals
// in a few minutes with it.
const ScheduleMinuteEnv = "SHELFSYNC_SCHEDULE_MINUTE"

// ScheduleMinute reads ScheduleMinuteEnv; 0 means a real minute.
func ScheduleMinute() (time.Duration, error) {
	v := os.Getenv(ScheduleMinuteEnv)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a positive duration such as 2s, not %q", ScheduleMinuteEnv, v)
	}
	return d, nil
}
