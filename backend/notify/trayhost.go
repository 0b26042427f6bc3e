package notify

import (
	goruntime "runtime"

	"github.com/godbus/dbus/v5"
)

// statusNotifierWatcher is the D-Bus name of the service that shows tray
// items on Linux (KDE, Xfce, most panels; GNOME only with an extension).
const statusNotifierWatcher = "org.kde.StatusNotifierWatcher"

// TrayHostPresent reports whether a tray icon can be seen on this desktop.
// Windows and macOS always have a tray; on Linux a StatusNotifierWatcher
// must own its name on the session bus, and stock GNOME has none: an app
// hidden to a tray there is lost to the user.
func TrayHostPresent() bool {
	if goruntime.GOOS != "linux" {
		return true
	}
	conn, err := dbus.SessionBus() // shared with systray; never closed here
	if err != nil {
		return false
	}
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, statusNotifierWatcher).Store(&has); err != nil {
		return false
	}
	return has
}

// CloseAction is what closing the window does.
type CloseAction int

const (
	// CloseHides hides the window to the tray, where syncs go on.
	CloseHides CloseAction = iota
	// CloseMinimises minimises it instead: without a tray host a hidden
	// window could not be found again.
	CloseMinimises
)

// OnClose decides what closing the window does and what to say the first
// time (hint is empty when there is nothing new to say).
func OnClose(trayHost, hintedBefore bool) (action CloseAction, title, body string) {
	action = CloseHides
	if !trayHost {
		action = CloseMinimises
	}
	if hintedBefore {
		return action, "", ""
	}
	if action == CloseMinimises {
		return action, "ShelfSync is still running", "This desktop shows no tray icons, so its window was minimised instead of hidden; it keeps syncing. To stop it, choose Quit ShelfSync in Preferences."
	}
	return action, "ShelfSync is still running", "It keeps syncing in the background. Open it from the tray icon, or choose Quit there to stop it."
}
