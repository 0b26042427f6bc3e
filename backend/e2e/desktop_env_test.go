package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"shelfsync/backend/testwait"
)

// desktop is a private X display, window manager and session bus, with a
// fake notification server and a fake StatusNotifierWatcher on the bus, so
// a desktop test sees exactly what the app told the desktop.
type desktop struct {
	t       *testing.T
	env     []string // DISPLAY, DBUS_SESSION_BUS_ADDRESS, XDG_CONFIG_HOME
	bus     *dbus.Conn
	notes   *fakeNotifications
	watcher *fakeWatcher
}

// needDesktopTools skips where the X and D-Bus tools are missing, unless
// make test asked for the desktop tests (SHELFSYNC_DESKTOP_TESTS=1): then
// a missing tool is a failure, so the tests cannot silently not run.
func needDesktopTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"Xvfb", "dbus-daemon", "openbox", "xdotool", "wmctrl", "dunst", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("SHELFSYNC_DESKTOP_TESTS") == "1" {
				t.Fatalf("%s is missing; run make setup", tool)
			}
			t.Skipf("%s is missing (make setup installs it)", tool)
		}
	}
}

func startDesktop(t *testing.T) *desktop { return startDesktopWith(t, true) }

// startDesktopWith starts the private desktop; withTray false leaves out
// the tray host (no StatusNotifierWatcher), as on stock GNOME.
func startDesktopWith(t *testing.T, withTray bool) *desktop {
	needDesktopTools(t)
	d := &desktop{t: t}
	display := d.startX()
	d.env = append(os.Environ(), "DISPLAY="+display, "XDG_CONFIG_HOME="+t.TempDir(), "SHELFSYNC_DATA_DIR=")
	d.startWindowManager()
	addr := d.startBus()
	d.env = append(d.env, "DBUS_SESSION_BUS_ADDRESS="+addr)

	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connect to the test bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	d.bus = conn
	d.notes = serveNotifications(t, conn)
	if withTray {
		d.watcher = serveWatcher(t, conn)
	}
	return d
}

// startX starts Xvfb on a free display, which it reports through -displayfd.
func (d *desktop) startX() string {
	r, w, err := os.Pipe()
	if err != nil {
		d.t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	d.daemon(cmd)
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		d.t.Fatalf("Xvfb reported no display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// startBus starts a session bus that knows the display (so services it
// starts, such as dunst, can draw) and returns its address.
func (d *desktop) startBus() string {
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	cmd.Env = d.env
	out, err := cmd.StdoutPipe()
	if err != nil {
		d.t.Fatal(err)
	}
	d.daemon(cmd)
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		d.t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

// daemon starts a helper that lives until the test ends. What it says is
// kept and shown if the test fails, with whether it had ended by then.
func (d *desktop) daemon(cmd *exec.Cmd) *helperProcess {
	if cmd.Env == nil {
		cmd.Env = d.env
	}
	h := &helperProcess{cmd: cmd, ended: make(chan struct{})}
	if cmd.Stderr == nil {
		cmd.Stderr = &h.said
	}
	if cmd.Stdout == nil {
		cmd.Stdout = &h.said
	}
	if err := cmd.Start(); err != nil {
		d.t.Fatalf("start %s: %v", cmd.Path, err)
	}
	go func() { h.err = cmd.Wait(); close(h.ended) }()
	d.t.Cleanup(func() {
		if d.t.Failed() {
			state := "was running"
			if h.exited() {
				state = fmt.Sprintf("had ended (%v)", h.err)
			}
			d.t.Logf("%s %s; it said %q", cmd.Path, state, h.said.String())
		}
		_ = cmd.Process.Kill()
		<-h.ended
	})
	return h
}

// helperProcess is a daemon the desktop started.
type helperProcess struct {
	cmd   *exec.Cmd
	said  outputBuffer
	ended chan struct{}
	err   error
}

func (h *helperProcess) exited() bool {
	select {
	case <-h.ended:
		return true
	default:
		return false
	}
}

// startWindowManager starts openbox and waits until it manages the
// display. Now and then openbox cannot open a display Xvfb has just
// reported ("Failed to open the display from the DISPLAY environment
// variable") and exits; the app's window then has no manager, wmctrl
// finds no client list, and the test waited a minute for a close that
// could never be taken. Such a start is tried again.
func (d *desktop) startWindowManager() {
	for attempt := 1; ; attempt++ {
		wm := d.daemon(exec.Command("openbox", "--sm-disable"))
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) && !wm.exited() {
			if _, err := d.tool("wmctrl", "-m"); err == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		if attempt == 3 {
			d.t.Fatalf("openbox did not manage the display in %d tries; it said %q", attempt, wm.said.String())
		}
		d.t.Logf("openbox start %d failed (%q); trying again", attempt, wm.said.String())
		_ = wm.cmd.Process.Kill()
	}
}

// tool runs an X tool on the test display.
func (d *desktop) tool(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = d.env
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// closeWindow asks the window manager to close the ShelfSync window, as
// its title bar's close button would. The window manager may list a
// window a moment after it is mapped, so it asks until the close is taken.
func (d *desktop) closeWindow(t *testing.T) {
	t.Helper()
	eventually(t, "the window manager to take the close", func() bool {
		_, err := d.tool("wmctrl", "-c", "ShelfSync")
		return err == nil
	})
}

// windowVisible reports whether the ShelfSync window is mapped.
func (d *desktop) windowVisible() bool {
	out, err := d.tool("xdotool", "search", "--onlyvisible", "--name", "^ShelfSync$")
	return err == nil && out != ""
}

// eventually polls cond until it holds; it fails only if it never does
// within a minute, which no healthy run comes near.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testwait.Within(t, time.Minute, cond, "%s", what)
}

// ---- the fake org.freedesktop.Notifications ----

type notification struct {
	ID      uint32
	App     string
	Summary string
	Body    string
	Actions []string
	Hints   map[string]dbus.Variant
}

type fakeNotifications struct {
	mu   sync.Mutex
	got  []notification
	conn *dbus.Conn
}

const notificationsPath = "/org/freedesktop/Notifications"

func serveNotifications(t *testing.T, conn *dbus.Conn) *fakeNotifications {
	f := &fakeNotifications{conn: conn}
	if err := conn.Export(f, notificationsPath, "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own org.freedesktop.Notifications: %v %v", reply, err)
	}
	return f
}

func (f *fakeNotifications) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := uint32(len(f.got) + 1)
	f.got = append(f.got, notification{ID: id, App: app, Summary: summary, Body: body, Actions: actions, Hints: hints})
	return id, nil
}

func (f *fakeNotifications) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"actions", "body"}, nil
}

func (f *fakeNotifications) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "fake", "shelfsync-tests", "1", "1.2", nil
}

func (f *fakeNotifications) CloseNotification(id uint32) *dbus.Error { return nil }

// all returns the notifications so far, oldest first.
func (f *fakeNotifications) all() []notification {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]notification(nil), f.got...)
}

// waitFor waits for the n-th notification (1-based) and returns it.
func (f *fakeNotifications) waitFor(t *testing.T, n int) notification {
	t.Helper()
	eventually(t, fmt.Sprintf("notification %d", n), func() bool { return len(f.all()) >= n })
	return f.all()[n-1]
}

// invoke clicks an action of a notification, as a notification daemon
// would report it.
func (f *fakeNotifications) invoke(t *testing.T, id uint32, action string) {
	t.Helper()
	if err := f.conn.Emit(notificationsPath, "org.freedesktop.Notifications.ActionInvoked", id, action); err != nil {
		t.Fatal(err)
	}
}

// release gives the name up, so a real daemon (dunst) can take it.
func (f *fakeNotifications) release(t *testing.T) {
	if _, err := f.conn.ReleaseName("org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
}

// ---- the fake org.kde.StatusNotifierWatcher ----

type fakeWatcher struct {
	mu    sync.Mutex
	items []string // "sender path"
}

func serveWatcher(t *testing.T, conn *dbus.Conn) *fakeWatcher {
	w := &fakeWatcher{}
	if err := conn.Export(w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own org.kde.StatusNotifierWatcher: %v %v", reply, err)
	}
	return w
}

func (w *fakeWatcher) RegisterStatusNotifierItem(sender dbus.Sender, item string) *dbus.Error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items = append(w.items, string(sender)+" "+item)
	return nil
}

func (w *fakeWatcher) RegisterStatusNotifierHost(sender dbus.Sender, host string) *dbus.Error {
	return nil
}

// waitForItem returns the bus name and object path of the first item.
func (w *fakeWatcher) waitForItem(t *testing.T) (string, dbus.ObjectPath) {
	t.Helper()
	var first string
	eventually(t, "a StatusNotifierItem registration", func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		if len(w.items) > 0 {
			first = w.items[0]
		}
		return first != ""
	})
	sender, path, _ := strings.Cut(first, " ")
	if !strings.HasPrefix(path, "/") {
		path = "/StatusNotifierItem"
	}
	return sender, dbus.ObjectPath(path)
}

// ---- the tray's menu, read as a StatusNotifierHost would ----

type menuEntry struct {
	ID      int32
	Label   string
	Enabled bool
	Toggle  int32 // -1: not a checkbox
}

// trayMenu reads the tray's com.canonical.dbusmenu layout.
func (d *desktop) trayMenu(t *testing.T, owner string, menuPath dbus.ObjectPath) []menuEntry {
	t.Helper()
	var revision uint32
	var layout struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	call := d.bus.Object(owner, menuPath).Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{})
	if err := call.Store(&revision, &layout); err != nil {
		t.Fatalf("read the tray menu: %v", err)
	}
	var out []menuEntry
	for _, child := range layout.Children {
		fields, ok := child.Value().([]any)
		if !ok || len(fields) < 2 {
			continue
		}
		id, _ := fields[0].(int32)
		props, _ := fields[1].(map[string]dbus.Variant)
		e := menuEntry{ID: id, Enabled: true, Toggle: -1}
		if v, ok := props["label"]; ok {
			e.Label, _ = v.Value().(string)
		}
		if v, ok := props["enabled"]; ok {
			e.Enabled, _ = v.Value().(bool)
		}
		if v, ok := props["toggle-state"]; ok {
			e.Toggle, _ = v.Value().(int32)
		}
		if v, ok := props["type"]; ok && v.Value() == "separator" {
			continue
		}
		if e.Label != "" {
			out = append(out, e)
		}
	}
	return out
}

// entry finds a menu entry by its label's start.
func entry(t *testing.T, menu []menuEntry, prefix string) menuEntry {
	t.Helper()
	for _, e := range menu {
		if strings.HasPrefix(e.Label, prefix) {
			return e
		}
	}
	t.Fatalf("no %q in the tray menu %+v", prefix, menu)
	return menuEntry{}
}

// click clicks a tray menu entry.
func (d *desktop) click(t *testing.T, owner string, menuPath dbus.ObjectPath, e menuEntry) {
	t.Helper()
	call := d.bus.Object(owner, menuPath).Call("com.canonical.dbusmenu.Event", 0, e.ID, "clicked", dbus.MakeVariant(""), uint32(0))
	if call.Err != nil {
		t.Fatalf("click %q: %v", e.Label, call.Err)
	}
}

// screenshot saves the whole screen into artifacts/.
func (d *desktop) screenshot(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if out, err := d.tool("import", "-window", "root", path); err != nil {
		t.Fatalf("screenshot: %v: %s", err, out)
	}
	return path
}

// process is one running process: its command name and command line.
type process struct {
	pid           int
	name, cmdline string
}

// descendants lists every process below pid, read from /proc.
func descendants(pid int) []process {
	parent := map[int]int{}
	info := map[int]process{}
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		p, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue // ended meanwhile
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses.
		open, closing := strings.IndexByte(string(stat), '('), strings.LastIndexByte(string(stat), ')')
		if open < 0 || closing < open {
			continue
		}
		fields := strings.Fields(string(stat[closing+1:]))
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		cmdline, _ := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		parent[p] = ppid
		info[p] = process{pid: p, name: string(stat[open+1 : closing]), cmdline: " " + strings.ReplaceAll(string(cmdline), "\x00", " ")}
	}
	var out []process
	for p := range info {
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				out = append(out, info[p])
				break
			}
		}
	}
	return out
}
