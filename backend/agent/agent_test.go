//go:build linux

package agent

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/desktop"
	"shelfsync/backend/events"
	"shelfsync/backend/secrets"
	"shelfsync/backend/services"
	"shelfsync/backend/testwait"
	"shelfsync/backend/types"
)

// startAgent runs an agent's core and socket on a fresh data folder,
// without tray or notifications; its window program records how it was
// started in window-args, and the loader's preload it was given in
// window-preload.
func startAgent(t *testing.T) *agent {
	t.Helper()
	dir := t.TempDir()
	exe := filepath.Join(dir, "window.sh")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\necho \"$LD_PRELOAD\" > \"$(dirname \"$0\")/window-preload\"\necho \"$@\" > \"$(dirname \"$0\")/window-args\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	a := &agent{opts: Options{DataDir: dir, Exe: exe}, fan: &fanout{}}
	core, err := services.New(services.Options{DataDir: dir, Events: a.fan, Secrets: secrets.NewMemory(), StartupDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	a.core, a.prefs = core, core.Services().Preferences
	if err := core.Start(); err != nil {
		t.Fatal(err)
	}
	if a.ln, err = listen(dir); err != nil {
		t.Fatal(err)
	}
	go a.serve()
	t.Cleanup(func() {
		a.ln.Close()
		core.Close()
	})
	return a
}

// window is the window role's side: a core whose syncs and schedules are
// the agent's, and the events it relays.
type window struct {
	core   *services.Core
	client *Client
	mu     sync.Mutex
	seen   []string
}

func openWindowCore(t *testing.T, a *agent) *window {
	t.Helper()
	client, err := Dial(a.opts.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	core, err := services.New(services.Options{DataDir: a.opts.DataDir, Headless: true, Remote: client, Secrets: secrets.NewMemory()})
	if err != nil {
		t.Fatal(err)
	}
	w := &window{core: core, client: client}
	streams := len(a.fan.list())
	go func() {
		_ = client.Events(func(name string, _ json.RawMessage) {
			w.mu.Lock()
			w.seen = append(w.seen, name)
			w.mu.Unlock()
		})
	}()
	t.Cleanup(w.close)
	// An event sent before the stream is attached is not replayed (a window
	// that opens mid-sync asks Running instead): wait for it, or the test's
	// sync may start first and its sync:started never reach the window.
	testwait.Until(t, func() bool { return len(a.fan.list()) > streams }, "the agent to stream its events to the window")
	return w
}

func (w *window) close() {
	w.client.Close()
	w.core.Close()
}

func (w *window) saw(name string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range w.seen {
		if s == name {
			return true
		}
	}
	return false
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func slowDemo(name string) types.NewConnection {
	return types.NewConnection{Name: name, WarehouseKind: "demo", WarehouseSettings: map[string]string{"skus": "300"},
		StoreKind: "demo", StoreSettings: map[string]string{"latencyMs": "400"}}
}

func TestASyncStartedInTheWindowRunsInTheAgentLiveAndOutlivesTheWindow(t *testing.T) {
	a := startAgent(t)
	w := openWindowCore(t, a)
	conn, err := w.core.Services().Connections.Create(slowDemo("Slow"))
	if err != nil {
		t.Fatal(err)
	}
	runID, err := w.core.Services().Sync.Start(conn.ID, "full")
	if err != nil {
		t.Fatal(err)
	}
	if !a.core.Local().IsRunning(conn.ID) {
		t.Fatal("the sync the window started does not run in the agent")
	}
	eventually(t, "the window to hear of the agent's sync", func() bool { return w.saw(events.SyncStarted) && w.saw(events.SyncProgress) })
	if got, err := w.core.Services().Connections.Get(conn.ID); err != nil || !got.Running {
		t.Fatalf("the window does not see the sync running: %+v %v", got, err)
	}

	w.close() // the merchant closes the window mid-sync
	history := a.core.Services().History
	eventually(t, "the sync to finish", func() bool {
		run, err := history.Get(runID)
		return err == nil && run.Status != "running"
	})
	if run, _ := history.Get(runID); run.Status != "succeeded" {
		t.Fatalf("the sync ended %s after the window closed", run.Status)
	}
}

func TestTheWindowChangesTheSchedulesAndPauseTheAgentKeeps(t *testing.T) {
	a := startAgent(t)
	w := openWindowCore(t, a)
	conns := w.core.Services().Connections
	conn, err := conns.Create(slowDemo("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	if a.core.Local().NextRun(conn.ID) == nil {
		t.Fatal("the agent did not schedule the connection the window created")
	}
	if _, err := conns.SetSchedule(conn.ID, types.ScheduleInput{Enabled: false, IntervalMinutes: 60, AutoMode: "smart"}); err != nil {
		t.Fatal(err)
	}
	if a.core.Local().NextRun(conn.ID) != nil {
		t.Fatal("the agent still schedules a connection whose automatic sync the window turned off")
	}
	if got, _ := conns.Get(conn.ID); got.Schedule.NextRunAt != nil {
		t.Fatalf("the window shows a next run the agent does not have: %v", got.Schedule.NextRunAt)
	}
	if err := w.core.Services().Preferences.SetPaused(true); err != nil {
		t.Fatal(err)
	}
	if !a.prefs.Paused() || !w.core.Services().Preferences.Paused() {
		t.Fatal("pausing in the window did not pause the agent's scheduler")
	}
	if _, err := conns.SetSchedule(conn.ID, types.ScheduleInput{Enabled: true, IntervalMinutes: 60, AutoMode: "smart"}); err != nil {
		t.Fatal(err)
	}
	if err := conns.Delete(conn.ID); err != nil {
		t.Fatal(err)
	}
	if a.core.Local().NextRun(conn.ID) != nil {
		t.Fatal("the agent still schedules a connection the window deleted")
	}
}

func TestASecondLaunchAsksTheAgentToOpenItsWindow(t *testing.T) {
	if HandOff(t.TempDir(), 0) {
		t.Fatal("handed off to nobody")
	}
	a := startAgent(t)
	if !Running(a.opts.DataDir) {
		t.Fatal("the agent did not answer a launch at login")
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Stat(filepath.Join(a.opts.DataDir, "window-args")); err == nil {
		t.Fatal("a launch at login opened the window")
	}
	if !HandOff(a.opts.DataDir, 7) {
		t.Fatal("the agent did not answer the second launch")
	}
	args := filepath.Join(a.opts.DataDir, "window-args")
	eventually(t, "the window to start", func() bool { _, err := os.Stat(args); return err == nil })
	got, _ := os.ReadFile(args)
	if want := "--window --data-dir " + a.opts.DataDir + " --show-run=7"; strings.TrimSpace(string(got)) != want {
		t.Fatalf("window started with %q, want %q", got, want)
	}
}

// WebKit's processes inherit the window's environment, so the voice
// library preloaded there speeds the loader in all three
// (desktop.WindowEnvironment).
func TestTheWindowStartsWithWebKitsVoicePreloaded(t *testing.T) {
	want := desktop.Preload(desktop.WindowEnvironment(nil))
	if want == "" {
		t.Skip("this machine's WebKitGTK is not built with flite, or is not installed")
	}
	a := startAgent(t)
	a.openWindow(0)
	a.mu.Lock()
	w := a.window
	a.mu.Unlock()
	select {
	case <-w.exited: // it has written all it writes
	case <-time.After(10 * time.Second):
		t.Fatal("the window program did not end")
	}
	if got, _ := os.ReadFile(filepath.Join(a.opts.DataDir, "window-preload")); strings.TrimSpace(string(got)) != want {
		t.Fatalf("the window was started with LD_PRELOAD=%q, want %q", strings.TrimSpace(string(got)), want)
	}
}
