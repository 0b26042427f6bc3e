package notify

import (
	"context"
	"fmt"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// runCategory is the notification category whose one action is View
// details.
const runCategory = "shelfsync-run"

// ActionViewDetails is the View details action's identifier.
const ActionViewDetails = "view-details"

// WailsSender sends notifications through Wails' native notifications
// (org.freedesktop.Notifications on Linux, toasts on Windows, the
// Notification Center on macOS).
type WailsSender struct {
	ctx context.Context
}

// NewWailsSender initialises Wails' notifications and routes the View
// details action to onViewDetails with the run's id. It fails where there
// is no notification service to connect to (no session bus, say).
//
// Only the View details button opens a run: on Linux Wails reports a
// dismissed notification as the default action, so the default action
// cannot mean "open".
func NewWailsSender(ctx context.Context, onViewDetails func(runID uint)) (*WailsSender, error) {
	if err := runtime.InitializeNotifications(ctx); err != nil {
		return nil, fmt.Errorf("start desktop notifications: %w", err)
	}
	if !runtime.IsNotificationAvailable(ctx) {
		return nil, ErrUnavailable
	}
	category := runtime.NotificationCategory{
		ID:      runCategory,
		Actions: []runtime.NotificationAction{{ID: ActionViewDetails, Title: "View details"}},
	}
	if err := runtime.RegisterNotificationCategory(ctx, category); err != nil {
		return nil, fmt.Errorf("register the View details action: %w", err)
	}
	runtime.OnNotificationResponse(ctx, func(result runtime.NotificationResult) {
		if result.Error != nil || result.Response.ActionIdentifier != ActionViewDetails {
			return
		}
		if runID, ok := RunIDFromNotification(result.Response.ID); ok {
			onViewDetails(runID)
		}
	})
	return &WailsSender{ctx: ctx}, nil
}

// Send shows one notification; a run's carries the View details action.
func (s *WailsSender) Send(m Message) error {
	opts := runtime.NotificationOptions{ID: m.ID, Title: m.Title, Body: m.Body}
	if m.RunID == 0 {
		return runtime.SendNotification(s.ctx, opts)
	}
	opts.CategoryID = runCategory
	opts.Data = map[string]any{"runId": m.RunID}
	return runtime.SendNotificationWithActions(s.ctx, opts)
}

// Close releases the notification service's connection.
func (s *WailsSender) Close() { runtime.CleanupNotifications(s.ctx) }
