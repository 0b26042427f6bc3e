//go:build unix

package elect

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-co-op/gocron/v2"

	"shelfsync/backend/pgtest"
)

var (
	dsn     string
	skipWhy string
)

// holdEnv makes the test binary a leader that holds the lock until it is
// killed (TestAKilledLeadersPlaceIsTakenAtOnce).
const holdEnv = "SHELFSYNC_ELECT_HOLD"

func TestMain(m *testing.M) {
	if os.Getenv(holdEnv) != "" {
		hold()
		return
	}
	server, err := pgtest.Start()
	switch {
	case errors.Is(err, pgtest.ErrNotInstalled):
		skipWhy = err.Error()
	case err != nil:
		fmt.Fprintln(os.Stderr, "start PostgreSQL:", err)
		os.Exit(1)
	default:
		dsn = server.DSN
	}
	code := m.Run()
	if server != nil {
		server.Stop()
	}
	os.Exit(code)
}

func hold() {
	e := New(os.Getenv(holdEnv), keyFromEnv())
	if err := e.IsLeader(context.Background()); err != nil {
		fmt.Println("not leader:", err)
		os.Exit(1)
	}
	fmt.Println("leader")
	select {}
}

func keyFromEnv() int64 {
	var k int64
	fmt.Sscan(os.Getenv("SHELFSYNC_ELECT_KEY"), &k)
	return k
}

func needPostgres(t *testing.T) {
	t.Helper()
	if dsn == "" {
		t.Skip(skipWhy)
	}
}

// Each test contends for its own lock, so they cannot see each other.
var nextKey atomic.Int64

func newKey() int64 { return DefaultKey + nextKey.Add(1) }

func TestOnlyOneInstanceLeadsAndTheLeaderStays(t *testing.T) {
	needPostgres(t)
	ctx := context.Background()
	key := newKey()
	a, b := New(dsn, key), New(dsn, key)
	t.Cleanup(func() { a.Close(ctx); b.Close(ctx) })
	for i := 0; i < 3; i++ {
		if err := a.IsLeader(ctx); err != nil {
			t.Fatalf("the first instance, ask %d: %v", i+1, err)
		}
		if err := b.IsLeader(ctx); !errors.Is(err, ErrNotLeader) {
			t.Fatalf("the second instance, ask %d: %v; want ErrNotLeader", i+1, err)
		}
	}
	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.IsLeader(ctx); err != nil {
		t.Fatalf("after the leader stepped down: %v", err)
	}
	if err := a.IsLeader(ctx); !errors.Is(err, ErrNotLeader) {
		t.Fatalf("the old leader asking again: %v; want ErrNotLeader", err)
	}
}

func TestAKilledLeadersPlaceIsTakenAtOnce(t *testing.T) {
	needPostgres(t)
	ctx := context.Background()
	key := newKey()
	leader := exec.Command(os.Args[0], "-test.run=^$")
	leader.Env = append(os.Environ(), holdEnv+"="+dsn, fmt.Sprintf("SHELFSYNC_ELECT_KEY=%d", key))
	out, err := leader.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := leader.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { leader.Process.Kill(); leader.Wait() })
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "leader\n" {
		t.Fatalf("the other process: %q, %v", line, err)
	}
	standby := New(dsn, key)
	t.Cleanup(func() { standby.Close(ctx) })
	if err := standby.IsLeader(ctx); !errors.Is(err, ErrNotLeader) {
		t.Fatalf("while the other process leads: %v; want ErrNotLeader", err)
	}
	if err := leader.Process.Kill(); err != nil { // SIGKILL: no goodbye to the database
		t.Fatal(err)
	}
	killed := time.Now()
	for {
		err := standby.IsLeader(ctx)
		if err == nil {
			break
		}
		if !errors.Is(err, ErrNotLeader) || time.Since(killed) > 5*time.Second {
			t.Fatalf("%s after the leader was killed: %v", time.Since(killed).Round(time.Millisecond), err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("the standby led %s after the leader was killed", time.Since(killed).Round(time.Millisecond))
}

// Two gocron schedulers with the same job, each with an elector of its
// own, as two `serve` instances would be: only the leader's job runs.
func TestGocronRunsAJobOnTheLeaderOnly(t *testing.T) {
	needPostgres(t)
	ctx := context.Background()
	key := newKey()
	var runs [2]atomic.Int64
	var electors [2]*Elector
	var schedulers [2]gocron.Scheduler
	for i := range 2 {
		electors[i] = New(dsn, key)
		s, err := gocron.NewScheduler(gocron.WithDistributedElector(electors[i]))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.NewJob(gocron.DurationJob(50*time.Millisecond), gocron.NewTask(func() { runs[i].Add(1) })); err != nil {
			t.Fatal(err)
		}
		// The first instance starts first and so leads.
		if i == 0 {
			if err := electors[0].IsLeader(ctx); err != nil {
				t.Fatal(err)
			}
		}
		s.Start()
		schedulers[i] = s
		t.Cleanup(func() { s.Shutdown(); electors[i].Close(ctx) })
	}
	time.Sleep(600 * time.Millisecond)
	if runs[0].Load() < 5 || runs[1].Load() != 0 {
		t.Fatalf("runs: leader %d, standby %d; want the leader's only", runs[0].Load(), runs[1].Load())
	}
	// The leading instance stops.
	if err := schedulers[0].Shutdown(); err != nil {
		t.Fatal(err)
	}
	if err := electors[0].Close(ctx); err != nil {
		t.Fatal(err)
	}
	before := runs[1].Load()
	time.Sleep(300 * time.Millisecond)
	if runs[1].Load() == before {
		t.Fatalf("the standby ran nothing after the leader stepped down")
	}
}
