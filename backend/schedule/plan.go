package schedule

import (
	"shelfsync/backend/types"
	"time"
)

// Plan is when a connection's next automatic run happens and what to call it.
type Plan struct {
	At      time.Time
	Trigger types.Trigger
}

// FirstRun decides a connection's first automatic run after it is
// scheduled: at lastRun+interval when that is still ahead, otherwise once,
// startupDelay after now, with the catchUp trigger. Missed intervals are
// never replayed one by one: a sync brings the store up to date whatever
// was missed, so one run is enough.
//
// A lastRun in the future (the clock was set back) counts as "just ran": the
// next run is one interval from now rather than hours or days away.
func FirstRun(now, lastRun time.Time, interval, startupDelay time.Duration, catchUp types.Trigger) Plan {
	switch {
	case lastRun.IsZero():
		return Plan{At: now.Add(startupDelay), Trigger: catchUp}
	case lastRun.After(now):
		return Plan{At: now.Add(interval), Trigger: types.TriggerScheduled}
	}
	due := lastRun.Add(interval)
	if !due.After(now) {
		return Plan{At: now.Add(startupDelay), Trigger: catchUp}
	}
	return Plan{At: due, Trigger: types.TriggerScheduled}
}
