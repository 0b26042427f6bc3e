//go:build unix

package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"shelfsync/backend/pgtest"
	"shelfsync/backend/testwait"
	"shelfsync/backend/types"
)

// The storage suite runs on a real PostgreSQL too: Debian's postgresql
// package on a temporary folder and port (pgtest), started once for the
// package's tests, each test in a database of its own.
var (
	postgresServer  *pgtest.Server
	postgresSkipWhy string
	databases       atomic.Int64
)

func TestMain(m *testing.M) {
	server, err := pgtest.Start()
	switch {
	case errors.Is(err, pgtest.ErrNotInstalled):
		postgresSkipWhy = "the storage suite on PostgreSQL is skipped: " + err.Error()
	case err != nil:
		fmt.Fprintln(os.Stderr, "start PostgreSQL for the storage suite:", err)
		os.Exit(1)
	default:
		postgresServer = server
	}
	code := m.Run()
	if server != nil {
		server.Stop()
	}
	os.Exit(code)
}

func needPostgres(t *testing.T) {
	t.Helper()
	if postgresServer == nil {
		t.Skip(postgresSkipWhy)
	}
}

// newPostgresDatabase creates an empty database on the test server,
// dropped at the end of the test, and returns its address.
func newPostgresDatabase(t *testing.T) string {
	t.Helper()
	needPostgres(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, postgresServer.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("shelfsync_test_%d", databases.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := pgx.Connect(ctx, postgresServer.DSN)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	return strings.Replace(postgresServer.DSN, "/postgres?", "/"+name+"?", 1)
}

func openTestPostgres(t *testing.T) *DB {
	t.Helper()
	return openPostgresAt(t, newPostgresDatabase(t))
}

// twoServersOfOneDatabase opens one new database twice, as two servers
// sharing it do: each with sessions of its own.
func twoServersOfOneDatabase(t *testing.T) (first, second *DB) {
	t.Helper()
	dsn := newPostgresDatabase(t)
	return openPostgresAt(t, dsn), openPostgresAt(t, dsn)
}

// openPostgresAt opens the database at dsn until the end of the test.
func openPostgresAt(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := OpenPostgres(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestTheSuiteOnPostgreSQL(t *testing.T) {
	needPostgres(t)
	for _, s := range suite {
		t.Run(s.name, func(t *testing.T) {
			suiteOnPostgres = true
			t.Cleanup(func() { suiteOnPostgres = false })
			s.test(t)
		})
	}
}

// Two servers of one database are two processes, each with its own
// session; closing one's database ends its session as a kill would.
func TestARunLockHoldsOffAnotherServerOfTheDatabaseUntilItsHolderEnds(t *testing.T) {
	first, second := twoServersOfOneDatabase(t)

	if _, err := first.LockRuns(7); err != nil {
		t.Fatal(err)
	}
	if _, err := second.LockRuns(7); !errors.Is(err, ErrRunActive) {
		t.Fatalf("the other server's lock of the same connection: %v, want ErrRunActive", err)
	}
	if locked, err := second.RunsLocked(7); err != nil || !locked {
		t.Fatalf("RunsLocked on the other server = %v, %v; want true", locked, err)
	}
	if lock, err := second.LockRuns(8); err != nil {
		t.Fatalf("another connection's lock on the other server: %v", err)
	} else {
		lock.Release()
	}
	first.Close()
	// The server frees a closed session's locks once its backend exits,
	// a moment after the close.
	testwait.Until(t, func() bool {
		locked, err := second.RunsLocked(7)
		return err == nil && !locked
	}, "the run lock of a server that ended to be free")
	lock, err := second.LockRuns(7)
	if err != nil {
		t.Fatalf("the lock once its holder ended: %v", err)
	}
	lock.Release()
}

func TestOnASharedDatabaseARunOfAComputerThatDiedIsClosedByTheNextRun(t *testing.T) {
	db := openTestPostgres(t)
	conn := addConnection(t, db, "A")
	seedItems(t, db, conn.ID, 4)
	dead := SyncRun{ConnectionID: conn.ID, PID: 4242, Host: "server-that-died", StartedAt: time.Now()}
	if err := db.BeginRun(&dead, func(int) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkInFlight(dead.ID, []string{"SKU-0001"}); err != nil {
		t.Fatal(err)
	}
	// Holding the run lock, which spans computers, the next run knows no
	// process anywhere runs the connection.
	lock, err := db.LockRuns(conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	next := SyncRun{ConnectionID: conn.ID, PID: 1, Host: "here", StartedAt: time.Now()}
	if err := db.BeginRun(&next, func(int) bool { return false }); err != nil {
		t.Fatalf("BeginRun beside a run of a computer that died: %v", err)
	}
	lock.Release()
	if got, _ := db.Run(dead.ID); got.Status != types.RunInterrupted {
		t.Errorf("the dead computer's run is %s, want interrupted", got.Status)
	}
	items, _ := db.ItemsBySKU(conn.ID, []string{"SKU-0001"})
	if len(items) != 1 || !items[0].Pending {
		t.Errorf("the SKU the dead run was writing is not pending: %+v", items)
	}
}

func TestAtStartEveryComputersDeadRunIsMarkedInterruptedButNotALiveOne(t *testing.T) {
	db := openTestPostgres(t)
	a := addConnection(t, db, "A")
	b := addConnection(t, db, "B")
	dead := SyncRun{ConnectionID: a.ID, PID: 4242, Host: "server-that-died", StartedAt: time.Now()}
	live := SyncRun{ConnectionID: b.ID, PID: 4243, Host: "server-still-running", StartedAt: time.Now()}
	for _, r := range []*SyncRun{&dead, &live} {
		if err := db.BeginRun(r, func(int) bool { return true }); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.MarkInterrupted("here", func(r SyncRun) bool { return r.ID == live.ID }, time.Now())
	if err != nil || n != 1 {
		t.Fatalf("MarkInterrupted closed %d (%v), want the dead computer's run", n, err)
	}
	if got, _ := db.Run(live.ID); got.Status != types.RunRunning {
		t.Errorf("the live run is %s", got.Status)
	}
}

func TestServersOpeningANewDatabaseTogetherAllSucceed(t *testing.T) {
	dsn := newPostgresDatabase(t)
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := OpenPostgres(dsn)
			if err == nil {
				err = db.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a server opening the new database: %v", err)
		}
	}
}

func TestAnAddressThatIsNotPostgreSQLIsRefusedWithASentence(t *testing.T) {
	_, err := OpenAt(t.TempDir(), "mysql://root:hunter2@db/shop")
	if err == nil || !strings.Contains(err.Error(), "not a PostgreSQL address") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("OpenAt(mysql://…) = %v; want a refusal that names no password", err)
	}
}

func TestALeaseGoesToOneServerUntilItRunsOut(t *testing.T) {
	first, second := twoServersOfOneDatabase(t)
	ctx := context.Background()
	if took, err := first.TakeLease(ctx, "connection-1", "first", 300*time.Millisecond); err != nil || !took {
		t.Fatalf("the first server asking: took=%v, %v", took, err)
	}
	if took, err := second.TakeLease(ctx, "connection-1", "second", time.Minute); err != nil || took {
		t.Fatalf("the second server while the lease runs: took=%v, %v; want refused", took, err)
	}
	if left, err := second.LeaseLeft(ctx, "connection-1"); err != nil || left <= 0 || left > 300*time.Millisecond {
		t.Fatalf("how long the first server's lease runs, asked by the second: %s, %v; want at most what it took", left, err)
	}
	if took, err := second.TakeLease(ctx, "connection-2", "second", time.Minute); err != nil || !took {
		t.Fatalf("another connection's lease: took=%v, %v", took, err)
	}
	testwait.Until(t, func() bool {
		took, err := second.TakeLease(ctx, "connection-1", "second", time.Minute)
		return err == nil && took
	}, "the second server to take the lease once it ran out")
	if took, _ := first.TakeLease(ctx, "connection-1", "first", time.Minute); took {
		t.Fatal("the first server took a lease the second holds")
	}
	if left, err := first.LeaseLeft(ctx, "connection-9"); err != nil || left != 0 {
		t.Fatalf("a lease never taken runs %s, %v; want 0", left, err)
	}
}
