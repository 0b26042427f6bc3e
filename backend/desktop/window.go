//go:build !headless

package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"shelfsync/backend/events"
	"shelfsync/backend/notify"
	"shelfsync/backend/types"
)

// WindowService is what the window asks of the desktop it runs on: the
// native Open and Save dialogs, starting at login, when a finished sync
// shows a notification, and Quit. It is bound beside the services
// (window.go); in a browser, `shelfsync serve` answers the same names with
// server.Shell. Every exported method is a bound call.
type WindowService struct {
	opts WindowOptions
}

// WindowOptions are the parts of the shell the service reaches.
type WindowOptions struct {
	// Context is the window's Wails context, known once it has started;
	// the dialogs need it.
	Context func() context.Context
	// Notifier keeps the notification policy (the agent's notifier sends
	// them in the window role; the setting is in the shared database).
	Notifier *notify.Notifier
	// Autostart is nil when ShelfSync cannot find its own program file.
	Autostart *Autostart
	// ExportRun is a run's per-SKU results as CSV (HistoryService.ExportCSV).
	ExportRun func(runID uint) (string, error)
	// Quit ends ShelfSync: the agent in the window role, else this process.
	Quit func()
}

// NewWindowService is the window's service over the shell's parts.
func NewWindowService(opts WindowOptions) *WindowService { return &WindowService{opts: opts} }

// NotifyPolicy is when a finished sync shows a notification: always,
// changes (and failures; the default), failures or never.
func (w *WindowService) NotifyPolicy() string { return string(w.opts.Notifier.Policy()) }

// SetNotifyPolicy changes when a finished sync shows a notification.
func (w *WindowService) SetNotifyPolicy(policy string) error {
	return w.opts.Notifier.SetPolicy(policy)
}

// StartAtLogin reports whether ShelfSync starts (in the tray) at login.
func (w *WindowService) StartAtLogin() bool {
	return w.opts.Autostart != nil && w.opts.Autostart.Enabled()
}

// SetStartAtLogin turns starting at login on or off.
func (w *WindowService) SetStartAtLogin(on bool) error {
	if w.opts.Autostart == nil {
		return errors.New("ShelfSync cannot find its own program file, so it cannot start at login; reinstall it")
	}
	return w.opts.Autostart.Set(on)
}

// Quit ends ShelfSync from the window (Preferences), for desktops without
// a tray menu to choose Quit from; running syncs are recorded as cancelled.
func (w *WindowService) Quit() { w.opts.Quit() }

// SaveRunCSV asks where to save a run's per-SKU results (the native Save
// as… dialog) and writes them there. It returns the path, or "" when the
// user cancelled. A webview's download would land in the home folder
// without a word.
func (w *WindowService) SaveRunCSV(runID uint) (string, error) {
	text, err := w.opts.ExportRun(runID)
	if err != nil {
		return "", err
	}
	path, err := runtime.SaveFileDialog(w.opts.Context(), runtime.SaveDialogOptions{
		Title:            "Save the run's SKUs as CSV",
		DefaultDirectory: homeOrNone(),
		DefaultFilename:  fmt.Sprintf("shelfsync-run-%d.csv", runID),
		Filters:          []runtime.FileFilter{{DisplayName: "CSV files (*.csv)", Pattern: "*.csv"}},
	})
	if err != nil {
		return "", fmt.Errorf("the Save dialog could not open (%v); try again", err)
	}
	if path == "" {
		return "", nil
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return "", fmt.Errorf("ShelfSync could not save %s (%v); choose another folder", path, err)
	}
	return path, nil
}

// ChooseFile asks for a file on this computer (the native Open dialog), for
// a connection field that holds a local file's path; it returns "" when
// the user cancelled.
func (w *WindowService) ChooseFile(title string) (string, error) {
	path, err := runtime.OpenFileDialog(w.opts.Context(), runtime.OpenDialogOptions{
		Title:            title,
		DefaultDirectory: homeOrNone(),
		Filters: []runtime.FileFilter{
			{DisplayName: "CSV and text files", Pattern: "*.csv;*.txt;*.tsv"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
	if err != nil {
		return "", fmt.Errorf("the file chooser could not open (%v); type the path instead", err)
	}
	return path, nil
}

// homeOrNone is where the dialogs open; "" lets the toolkit choose.
func homeOrNone() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return home
}

// ProbeFirstPaint records when the window first painted its data, when
// StartupProbeEnv asks for it (scripts/footprint.sh): the page emits
// events.FirstPaint once.
func ProbeFirstPaint(ctx context.Context) {
	path := StartupProbePath()
	if path == "" {
		return
	}
	runtime.EventsOnce(ctx, events.FirstPaint, func(...any) {
		if err := RecordFirstPaint(path, time.Now()); err != nil {
			runtime.LogWarning(ctx, err.Error())
		}
	})
}

// PlaceWindow puts the window at a saved place: the size only when it is
// one a window could have been left at, the position only when saved.
func PlaceWindow(ctx context.Context, p types.WindowPlace) {
	if p.Width >= 800 && p.Height >= 560 {
		runtime.WindowSetSize(ctx, p.Width, p.Height)
	}
	if p.X > 0 || p.Y > 0 {
		runtime.WindowSetPosition(ctx, p.X, p.Y)
	}
}

// WindowPlace is where the window is now and its size, to save.
func WindowPlace(ctx context.Context) types.WindowPlace {
	w, h := runtime.WindowGetSize(ctx)
	x, y := runtime.WindowGetPosition(ctx)
	return types.WindowPlace{X: x, Y: y, Width: w, Height: h}
}
