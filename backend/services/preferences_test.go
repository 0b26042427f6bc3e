package services

import (
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/events"
	"shelfsync/backend/logs"
	"shelfsync/backend/secrets"
	"shelfsync/backend/testwait"
	"shelfsync/backend/types"
)

func TestAPauseSurvivesARestartAndTheTrayHintShowsOnce(t *testing.T) {
	dir := t.TempDir()
	open := func() *Core {
		c, err := New(Options{DataDir: dir, Clock: clockwork.NewFakeClockAt(time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)),
			Secrets: secrets.NewMemory(), Logs: logs.Discard()})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := open()
	prefs := c.Services().Preferences
	if err := prefs.SetPaused(true); err != nil {
		t.Fatal(err)
	}
	if !prefs.FirstHide() || prefs.FirstHide() {
		t.Fatal("FirstHide should be true once, then false")
	}
	prefs.SaveWindowPlace(types.WindowPlace{X: 10, Y: 20, Width: 1024, Height: 700})
	c.Close()

	c = open()
	defer c.Close()
	prefs = c.Services().Preferences
	if !prefs.Paused() || prefs.FirstHide() {
		t.Fatalf("after a restart: paused %v, hint again %v; want paused and no second hint", prefs.Paused(), !prefs.FirstHide())
	}
	if p := prefs.WindowPlace(); p != (types.WindowPlace{X: 10, Y: 20, Width: 1024, Height: 700}) {
		t.Fatalf("window place = %+v", p)
	}
}

// `shelfsync diagnostics` runs without a scheduler; it says whether the
// app's automatic sync is paused, as the app saved it (it said nothing).
func TestDiagnosticsWithoutASchedulerSayWhetherTheAppPausedAutomaticSync(t *testing.T) {
	dir := t.TempDir()
	app, err := New(Options{DataDir: dir, Secrets: secrets.NewMemory(), Logs: logs.Discard()})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Services().Preferences.SetPaused(true); err != nil {
		t.Fatal(err)
	}
	app.Close()
	cli, err := New(Options{DataDir: dir, Headless: true, Secrets: secrets.NewMemory(), Logs: logs.Discard()})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	report, err := cli.Services().Diagnostics.Report()
	if err != nil || !strings.Contains(report, "Automatic sync paused: true") {
		t.Fatalf("diagnostics (%v):\n%s\nwant automatic sync said paused", err, report)
	}
}

func TestSyncAllStartsEveryConnectionInItsAutomaticMode(t *testing.T) {
	w := newWorld(t, false)
	for _, name := range []string{"A", "B"} {
		if _, err := w.conns.Create(demoPair(name)); err != nil {
			t.Fatal(err)
		}
	}
	started, err := w.sync.StartAll()
	if err != nil || started != 2 {
		t.Fatalf("StartAll = %d, %v; want both started", started, err)
	}
	testwait.Until(t, func() bool { return len(w.events.Named(events.SyncFinished)) == 2 }, "both syncs to finish")
}
