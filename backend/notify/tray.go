package notify

import (
	"embed"
	"log"
	goruntime "runtime"
	"sync"

	"fyne.io/systray"

	"shelfsync/backend/events"
	"shelfsync/backend/types"
)

// The tray icons, rendered from build/icon/shelfsync.svg by
// scripts/icons.sh: PNG for the StatusNotifierItem on Linux, ICO on
// Windows.
//
//go:embed icons
var icons embed.FS

// TrayActions are what the tray menu does.
type TrayActions struct {
	Open      func()
	SyncAll   func()
	SetPaused func(paused bool)
	Quit      func()
	// Connections lists the connections again when they change (one
	// added, renamed or deleted), for their status lines; nil keeps the
	// ones NewTray was given.
	Connections func() ([]types.Connection, error)
}

// Tray is ShelfSync's tray icon and menu. On Linux fyne.io/systray speaks
// D-Bus StatusNotifierItem, so it runs beside Wails' GTK loop rather than
// owning a loop of its own.
type Tray struct {
	events.Ignore // the events the tray does not show
	actions       TrayActions
	state         *trayState

	mu      sync.Mutex
	end     func()
	stopped bool // the D-Bus connection is gone: touch systray no more
	icon    Icon
	pause   *systray.MenuItem
	last    *systray.MenuItem
	// statuses are the connections' status lines, one disabled item each;
	// clicksDone ends the goroutine reading this menu's clicks when the
	// menu is rebuilt for another number of connections.
	statuses   []*systray.MenuItem
	clicksDone chan struct{}
}

// NewTray prepares the tray; Start shows it.
func NewTray(actions TrayActions, conns []types.Connection, paused bool) *Tray {
	st := newTrayState()
	st.seed(conns)
	st.setPaused(paused)
	return &Tray{actions: actions, state: st, icon: -1}
}

// Start shows the icon. Call it once the GUI loop runs (OnStartup).
func (t *Tray) Start() {
	start, end := systray.RunWithExternalLoop(t.build, nil)
	t.mu.Lock()
	t.end = end
	t.mu.Unlock()
	start()
}

// Run shows the icon and runs the tray's own loop until Stop: the desktop
// agent's, which has no GUI loop to share (on Linux that loop only waits,
// the StatusNotifierItem being D-Bus calls).
func (t *Tray) Run() {
	t.mu.Lock()
	t.end = systray.Quit
	t.mu.Unlock()
	defer func() {
		// systray closes a D-Bus connection it never opened when there
		// is no session bus: nothing is left to clean up then.
		if r := recover(); r != nil {
			log.Printf("tray: %v", r)
		}
	}()
	systray.Run(t.build, nil)
}

// Stop removes the icon (on quit).
func (t *Tray) Stop() {
	t.mu.Lock()
	end := t.end
	t.end, t.stopped = nil, true
	t.mu.Unlock()
	if end == nil {
		return
	}
	defer func() {
		// systray closes a D-Bus connection it may never have opened
		// (no session bus); there is nothing left to clean up then.
		if r := recover(); r != nil {
			log.Printf("tray: stop: %v", r)
		}
	}()
	end()
}

// The tray hears the events the window hears (events.Listener) to follow
// syncs and the pause state.

func (t *Tray) SyncStarted(p types.RunStarted) { t.refreshIf(t.state.started(p)) }

func (t *Tray) SyncFinished(run types.Run) { t.refreshIf(t.state.finished(run)) }

func (t *Tray) ScheduleChanged(p types.ScheduleChanged) { t.refreshIf(t.state.scheduleChanged(p)) }

// ConnectionsChanged reads the connections again for their status lines.
func (t *Tray) ConnectionsChanged() {
	if t.actions.Connections == nil {
		return
	}
	conns, err := t.actions.Connections()
	if err != nil {
		log.Printf("tray: list the connections: %v", err)
		return
	}
	t.state.seed(conns)
	t.refresh()
}

func (t *Tray) refreshIf(changed bool) {
	if changed {
		t.refresh()
	}
}

// SetPaused shows the pause state chosen elsewhere (the window).
func (t *Tray) SetPaused(p bool) {
	t.state.setPaused(p)
	t.refresh()
}

func (t *Tray) build() {
	systray.SetTitle("ShelfSync")
	systray.SetTooltip("ShelfSync")
	systray.SetOnTapped(t.actions.Open)
	open := systray.AddMenuItem("Open ShelfSync", "Show the ShelfSync window")
	syncAll := systray.AddMenuItem("Sync all now", "Sync every connection now")
	_, _, paused := t.state.view()
	pause := systray.AddMenuItemCheckbox("Pause automatic sync", "Stop scheduled syncs until you resume them", paused)
	systray.AddSeparator()
	last := systray.AddMenuItem("No sync yet", "The last sync")
	last.Disable()
	var statuses []*systray.MenuItem
	if lines := t.state.statuses(); len(lines) > 0 {
		systray.AddSeparator()
		for _, line := range lines {
			item := systray.AddMenuItem(menuTitle(line), line)
			item.Disable()
			statuses = append(statuses, item)
		}
	}
	systray.AddSeparator()
	quit := systray.AddMenuItem("Quit", "Stop ShelfSync; a running sync is cancelled")

	done := make(chan struct{})
	t.mu.Lock()
	t.pause, t.last, t.statuses, t.clicksDone = pause, last, statuses, done
	t.mu.Unlock()
	t.refresh()

	go func() {
		for {
			select {
			case <-done:
				return
			case <-open.ClickedCh:
				t.actions.Open()
			case <-syncAll.ClickedCh:
				t.actions.SyncAll()
			case <-pause.ClickedCh:
				// The menu does not toggle itself; the scheduler's
				// ScheduleChanged event (or SetPaused) redraws it.
				next := !pause.Checked()
				t.SetPaused(next)
				t.actions.SetPaused(next)
			case <-quit.ClickedCh:
				t.actions.Quit()
				return
			}
		}
	}()
}

func (t *Tray) refresh() {
	icon, last, paused := t.state.view()
	lines := t.state.statuses()
	t.mu.Lock()
	if t.last == nil || t.stopped {
		t.mu.Unlock()
		return // not built yet (build draws the state), or gone
	}
	if len(lines) != len(t.statuses) {
		// Another number of connections: the menu is built again, as
		// systray only appends items.
		close(t.clicksDone)
		t.last = nil
		t.mu.Unlock()
		systray.ResetMenu()
		t.build()
		return
	}
	defer t.mu.Unlock()
	for i, line := range lines {
		t.statuses[i].SetTitle(menuTitle(line))
		t.statuses[i].SetTooltip(line)
	}
	if icon != t.icon {
		t.icon = icon
		systray.SetIcon(iconBytes(icon))
	}
	systray.SetTooltip(tooltip(icon, last))
	t.last.SetTitle(last)
	if paused != t.pause.Checked() {
		if paused {
			t.pause.Check()
		} else {
			t.pause.Uncheck()
		}
	}
}

// menuTitle keeps a status line short enough for a menu; the whole line
// is the item's tooltip.
func menuTitle(line string) string {
	const most = 90
	if r := []rune(line); len(r) > most {
		return string(r[:most-1]) + "…"
	}
	return line
}

func tooltip(icon Icon, last string) string {
	switch icon {
	case IconSyncing:
		return "ShelfSync · syncing"
	case IconErrors:
		return "ShelfSync · the last sync had errors\n" + last
	}
	return "ShelfSync\n" + last
}

func iconBytes(icon Icon) []byte {
	name := map[Icon]string{IconIdle: "idle", IconSyncing: "syncing", IconErrors: "error"}[icon]
	ext := ".png"
	if goruntime.GOOS == "windows" {
		ext = ".ico"
	}
	b, err := icons.ReadFile("icons/" + name + ext)
	if err != nil {
		panic("tray icon missing from the binary: " + err.Error())
	}
	return b
}
