// Package notify tells the merchant what ShelfSync did while its window was
// closed: a desktop notification after each sync (through Wails' native
// notifications) and the tray icon with its menu. The headless CLI uses
// neither; Nop stands in where a notifier is required.
package notify

import (
	"fmt"
	"strings"

	"shelfsync/backend/inventory"
	"shelfsync/backend/types"
)

// Policy says which finished syncs earn a notification.
type Policy string

// The notification policies the Settings page offers.
const (
	PolicyAlways   Policy = "always"   // after every sync
	PolicyChanges  Policy = "changes"  // when a sync updated the store, met a warning or failed
	PolicyFailures Policy = "failures" // only when something failed
	PolicyNever    Policy = "never"
)

// PolicySetting is the settings key that stores the policy.
const PolicySetting = "notify.policy"

// DefaultPolicy is the policy of a fresh install: a Smart Sync every hour
// that finds nothing to do says nothing (24 notifications a day of "0
// updated" teach a merchant to ignore them).
const DefaultPolicy = PolicyChanges

// ParsePolicy reads a stored or submitted policy.
func ParsePolicy(s string) (Policy, error) {
	switch p := Policy(strings.ToLower(strings.TrimSpace(s))); p {
	case PolicyAlways, PolicyChanges, PolicyFailures, PolicyNever:
		return p, nil
	}
	return "", fmt.Errorf("notifications must be always, changes, failures or never, not %q", s)
}

// Wants reports whether a finished run earns a notification. A run the
// user cancelled (or that Quit cancelled) earns none: they know.
func (p Policy) Wants(run types.Run) bool {
	if run.Status == types.RunCancelled || run.Status == types.RunRunning {
		return false
	}
	switch p {
	case PolicyAlways:
		return true
	case PolicyChanges:
		return !succeeded(run) || run.Counts.Pushed > 0 || run.Warnings > 0 || run.Counts.Attention > 0
	case PolicyFailures:
		return !succeeded(run)
	}
	return false
}

func succeeded(run types.Run) bool {
	return run.Status == types.RunSucceeded && run.Counts.Failed == 0
}

// Message is one notification.
type Message struct {
	// ID identifies the notification; a run's is RunNotificationID(runID)
	// so that View details knows which run to open.
	ID    string
	Title string
	Body  string
	// RunID is the run the notification is about; 0 for a hint.
	RunID uint
}

// ForRun is the notification for a finished run: the title names the
// connection; the body says what the run did in one line.
func ForRun(conn types.Connection, run types.Run) Message {
	name := conn.Name
	if name == "" {
		name = run.Connection
	}
	return Message{
		ID:    RunNotificationID(run.RunID),
		Title: "ShelfSync · " + name,
		Body:  Summary(run),
		RunID: run.RunID,
	}
}

// Summary is one line about a finished run: "Smart Sync: 12 updated, 0
// failed", or, when something went wrong, what and where to look.
func Summary(run types.Run) string {
	mode := modeTitle(run)
	switch run.Status {
	case types.RunFailed, types.RunInterrupted:
		if run.Counts.Failed > 0 {
			return fmt.Sprintf("%s: %s failed. Open ShelfSync to see why", mode, run.Writes(run.Counts.Failed))
		}
		if run.Error != "" {
			// The error's sentence (which may name a file path, a shop's
			// address or SKUs) is the window's to show: a notification
			// appears over other apps and on a locked screen.
			return fmt.Sprintf("%s %s: nothing was written. Open ShelfSync to see why", mode, run.Status)
		}
		return fmt.Sprintf("%s %s. Open ShelfSync to see why", mode, run.Status)
	case types.RunHeld:
		return fmt.Sprintf("%s held: it would change more than usual. Open ShelfSync to review it", mode)
	case types.RunCancelled:
		return fmt.Sprintf("%s cancelled: %s updated", mode, run.Writes(run.Counts.Pushed))
	}
	if run.Counts.Failed > 0 {
		return fmt.Sprintf("%s: %s updated, %d failed%s. Open ShelfSync to see why", mode, run.Writes(run.Counts.Pushed), run.Counts.Failed, needAttention(run))
	}
	if run.Counts.Attention > 0 || run.Counts.Drifted > 0 {
		return fmt.Sprintf("%s: %s updated, %d failed%s. Open ShelfSync to see which", mode, run.Writes(run.Counts.Pushed), run.Counts.Failed, needAttention(run))
	}
	if run.Warnings > 0 {
		return fmt.Sprintf("%s succeeded with warnings: %s updated, %s. Open ShelfSync to see which", mode, run.Writes(run.Counts.Pushed), warningsText(run.Warnings))
	}
	return fmt.Sprintf("%s: %s updated, %d failed", mode, run.Writes(run.Counts.Pushed), run.Counts.Failed)
}

// warningsText is "1 warning" or "3 warnings": a warning may be a skipped
// feed row or a duplicate store listing, so the run's details name them.
func warningsText(n int) string {
	if n == 1 {
		return "1 warning"
	}
	return fmt.Sprintf("%d warnings", n)
}

// needAttention is ", 3 SKUs need attention" for a run that left SKUs the
// warehouse gave no quantity for, else "".
func needAttention(run types.Run) string {
	out := ""
	if n := run.Counts.Drifted; n > 0 {
		out = fmt.Sprintf(", %d drifted in the store", n)
	}
	switch n := run.Counts.Attention; n {
	case 0:
	case 1:
		out += ", 1 SKU needs attention"
	default:
		out += fmt.Sprintf(", %d SKUs need attention", n)
	}
	return out
}

func modeTitle(run types.Run) string {
	mode := run.ModeRun
	if mode == "" {
		mode = run.ModeRequested
	}
	switch mode {
	case inventory.ModeFull:
		return "Full Sync"
	case inventory.ModeSmart:
		return "Smart Sync"
	case "undo":
		return "Undo"
	}
	return "Sync"
}

// RunNotificationID names a run's notification.
func RunNotificationID(runID uint) string { return fmt.Sprintf("shelfsync-run-%d", runID) }

// RunIDFromNotification reads the run back from a notification id.
func RunIDFromNotification(id string) (uint, bool) {
	var runID uint
	if _, err := fmt.Sscanf(id, "shelfsync-run-%d", &runID); err != nil || runID == 0 {
		return 0, false
	}
	return runID, true
}
