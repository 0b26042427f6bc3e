package notify

import (
	"errors"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/events"
	"shelfsync/backend/types"
)

func run(status, mode string, pushed, failed int) types.Run {
	return types.Run{RunID: 7, ConnectionID: 1, Connection: "Demo", Status: types.RunStatus(status), ModeRun: types.Mode(mode),
		Counts: types.Counts{Pushed: pushed, Failed: failed}}
}

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
	rec := &events.Recorder{}
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
	waitUntil(t, func() bool { return len(rec.Named(events.NotifyUnavailable)) == 1 })
}

// waitUntil polls a condition the notifier's goroutine makes true; it
// fails only if it never does.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never became true")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTrayIconFollowsSyncs(t *testing.T) {
	st := newTrayState()
	st.seed([]types.Connection{{ID: 1, LastRun: &types.Run{Connection: "Demo", Status: "succeeded", ModeRun: "smart", Counts: types.Counts{Pushed: 2}}}})
	if icon, last, _ := st.view(); icon != IconIdle || last != "Last: Demo · Smart Sync: 2 updated, 0 failed" {
		t.Fatalf("seeded: %v %q", icon, last)
	}
	st.observe(events.SyncStarted, types.RunStarted{ConnectionID: 1})
	if icon, _, _ := st.view(); icon != IconSyncing {
		t.Fatalf("while syncing: %v", icon)
	}
	st.observe(events.SyncFinished, types.Run{ConnectionID: 1, Connection: "Demo", Status: "partial", ModeRun: "full", Counts: types.Counts{Pushed: 1, Failed: 2}})
	if icon, _, _ := st.view(); icon != IconErrors {
		t.Fatalf("after errors: %v", icon)
	}
	st.observe(events.SyncFinished, types.Run{ConnectionID: 1, Connection: "Demo", Status: "succeeded", ModeRun: "smart"})
	if icon, _, _ := st.view(); icon != IconIdle {
		t.Fatalf("after a clean sync: %v", icon)
	}
	if changed := st.observe(events.ScheduleChanged, types.ScheduleChanged{ConnectionID: 1, Paused: true}); !changed {
		t.Fatal("pausing did not change the tray")
	}
	if _, _, paused := st.view(); !paused {
		t.Fatal("not paused")
	}
}

func TestEveryTrayIconIsInTheBinary(t *testing.T) {
	for _, icon := range []Icon{IconIdle, IconSyncing, IconErrors} {
		if len(iconBytes(icon)) < 100 {
			t.Fatalf("icon %d is empty", icon)
		}
	}
}
