package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestWithoutATrayHostClosingMinimisesAndSaysSoOnce: on a desktop with no
// tray host (stock GNOME) a window hidden to the tray could not be found
// again, so closing minimises it, says so once, and the app runs on.
func TestWithoutATrayHostClosingMinimisesAndSaysSoOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the app on a private desktop")
	}
	d := startDesktopWith(t, false)
	a := startApp(t, d, t.TempDir()+"/data", "SHELFSYNC_STARTUP_DELAY=1h")
	eventually(t, "the window to show", d.windowVisible)
	// The window may show a moment before its title is set: look until
	// xdotool finds it by name.
	var id string
	eventually(t, "the window to be found by its title", func() bool {
		out, err := d.tool("xdotool", "search", "--onlyvisible", "--name", "^ShelfSync$")
		if err != nil || len(strings.Fields(out)) == 0 {
			return false
		}
		id = strings.Fields(out)[0]
		return true
	})
	iconic := func() bool {
		out, err := d.tool("xprop", "-id", id, "WM_STATE")
		return err == nil && strings.Contains(out, "Iconic")
	}
	for i := range 2 {
		d.closeWindow(t)
		eventually(t, "the window to be minimised", iconic)
		if !a.running() {
			t.Fatalf("close %d ended the app", i+1)
		}
		if out, err := d.tool("wmctrl", "-i", "-a", id); err != nil { // bring it back, as a taskbar click would
			t.Fatalf("raise the window: %v %s", err, out)
		}
		eventually(t, "the window to come back", func() bool { return !iconic() })
	}
	hint := d.notes.waitFor(t, 1)
	if hint.Summary != "ShelfSync is still running" || !strings.Contains(hint.Body, "minimised") || strings.Contains(hint.Body, "tray icon,") {
		t.Fatalf("hint %+v; want it to say the window was minimised, not point to a tray", hint)
	}
	time.Sleep(500 * time.Millisecond) // a second hint would have come by now
	if n := len(d.notes.all()); n != 1 {
		t.Fatalf("%d notifications after two closes, want the hint once: %+v", n, d.notes.all())
	}
}
