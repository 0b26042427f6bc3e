package types

import "fmt"

// HealthKey is a connection's one status at a glance.
type HealthKey string

// The statuses, worst first as Health picks them.
const (
	HealthNew       HealthKey = "new"
	HealthFailing   HealthKey = "failing"
	HealthHeld      HealthKey = "held"
	HealthAttention HealthKey = "attention"
	HealthPaused    HealthKey = "paused"
	HealthHealthy   HealthKey = "healthy"
)

// Health is one truthful status for a connection, with the plain sentence
// that says why. The card, the Inventory tab and the tray menu all show it.
type Health struct {
	Key      HealthKey `json:"key"`
	Label    string    `json:"label"`
	Sentence string    `json:"sentence"`
}

// RunHealth is the status a finished run leaves its connection in: the
// worst thing first (failing, then held, then anything that needs a look),
// so "Healthy" always means healthy.
func RunHealth(r Run) Health {
	switch r.Status {
	case RunFailed, RunInterrupted:
		why := r.Error
		if why == "" {
			why = "The last sync stopped before it finished; nothing was written after that point."
		}
		return Health{HealthFailing, "Failing", why}
	case RunHeld:
		return Health{HealthHeld, "Held", "The last sync was held for your review; nothing was written."}
	}
	if n := r.Counts.Failed; n > 0 {
		return Health{HealthAttention, "Needs attention", fmt.Sprintf("%s could not be updated in the last sync.", countOf(n, "SKU", "SKUs"))}
	}
	if r.Warnings > 0 {
		return Health{HealthAttention, "Needs attention", fmt.Sprintf("The last sync succeeded with %s: rows it could not read were skipped.", countOf(r.Warnings, "warning", "warnings"))}
	}
	if r.Status == RunCancelled {
		return Health{HealthAttention, "Needs attention", "The last sync was cancelled; some SKUs may still wait for an update."}
	}
	return Health{HealthHealthy, "Healthy", "The last sync worked."}
}

// ConnectionHealth adds to the last run's health what the run cannot know:
// that there is no run yet, or that automatic sync is paused.
func ConnectionHealth(last *Run, scheduleEnabled, paused bool) Health {
	if last == nil {
		return Health{HealthNew, "Not synced yet", "Start with a Full inventory update."}
	}
	h := last.Health
	if h.Key == "" {
		h = RunHealth(*last)
	}
	if h.Key == HealthHealthy && paused && scheduleEnabled {
		return Health{HealthPaused, "Paused", "Automatic sync is paused."}
	}
	return h
}

func countOf(n int, one, many string) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n == 1 {
		return s + " " + one
	}
	return s + " " + many
}
