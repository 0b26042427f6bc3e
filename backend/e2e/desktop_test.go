package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"shelfsync/backend/notify"
	"shelfsync/backend/storage"
	"shelfsync/backend/testwait"
)

// app is the real binary with its window, on a test desktop.
type app struct {
	d       *desktop
	dataDir string
	cmd     *exec.Cmd
	exited  chan error
}

func startApp(t *testing.T, d *desktop, dataDir string, extraEnv ...string) *app {
	t.Helper()
	return startProgram(t, d, binary, dataDir, extraEnv...)
}

// startProgram launches program as the merchant's menu entry would.
func startProgram(t *testing.T, d *desktop, program, dataDir string, extraEnv ...string) *app {
	t.Helper()
	cmd := exec.Command(program, "--data-dir", dataDir)
	cmd.Env = append(append([]string{}, d.env...), extraEnv...)
	log, err := os.Create(dataDir + ".log")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	a := &app{d: d, dataDir: dataDir, cmd: cmd, exited: make(chan error, 1)}
	go func() { a.exited <- cmd.Wait(); log.Close() }()
	t.Cleanup(func() {
		if a.running() {
			_ = cmd.Process.Kill()
			<-a.exited
		}
		if t.Failed() {
			out, _ := os.ReadFile(dataDir + ".log")
			t.Logf("app log:\n%s", out)
		}
	})
	return a
}

func (a *app) running() bool {
	select {
	case err := <-a.exited:
		a.exited <- err
		return false
	default:
		return true
	}
}

// lastRun reads a connection's newest run through the CLI, as a user would.
func (a *app) lastRun(t *testing.T, connection string) (status, trigger string) {
	t.Helper()
	out, err := exec.Command(binary, "--data-dir", a.dataDir, "history", "--connection", connection, "--limit", "1", "--json").Output()
	if err != nil {
		t.Fatalf("history of %s: %v", connection, err)
	}
	var runs []struct{ Status, Trigger string }
	if err := json.Unmarshal(out, &runs); err != nil || len(runs) == 0 {
		t.Fatalf("history of %s: %v: %s", connection, err, out)
	}
	return runs[0].Status, runs[0].Trigger
}

// notifyAfterEverySync stores the "always" notification policy in a new
// data dir, as the Preferences drawer would.
func notifyAfterEverySync(t *testing.T, dataDir string) {
	t.Helper()
	db, err := storage.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetSetting(notify.PolicySetting, string(notify.PolicyAlways)); err != nil {
		t.Fatal(err)
	}
}

var syncBody = regexp.MustCompile(`^(Smart|Full) Sync: [1-9][0-9]* updated, 0 failed$`)

// TestDesktopAppLivesInTheTrayAndNotifiesAfterEachSync drives the real
// binary on a private X display and session bus: its tray item and menu,
// the notification after a scheduled and a manual sync, View details,
// close to tray, a second launch, and Quit cancelling a running sync.
func TestDesktopAppLivesInTheTrayAndNotifiesAfterEachSync(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the app on a private desktop")
	}
	d := startDesktop(t)
	dataDir := t.TempDir() + "/data"
	// This test follows every sync, a Smart Sync that changed nothing too,
	// which the default policy keeps quiet about.
	notifyAfterEverySync(t, dataDir)
	// The never-synced Demo connection catches up StartupDelay after start.
	a := startApp(t, d, dataDir, "SHELFSYNC_STARTUP_DELAY=2s")

	owner, itemPath := d.watcher.waitForItem(t)
	item := d.bus.Object(owner, itemPath)
	// The item registers first and gets its title a moment later (the
	// tray runs on its own loop in the resident process).
	testwait.Within(t, 10*time.Second, func() bool {
		title, err := item.GetProperty("org.kde.StatusNotifierItem.Title")
		return err == nil && title.Value() == "ShelfSync"
	}, "the tray item's title to be ShelfSync")
	menuProp, err := item.GetProperty("org.kde.StatusNotifierItem.Menu")
	if err != nil {
		t.Fatalf("tray item has no menu: %v", err)
	}
	menuPath := menuProp.Value().(dbus.ObjectPath)
	menu := d.trayMenu(t, owner, menuPath)
	for _, label := range []string{"Open ShelfSync", "Sync all now", "Pause automatic sync", "Quit"} {
		entry(t, menu, label)
	}
	if last := entry(t, menu, "No sync yet"); last.Enabled {
		t.Fatal("the last-sync line should be disabled")
	}

	// Pause before the catch-up comes due, so that the scheduled sync can
	// only happen after the window is closed and sync resumed.
	d.click(t, owner, menuPath, entry(t, menu, "Pause automatic sync"))
	eventually(t, "the pause checkmark", func() bool {
		return entry(t, d.trayMenu(t, owner, menuPath), "Pause automatic sync").Toggle == 1
	})
	if n := len(d.notes.all()); n != 0 {
		t.Fatalf("a sync finished before pausing could stop it: %+v", d.notes.all())
	}

	t.Run("closing the window ends it; ShelfSync stays in the tray with a one-off hint", func(t *testing.T) {
		eventually(t, "the window to show", d.windowVisible)
		eventually(t, "the window's web view", func() bool { return len(webViews(a.cmd.Process.Pid)) > 0 })
		d.closeWindow(t)
		eventually(t, "the window to hide", func() bool { return !d.windowVisible() })
		hint := d.notes.waitFor(t, 1)
		if hint.Summary != "ShelfSync is still running" || !strings.Contains(hint.Body, "tray") {
			t.Fatalf("hint %+v", hint)
		}
		if !a.running() {
			t.Fatal("closing the window ended the app")
		}
	})

	t.Run("while the window is closed the resident process holds no web view", func(t *testing.T) {
		eventually(t, "the web view to end with the window", func() bool { return len(webViews(a.cmd.Process.Pid)) == 0 })
	})

	t.Run("a scheduled sync still fires with the window closed and notifies", func(t *testing.T) {
		d.click(t, owner, menuPath, entry(t, d.trayMenu(t, owner, menuPath), "Pause automatic sync"))
		n := d.notes.waitFor(t, 2)
		if n.Summary != "ShelfSync · Demo" || !syncBody.MatchString(n.Body) {
			t.Fatalf("notification %q / %q", n.Summary, n.Body)
		}
		if !containsPair(n.Actions, "view-details", "View details") {
			t.Fatalf("no View details action in %v", n.Actions)
		}
		if status, trigger := a.lastRun(t, "Demo"); status != "succeeded" || trigger != "scheduled" {
			t.Fatalf("Demo's run: %s, %s", status, trigger)
		}
		eventually(t, "the tray's last-sync line", func() bool {
			return strings.HasPrefix(entry(t, d.trayMenu(t, owner, menuPath), "Last: ").Label, "Last: Demo · ")
		})
	})

	// A connection slow enough to be running when Quit comes.
	cli := &cli{t: t, dataDir: dataDir}
	cli.ok("connection", "add", "--name", "Slow", "--warehouse", "demo", "--store", "demo", "--demo-skus", "2000", "--demo-latency", "3s", "--no-schedule")

	t.Run("Sync all now from the tray ends with a notification whose View details opens the window", func(t *testing.T) {
		d.click(t, owner, menuPath, entry(t, d.trayMenu(t, owner, menuPath), "Sync all now"))
		n := d.notes.waitFor(t, 3)
		if n.Summary != "ShelfSync · Demo" || !strings.HasSuffix(n.Body, "updated, 0 failed") {
			t.Fatalf("notification %q / %q", n.Summary, n.Body)
		}
		if status, trigger := a.lastRun(t, "Demo"); status != "succeeded" || trigger != "manual" {
			t.Fatalf("Demo's run: %s, %s", status, trigger)
		}
		d.notes.invoke(t, n.ID, "view-details")
		eventually(t, "View details to show the window", d.windowVisible)
	})

	t.Run("a second launch exits and brings the first window forward", func(t *testing.T) {
		d.closeWindow(t)
		eventually(t, "the window to hide", func() bool { return !d.windowVisible() })
		second := exec.Command(binary, "--data-dir", dataDir)
		second.Env = d.env
		if out, err := second.CombinedOutput(); err != nil {
			t.Fatalf("second launch: %v: %s", err, out)
		}
		eventually(t, "the first window to come forward", d.windowVisible)
		if !a.running() {
			t.Fatal("the first instance ended")
		}
	})

	for _, n := range d.notes.all() {
		t.Logf("Notify(app %q, summary %q, body %q, actions %q)", n.App, n.Summary, n.Body, n.Actions)
	}

	t.Run("a notification drawn by dunst over the window", func(t *testing.T) {
		d.notes.release(t)
		dunst := exec.Command("dunst")
		d.daemon(dunst)
		eventually(t, "dunst to own the notification service", func() bool {
			var owned bool
			_ = d.bus.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.Notifications").Store(&owned)
			return owned
		})
		d.click(t, owner, menuPath, entry(t, d.trayMenu(t, owner, menuPath), "Sync all now"))
		eventually(t, "dunst to draw the notification", func() bool {
			out, err := d.tool("xdotool", "search", "--onlyvisible", "--class", "Dunst")
			return err == nil && out != ""
		})
		t.Logf("screenshot: %s", d.screenshot(t, "desktop-notification.png"))
	})

	t.Run("Quit from the tray cancels the running sync and records it", func(t *testing.T) {
		eventually(t, "Slow to start syncing", func() bool {
			status, _ := a.lastRun(t, "Slow")
			return status == "running"
		})
		d.click(t, owner, menuPath, entry(t, d.trayMenu(t, owner, menuPath), "Quit"))
		err := <-a.exited
		a.exited <- err
		if err != nil {
			t.Fatalf("the app did not end cleanly: %v", err)
		}
		if status, _ := a.lastRun(t, "Slow"); status != "cancelled" {
			t.Fatalf("Slow's run after Quit: %s", status)
		}
	})
}

// webViews lists the processes under pid that are WebKit's (web, network)
// or the window's own (the program started with --window).
func webViews(pid int) []string {
	var found []string
	for _, p := range descendants(pid) {
		if strings.HasPrefix(p.name, "WebKit") || strings.Contains(p.cmdline, " --window ") {
			found = append(found, p.name)
		}
	}
	return found
}

func containsPair(list []string, a, b string) bool {
	for i := 0; i+1 < len(list); i += 2 {
		if list[i] == a && list[i+1] == b {
			return true
		}
	}
	return false
}
