package types

import "time"

// StuckRun is a run still marked running that no ShelfSync on this
// computer is running: its process stopped where it could not be seen to
// (another computer name, a data folder copied from elsewhere).
type StuckRun struct {
	RunID     uint      `json:"runId"`
	StartedAt time.Time `json:"startedAt"`
	// Host is the computer name the run was started on.
	Host string `json:"host"`
	PID  int    `json:"pid"`
}
