//go:build unix

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"shelfsync/backend/pgtest"
	"shelfsync/backend/secrets"
	"shelfsync/backend/storage"
	"shelfsync/backend/testwait"
)

// Two servers on two computers (two data folders) share one PostgreSQL: a
// store added through one is seen by the other, its token is sealed in the
// database, and no table holds it as it was typed.
func TestServersSharingADatabaseShareConnectionsAndNoTableHoldsASecret(t *testing.T) {
	pg := pgtest.ForTest(t, "sharing a database")
	const key = "c2hhcmVkLWUyZS1zZWNyZXQta2V5LTMyLWJ5dGVzISE="
	// A schedule's minute of a second: the servers follow each other's
	// changes within half of one.
	env := []string{secrets.KeyEnv + "=" + key, "SHELFSYNC_SCHEDULE_MINUTE=1s"}
	first := startServeWith(t, t.TempDir(), env, "--db", pg.DSN)
	second := startServeWith(t, t.TempDir(), env, "--db", pg.DSN)

	const token = "shpat_shared_9a8b7c6d5e4f30211203f4e5d6c7b8a9"
	var created struct{ ID uint }
	first.call(&created, "ConnectionService/Create", map[string]any{
		"name": "Shared shop", "warehouseKind": "demo", "warehouseSettings": map[string]string{},
		"storeKind": "shopify", "storeSettings": map[string]string{"shop": "shared-e2e.myshopify.com"},
		"storeSecrets": map[string]string{"token": token},
	})
	// The second server lists it at once (one database) and schedules it
	// once it has followed the first's change.
	testwait.Until(t, func() bool {
		var conns []struct {
			Name     string
			Schedule struct{ NextRunAt *time.Time }
		}
		second.call(&conns, "ConnectionService/List")
		for _, c := range conns {
			if c.Name == "Shared shop" {
				return c.Schedule.NextRunAt != nil
			}
		}
		return false
	}, "the second server to list and schedule the shop added through the first")

	// Every row of every table, as text.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(tables) == 0 {
		t.Fatalf("list the tables: %v %v", tables, err)
	}
	for _, table := range tables {
		rows, err := conn.Query(ctx, fmt.Sprintf(`SELECT t::text FROM %q t`, table))
		if err != nil {
			t.Fatal(err)
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range texts {
			if strings.Contains(text, token) {
				t.Errorf("table %s holds the store token in plain text: %s", table, text)
			}
		}
	}

	// It is there, sealed: the servers' key opens it from the database.
	db, err := storage.OpenPostgres(pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sealed, err := secrets.OpenSealedTable(db, t.TempDir(), key)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := sealed.Get(fmt.Sprintf("%d/store/token", created.ID)); err != nil || v != token {
		t.Fatalf("the database's sealed secrets give %q, %v; want the token", v, err)
	}
	for _, s := range []*served{first, second} {
		if code := s.stop(); code != 0 {
			t.Errorf("serve after SIGTERM: exit %d\n%s", code, s.out)
		}
	}
}

// A sync started through one server is followed live in the browsers of
// another server of the same database: its start, progress and finish
// reach the other's event stream (PostgreSQL's LISTEN/NOTIFY between
// them), not only its History once recorded.
func TestASyncOnOneServerIsFollowedLiveInAnotherServersBrowser(t *testing.T) {
	pg := pgtest.ForTest(t, "sharing a database")
	env := []string{secrets.KeyEnv + "=c2hhcmVkLWUyZS1zZWNyZXQta2V5LTMyLWJ5dGVzISE="}
	first := startServeWith(t, t.TempDir(), env, "--db", pg.DSN)
	second := startServeWith(t, t.TempDir(), env, "--db", pg.DSN)

	// Each keeps demo stores in its own data folder, and says so.
	if said := "servers sharing the database see the same demo stores only when they share that folder too"; !strings.Contains(first.out.String(), said) {
		t.Errorf("serve on a shared database did not say where demo stores live; want %q in\n%s", said, first.out)
	}
	demo := first.connectionNamed("Demo")
	// The second server's browser listens before the sync starts.
	res := second.events()
	defer res.Body.Close()
	var runID uint
	first.call(&runID, "SyncService/Start", demo, "full")

	seen := map[string]int{}
	var status string
	stream := bufio.NewScanner(res.Body)
	event := ""
	for stream.Scan() && seen["sync:finished"] == 0 {
		line := stream.Text()
		if name, ok := strings.CutPrefix(line, "event: "); ok {
			event = name
			continue
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok || !strings.HasPrefix(event, "sync:") {
			continue
		}
		var payload struct {
			RunID        uint   `json:"runId"`
			ConnectionID uint   `json:"connectionId"`
			Status       string `json:"status"`
		}
		if err := json.Unmarshal([]byte(data), &payload); err != nil {
			t.Fatalf("%s: %v in %s", event, err, data)
		}
		if payload.RunID == runID && payload.ConnectionID == demo {
			seen[event]++
			status = payload.Status
		}
	}
	if seen["sync:started"] != 1 || seen["sync:progress"] == 0 || seen["sync:finished"] != 1 {
		t.Fatalf("the second server's browser saw of run %d: %v (stream: %v); want its start, progress and finish", runID, seen, stream.Err())
	}
	if status != "succeeded" {
		t.Errorf("the finish the second server's browser saw says %q, want succeeded", status)
	}
	for _, s := range []*served{first, second} {
		if code := s.stop(); code != 0 {
			t.Errorf("serve after SIGTERM: exit %d\n%s", code, s.out)
		}
	}
}
