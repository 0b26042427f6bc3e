package notify

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/events"
	"shelfsync/backend/testwait"
	"shelfsync/backend/types"
)

func run(status, mode string, pushed, failed int) types.Run {
	return types.Run{RunID: 7, ConnectionID: 1, Connection: "Demo", Status: types.RunStatus(status), ModeRun: types.Mode(mode),
		Counts: types.Counts{Pushed: pushed, Failed: failed}}
}

func withWarnings(r types.Run, n int) types.Run   { r.Warnings = n; return r }
func withError(r types.Run, err string) types.Run { r.Error = err; return r }
func located(r types.Run) types.Run               { r.Located = true; return r }

func TestSummaryReadsAsOneLine(t *testing.T) {
	cases := []struct {
		run  types.Run
		want string
	}{
		{run("succeeded", "smart", 12, 0), "Smart Sync: 12 updated, 0 failed"},
		{run("failed", "full", 0, 3), "Full Sync: 3 failed. Open ShelfSync to see why"},
		{run("partial", "full", 9, 3), "Full Sync: 9 updated, 3 failed. Open ShelfSync to see why"},
		{run("failed", "smart", 0, 0), "Smart Sync failed. Open ShelfSync to see why"},
		{run("held", "full", 0, 0), "Full Sync held: it would change more than usual. Open ShelfSync to review it"},
		{withWarnings(run("succeeded", "smart", 4, 0), 1), "Smart Sync succeeded with warnings: 4 updated, 1 warning. Open ShelfSync to see which"},
		// The reason stays in the window (card, banner, History): a
		// notification, shown over other apps and on a locked screen, names
		// no file path, shop address or SKU, and fits the tray's one line.
		{withError(run("failed", "smart", 0, 0), "The CSV file /srv/inv.csv does not exist; check its path."),
			"Smart Sync failed: nothing was written. Open ShelfSync to see why"},
		// A connection with a location map writes a SKU once per store
		// location: 80 writes are not 80 SKUs.
		{located(run("succeeded", "full", 80, 0)), "Full Sync: 80 SKU-locations updated, 0 failed"},
		{located(run("succeeded", "smart", 1, 0)), "Smart Sync: 1 SKU-location updated, 0 failed"},
		{located(run("partial", "full", 9, 3)), "Full Sync: 9 SKU-locations updated, 3 failed. Open ShelfSync to see why"},
		{located(run("failed", "full", 0, 2)), "Full Sync: 2 SKU-locations failed. Open ShelfSync to see why"},
		{located(run("cancelled", "full", 4, 0)), "Full Sync cancelled: 4 SKU-locations updated"},
	}
	for _, c := range cases {
		if got := Summary(c.run); got != c.want {
			t.Errorf("%s/%s: got %q, want %q", c.run.Status, c.run.ModeRun, got, c.want)
		}
	}
}

func TestForRunTitlesWithTheConnectionAndCarriesTheRun(t *testing.T) {
	m := ForRun(types.Connection{Name: "Main store"}, run("succeeded", "smart", 1, 0))
	if m.Title != "ShelfSync · Main store" || m.RunID != 7 {
		t.Fatalf("got %+v", m)
	}
	if id, ok := RunIDFromNotification(m.ID); !ok || id != 7 {
		t.Fatalf("run id from %q: %d %v", m.ID, id, ok)
	}
	if _, ok := RunIDFromNotification("shelfsync-hint"); ok {
		t.Fatal("a hint names no run")
	}
}

func TestPolicyDecidesWhichRunsNotify(t *testing.T) {
	ok, partial, cancelled := run("succeeded", "smart", 3, 0), run("partial", "smart", 2, 1), run("cancelled", "smart", 0, 0)
	for _, c := range []struct {
		p    Policy
		r    types.Run
		want bool
	}{
		{PolicyAlways, ok, true}, {PolicyAlways, partial, true}, {PolicyAlways, cancelled, false},
		{PolicyFailures, ok, false}, {PolicyFailures, partial, true},
		{PolicyNever, partial, false},
		{PolicyChanges, ok, true}, {PolicyChanges, partial, true}, {PolicyChanges, run("succeeded", "smart", 0, 0), false},
		{PolicyChanges, withWarnings(run("succeeded", "smart", 0, 0), 1), true}, {PolicyChanges, run("failed", "smart", 0, 0), true},
	} {
		if got := c.p.Wants(c.r); got != c.want {
			t.Errorf("%s wants %s: got %v", c.p, c.r.Status, got)
		}
	}
	if _, err := ParsePolicy("sometimes"); err == nil {
		t.Fatal("an unknown policy was accepted")
	}
}

type settings struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *settings) GetSetting(k, def string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.m[k]; ok {
		return v
	}
	return def
}

func (s *settings) SetSetting(k, v string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
	return nil
}

type sender struct {
	sent chan Message
	err  error
}

func (s *sender) Send(m Message) error {
	s.sent <- m
	return s.err
}

func newTestNotifier(t *testing.T, s Sender) (*Notifier, *events.Recorder) {
	rec := events.NewRecorder()
	n := NewNotifier(s, &settings{m: map[string]string{}}, rec)
	t.Cleanup(n.Close)
	return n, rec
}

func TestNotifierSendsOnlyFailuresWhenAskedTo(t *testing.T) {
	s := &sender{sent: make(chan Message, 4)}
	n, _ := newTestNotifier(t, s)
	if err := n.SetPolicy("failures"); err != nil {
		t.Fatal(err)
	}
	n.SyncFinished(types.Connection{Name: "Demo"}, run("succeeded", "smart", 5, 0))
	n.SyncFinished(types.Connection{Name: "Demo"}, run("failed", "full", 0, 3))
	m := <-s.sent
	if m.Body != "Full Sync: 3 failed. Open ShelfSync to see why" {
		t.Fatalf("sent %q first; the successful run should have been skipped", m.Body)
	}
	if n.Policy() != PolicyFailures {
		t.Fatalf("policy %q", n.Policy())
	}
}

func TestTheDefaultPolicySendsNothingForASmartSyncThatChangedNothing(t *testing.T) {
	s := &sender{sent: make(chan Message, 4)}
	n, _ := newTestNotifier(t, s) // a fresh install: no policy stored
	if n.Policy() != PolicyChanges {
		t.Fatalf("the default policy is %q, want %q", n.Policy(), PolicyChanges)
	}
	n.SyncFinished(types.Connection{Name: "Demo"}, run("succeeded", "smart", 0, 0))
	n.SyncFinished(types.Connection{Name: "Demo"}, run("succeeded", "smart", 2, 0))
	select {
	case m := <-s.sent:
		if m.Body != "Smart Sync: 2 updated, 0 failed" {
			t.Fatalf("sent %q first; the Smart Sync with 0 changes should have sent nothing", m.Body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the Smart Sync that updated 2 SKUs sent no notification")
	}
}

func TestNotifierWithoutAServiceSaysSoOnceAndCarriesOn(t *testing.T) {
	s := &sender{sent: make(chan Message, 4), err: errors.New("org.freedesktop.Notifications was not provided")}
	n, rec := newTestNotifier(t, s)
	// The worker sends one at a time: once the fourth reaches the sender,
	// the first three failures have been handled.
	for i := 0; i < 4; i++ {
		n.SyncFinished(types.Connection{Name: "Demo"}, run("succeeded", "smart", 1, 0))
	}
	for i := 0; i < 4; i++ {
		<-s.sent
	}
	if got := len(rec.Named(events.NotifyUnavailable)); got != 1 {
		t.Fatalf("said it %d times, want once", got)
	}
}

func TestNotifierWithNoSenderSaysSo(t *testing.T) {
	n, rec := newTestNotifier(t, nil)
	n.Hint("ShelfSync is still running", "…")
	testwait.Until(t, func() bool { return len(rec.Named(events.NotifyUnavailable)) == 1 }, "the notifier to say so")
}

func TestTrayIconFollowsSyncs(t *testing.T) {
	st := newTrayState()
	st.seed([]types.Connection{{ID: 1, LastRun: &types.Run{Connection: "Demo", Status: "succeeded", ModeRun: "smart", Counts: types.Counts{Pushed: 2}}}})
	if icon, last, _ := st.view(); icon != IconIdle || last != "Last: Demo · Smart Sync: 2 updated, 0 failed" {
		t.Fatalf("seeded: %v %q", icon, last)
	}
	st.started(types.RunStarted{ConnectionID: 1})
	if icon, _, _ := st.view(); icon != IconSyncing {
		t.Fatalf("while syncing: %v", icon)
	}
	st.finished(types.Run{ConnectionID: 1, Connection: "Demo", Status: "partial", ModeRun: "full", Counts: types.Counts{Pushed: 1, Failed: 2}})
	if icon, _, _ := st.view(); icon != IconErrors {
		t.Fatalf("after errors: %v", icon)
	}
	st.finished(types.Run{ConnectionID: 1, Connection: "Demo", Status: "succeeded", ModeRun: "smart"})
	if icon, _, _ := st.view(); icon != IconIdle {
		t.Fatalf("after a clean sync: %v", icon)
	}
	if changed := st.scheduleChanged(types.ScheduleChanged{ConnectionID: 1, Paused: true}); !changed {
		t.Fatal("pausing did not change the tray")
	}
	if _, _, paused := st.view(); !paused {
		t.Fatal("not paused")
	}
}

// The tray menu tells each connection's one truthful status, as its card
// does: healthy, failing with the reason, needing attention, paused; a
// deleted connection leaves the menu.
func TestTheTrayMenuTellsEachConnectionsStatus(t *testing.T) {
	st := newTrayState()
	healthy := types.Run{ConnectionID: 1, Connection: "Demo", Status: types.RunSucceeded}
	failed := types.Run{ConnectionID: 2, Connection: "Closed shop", Status: types.RunFailed, Error: "The CSV file /srv/closed.csv does not exist; check its path."}
	st.seed([]types.Connection{
		{ID: 1, Name: "Demo", Schedule: types.Schedule{Enabled: true}, LastRun: &healthy},
		{ID: 2, Name: "Closed shop", LastRun: &failed},
		{ID: 3, Name: "New feed"},
	})
	want := []string{
		"Closed shop: Failing · The CSV file /srv/closed.csv does not exist; check its path.",
		"Demo: Healthy",
		"New feed: Not synced yet",
	}
	if got := st.statuses(); !slices.Equal(got, want) {
		t.Fatalf("seeded:\n got %q\nwant %q", got, want)
	}

	st.finished(types.Run{ConnectionID: 3, Connection: "New feed", Status: types.RunSucceeded, Warnings: 1})
	st.setPaused(true)
	want = []string{
		"Closed shop: Failing · The CSV file /srv/closed.csv does not exist; check its path.",
		"Demo: Paused",
		"New feed: Needs attention · The last sync succeeded with 1 warning: rows it could not read were skipped.",
	}
	if got := st.statuses(); !slices.Equal(got, want) {
		t.Fatalf("after a run with a warning, paused:\n got %q\nwant %q", got, want)
	}

	st.seed([]types.Connection{{ID: 1, Name: "Demo", LastRun: &healthy}})
	if got := st.statuses(); !slices.Equal(got, []string{"Demo: Healthy"}) {
		t.Fatalf("after deleting two connections: %q", got)
	}
}

func TestEveryTrayIconIsInTheBinary(t *testing.T) {
	for _, icon := range []Icon{IconIdle, IconSyncing, IconErrors} {
		if len(iconBytes(icon)) < 100 {
			t.Fatalf("icon %d is empty", icon)
		}
	}
}

var _ events.Listener = (*Tray)(nil)

func TestClosingWithoutATrayHostMinimisesAndSaysSoOnce(t *testing.T) {
	action, title, body := OnClose(false, false)
	if action != CloseMinimises || title == "" || !strings.Contains(body, "minimised") || strings.Contains(body, "tray icon,") {
		t.Fatalf("first close without a tray host: %v %q %q; want minimised, said once without pointing to a tray", action, title, body)
	}
	if action, title, _ := OnClose(false, true); action != CloseMinimises || title != "" {
		t.Fatalf("second close without a tray host: %v %q; want minimised, nothing said", action, title)
	}
	if action, _, body := OnClose(true, false); action != CloseHides || !strings.Contains(body, "tray icon") {
		t.Fatalf("first close with a tray host: %v %q; want hidden, pointing to the tray icon", action, body)
	}
}
