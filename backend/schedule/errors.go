package schedule

import "errors"

// ErrIntervalTooShort is returned by Set when an interval is below the
// minimum: platforms rate-limit, and a merchant gains nothing from syncing
// more often than every few minutes.
var ErrIntervalTooShort = errors.New("sync interval is too short")

// ErrSchedulerShutDown is returned by Set after Shutdown.
var ErrSchedulerShutDown = errors.New("scheduler has shut down")
