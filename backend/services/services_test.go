package services

import (
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/events"
	"shelfsync/backend/secrets"
	"shelfsync/backend/types"
)

type world struct {
	core    *Core
	conns   *ConnectionService
	sync    *SyncService
	history *HistoryService
	inv     *InventoryService
	events  *events.Recorder
	secrets secrets.Store
	clock   *clockwork.FakeClock
}

func newWorld(t *testing.T, seedDemo bool) *world {
	t.Helper()
	rec := events.NewRecorder()
	mem := secrets.NewMemory()
	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC))
	core, err := New(Options{DataDir: t.TempDir(), Clock: clock, Events: rec, Secrets: mem, SeedDemo: seedDemo})
	if err != nil {
		t.Fatal(err)
	}
	if err := core.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { core.Close() })
	svc := core.Services()
	return &world{core, svc.Connections, svc.Sync, svc.History, svc.Inventory, rec, mem, clock}
}

func demoPair(name string) types.NewConnection {
	return types.NewConnection{Name: name, WarehouseKind: "demo", WarehouseSettings: map[string]string{"skus": "40"}, StoreKind: "demo"}
}

func (w *world) waitFinished(t *testing.T, n int) types.Run {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if got := w.events.Named(events.SyncFinished); len(got) >= n {
			return got[n-1].Payload.(types.Run)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no sync:finished event number %d", n)
	return types.Run{}
}

func TestABrandNewDataDirStartsWithTheDemoConnection(t *testing.T) {
	w := newWorld(t, true)
	list, err := w.conns.List()
	if err != nil || len(list) != 1 || list[0].Name != DemoName || !list[0].Demo || !list[0].Schedule.Enabled {
		t.Fatalf("connections = %+v (%v), want the Demo with automatic sync on", list, err)
	}
	if list[0].Schedule.NextRunAt == nil {
		t.Errorf("the never-synced Demo has no next run; want a catch-up soon after start")
	}
}

func TestStartRunsInTheBackgroundAndEmitsProgressAndTheFinishedRun(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	runID, err := w.sync.Start(conn.ID, "full")
	if err != nil || runID == 0 {
		t.Fatalf("Start = %d, %v", runID, err)
	}
	run := w.waitFinished(t, 1)
	if run.RunID != runID || run.Status != "succeeded" || run.Counts.Pushed != 40 || run.Connection != "Shop" {
		t.Fatalf("finished run = %+v, want run %d succeeded with 40 pushed", run, runID)
	}
	if len(w.events.Named(events.SyncStarted)) != 1 || len(w.events.Named(events.SyncProgress)) == 0 {
		t.Errorf("events: %d started, %d progress; want 1 and some", len(w.events.Named(events.SyncStarted)), len(w.events.Named(events.SyncProgress)))
	}
	got, err := w.history.Get(runID)
	if err != nil || len(got.Items) != 40 {
		t.Errorf("history of the run has %d items (%v), want 40", len(got.Items), err)
	}
}

func TestPreviewWritesNothing(t *testing.T) {
	w := newWorld(t, false)
	conn, _ := w.conns.Create(demoPair("Shop"))
	p, err := w.sync.Preview(conn.ID, "smart")
	if err != nil {
		t.Fatal(err)
	}
	if p.ModeRun != "full" || p.Counts.Pushed != 40 || p.Reason == "" {
		t.Fatalf("preview = %+v, want a Full of 40 with a reason", p)
	}
	runs, _ := w.history.List(types.HistoryQuery{ConnectionID: conn.ID})
	page, _ := w.inv.Page(types.InventoryQuery{ConnectionID: conn.ID})
	if len(runs) != 0 || len(page.Items) != 0 {
		t.Errorf("after a preview: %d runs, %d inventory rows; want none", len(runs), len(page.Items))
	}
}

func TestConnectionInputIsValidatedWithSentences(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"duplicate name", second(w.conns.Create(demoPair("Shop"))), "already exists"},
		{"empty name", second(w.conns.Create(demoPair("  "))), "give the connection a name"},
		{"unknown kind", second(w.conns.Create(types.NewConnection{Name: "X", WarehouseKind: "ftp", StoreKind: "demo"})), "choose a warehouse kind"},
		{"missing token", second(w.conns.Create(types.NewConnection{Name: "X", WarehouseKind: "demo", StoreKind: "shopify", StoreSettings: map[string]string{"shop": "a.myshopify.com"}})), "access token"},
		{"client ID without secret", second(w.conns.Create(types.NewConnection{Name: "X", WarehouseKind: "demo", StoreKind: "shopify", StoreSettings: map[string]string{"shop": "a.myshopify.com", "clientId": "id"}})), "client secret"},
		{"short interval", second(w.conns.SetSchedule(conn.ID, types.ScheduleInput{Enabled: true, IntervalMinutes: 2, AutoMode: "smart"})), "at least 5 minutes"},
		{"bad mode", second(w.conns.SetSchedule(conn.ID, types.ScheduleInput{Enabled: true, IntervalMinutes: 30, AutoMode: "turbo"})), "smart or full"},
		{"negative buffer", second(w.conns.SetRules(conn.ID, types.Rules{Buffer: -1})), "cannot be negative"},
		{"bad retention", second(w.conns.SetRetention(conn.ID, 0)), "1 to 3650"},
		{"missing connection", second(w.conns.Get(9999)), "no longer exists"},
		{"bad sync mode", second(w.sync.Start(conn.ID, "fast")), "smart or full"},
		{"unknown state", second(w.inv.Page(types.InventoryQuery{ConnectionID: conn.ID, State: "weird"})), "unknown state"},
		{"no host key seen", w.conns.TrustHostKey("SHA256:nope"), "Test connection first"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to say %q", c.name, c.err, c.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestSecretsGoToTheSecretStoreNotTheDatabase(t *testing.T) {
	w := newWorld(t, false)
	req := types.NewConnection{
		Name: "Shopify shop", WarehouseKind: "demo", StoreKind: "shopify",
		StoreSettings: map[string]string{"shop": "acme.myshopify.com", "token": "shpat_leak_if_here"},
		StoreSecrets:  map[string]string{"token": "shpat_secret_123"},
	}
	conn, err := w.conns.Create(req)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := w.secrets.Get(secretRef(conn.ID, "store", "token")); err != nil || v != "shpat_secret_123" {
		t.Fatalf("secret store has %q (%v)", v, err)
	}
	if _, ok := conn.Store.Settings["token"]; ok || len(conn.Store.SecretsSet) != 1 {
		t.Errorf("the DTO shows settings %v and secrets %v; the token must not be a setting", conn.Store.Settings, conn.Store.SecretsSet)
	}
	if err := w.conns.Delete(conn.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.secrets.Get(secretRef(conn.ID, "store", "token")); err == nil {
		t.Errorf("deleting the connection left its token in the secret store")
	}
}

func TestChangingTheIntervalMovesTheNextRun(t *testing.T) {
	w := newWorld(t, false)
	conn, _ := w.conns.Create(demoPair("Shop"))
	before := *conn.Schedule.NextRunAt
	sched, err := w.conns.SetSchedule(conn.ID, types.ScheduleInput{Enabled: true, IntervalMinutes: 15, AutoMode: "smart"})
	if err != nil || sched.NextRunAt == nil {
		t.Fatalf("SetSchedule = %+v, %v", sched, err)
	}
	if got := sched.NextRunAt.Sub(before); got != -45*time.Minute {
		t.Errorf("the next run moved by %s, want 45 minutes earlier (60 -> 15 min from creation)", got)
	}
	off, _ := w.conns.SetSchedule(conn.ID, types.ScheduleInput{Enabled: false, IntervalMinutes: 15, AutoMode: "smart"})
	if off.NextRunAt != nil {
		t.Errorf("disabled schedule still has a next run %v", off.NextRunAt)
	}
}

func TestRulesMappingAndPreview(t *testing.T) {
	w := newWorld(t, false)
	conn, _ := w.conns.Create(demoPair("Shop"))
	w.sync.Start(conn.ID, "full")
	w.waitFinished(t, 1)

	n, err := w.conns.ImportMapping(conn.ID, "\uFEFFwarehouse sku,store sku\nA-1,SHOP-A-1\nB-2 , SHOP-B-2\n")
	if err != nil || n != 2 {
		t.Fatalf("ImportMapping = %d, %v; want 2 rows", n, err)
	}
	if _, err := w.conns.ImportMapping(conn.ID, "only-one-column\n"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a one-column mapping file: %v, want an error naming line 1", err)
	}
	got, _ := w.conns.Get(conn.ID)
	if got.Rules.Mapping["B-2"] != "SHOP-B-2" {
		t.Errorf("mapping = %v", got.Rules.Mapping)
	}
	rows, err := w.conns.PreviewRules(conn.ID, types.Rules{Buffer: 5, Cap: 20})
	if err != nil || len(rows) == 0 {
		t.Fatalf("PreviewRules = %v, %v", rows, err)
	}
	for _, r := range rows {
		want := min(max(r.WarehouseQty-5, 0), 20)
		if r.PublishedNew != want || r.PublishedNow != r.WarehouseQty {
			t.Errorf("preview row %+v: want now %d, new %d", r, r.WarehouseQty, want)
		}
	}
}

func TestTheSearchIndexCatchesUpInTheBackgroundAfterARun(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.sync.Start(conn.ID, "full"); err != nil {
		t.Fatal(err)
	}
	w.waitFinished(t, 1)
	deadline := time.Now().Add(10 * time.Second)
	for {
		stale, err := w.core.db.SearchStale()
		if err != nil {
			t.Fatal(err)
		}
		if stale == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of the run's 40 rows are still out of the search index", stale)
		}
		time.Sleep(5 * time.Millisecond)
	}
	var indexed int
	w.core.db.Gorm().Raw(`SELECT COUNT(*) FROM items_fts`).Scan(&indexed)
	if indexed != 40 {
		t.Errorf("the search index holds %d rows, want the 40 SKUs", indexed)
	}
}

// The window's Settings show a connection's run deadline, the default when
// none is set, and save another; a deadline out of range is a sentence.
func TestARunDeadlineIsShownWithItsDefaultAndSetWithASentenceForBadValues(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	if conn.RunDeadlineMinutes != 240 {
		t.Errorf("a new connection's deadline reads %d minutes, want the default 240", conn.RunDeadlineMinutes)
	}
	if conn, err = w.conns.SetRunDeadline(conn.ID, 90); err != nil || conn.RunDeadlineMinutes != 90 {
		t.Fatalf("set 90 minutes: got %d, err %v", conn.RunDeadlineMinutes, err)
	}
	if again, _ := w.conns.Get(conn.ID); again.RunDeadlineMinutes != 90 {
		t.Errorf("read back %d minutes, want 90", again.RunDeadlineMinutes)
	}
	for _, bad := range []int{-1, 7*24*60 + 1} {
		_, err := w.conns.SetRunDeadline(conn.ID, bad)
		if err == nil || !strings.Contains(err.Error(), "from 1 minute to 7 days (168 hours), or 0 for the default of 4h0m0s") {
			t.Errorf("deadline %d: err %v, want the sentence with the range and the default", bad, err)
		}
	}
	if conn, err = w.conns.SetRunDeadline(conn.ID, 0); err != nil || conn.RunDeadlineMinutes != 240 {
		t.Errorf("back to the default: got %d, err %v", conn.RunDeadlineMinutes, err)
	}
}

// The window's cards read the connection's health from here instead of
// deciding it again: not synced yet, the last run's, paused.
func TestAConnectionCarriesTheHealthItsCardShows(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	if conn.Health.Key != types.HealthNew || conn.Health.Label != "Not synced yet" {
		t.Fatalf("a new connection's health = %+v, want not synced yet", conn.Health)
	}
	if _, err := w.sync.Start(conn.ID, "full"); err != nil {
		t.Fatal(err)
	}
	w.waitFinished(t, 1)
	health := func() types.Health {
		got, err := w.conns.Get(conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Health
	}
	if h := health(); h.Key != types.HealthHealthy {
		t.Fatalf("after a good sync: %+v, want healthy", h)
	}
	if err := w.core.Services().Preferences.SetPaused(true); err != nil {
		t.Fatal(err)
	}
	if h := health(); h.Key != types.HealthPaused || h.Label != "Paused" {
		t.Fatalf("with automatic sync paused: %+v, want paused", h)
	}
	list, err := w.conns.List()
	if err != nil || len(list) != 1 || list[0].Health.Key != types.HealthPaused {
		t.Fatalf("the list says %+v (%v), want the paused health too", list, err)
	}
}
