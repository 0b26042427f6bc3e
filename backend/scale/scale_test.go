//go:build unix

// Package scale runs several `shelfsync serve` on one PostgreSQL with many
// demo connections on a short interval, kills one server with SIGKILL
// half-way, and checks what the servers recorded: every connection kept
// syncing, no two runs of a connection overlapped, no gap between two runs
// was longer than an interval and a lease, and every store holds what the
// database says it confirmed. It reports CPU and memory per server. A
// fifth of the connections run Full against a slow store, so the kill
// meets runs half-way.
//
// `make test` runs a quick version; `make scale` the full one (3 servers,
// 300 connections, 10 minutes), sized by the SHELFSYNC_SCALE_* variables.
package scale

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"shelfsync/backend/inventory"
	"shelfsync/backend/pgtest"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// size is one scale run's shape.
type size struct {
	servers     int
	connections int
	skus        int
	duration    time.Duration
	// minute is how long a schedule's minute lasts; connections sync every
	// 5 of them (the shortest interval a merchant may choose).
	minute time.Duration
}

const intervalMinutes = 5

func (s size) interval() time.Duration { return intervalMinutes * s.minute }

// lease is how long after its due time a run's schedule lease is held
// (schedule.leaseHold).
func (s size) lease() time.Duration { return s.interval() * 3 / 4 }

// catchUpStart is what a catch-up may take to start after the lease it
// waited for runs out: two questions to the database on a loaded machine.
func (s size) catchUpStart() time.Duration { return s.interval() / 20 }

// quick is what `make test` runs: a minute and a half.
var quick = size{servers: 3, connections: 30, skus: 50, duration: 90 * time.Second, minute: 2 * time.Second}

func sizeFromEnv(t *testing.T) size {
	s := quick
	for _, v := range []struct {
		env string
		to  *int
	}{{"SHELFSYNC_SCALE_SERVERS", &s.servers}, {"SHELFSYNC_SCALE_CONNECTIONS", &s.connections}, {"SHELFSYNC_SCALE_SKUS", &s.skus}} {
		if raw := os.Getenv(v.env); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 1 {
				t.Fatalf("%s=%q is not a positive number", v.env, raw)
			}
			*v.to = n
		}
	}
	for _, v := range []struct {
		env string
		to  *time.Duration
	}{{"SHELFSYNC_SCALE_DURATION", &s.duration}, {"SHELFSYNC_SCALE_MINUTE", &s.minute}} {
		if raw := os.Getenv(v.env); raw != "" {
			d, err := time.ParseDuration(raw)
			if err != nil || d <= 0 {
				t.Fatalf("%s=%q is not a duration", v.env, raw)
			}
			*v.to = d
		}
	}
	if s.servers < 2 {
		t.Fatalf("the scale test kills one server and needs another: SHELFSYNC_SCALE_SERVERS=%d", s.servers)
	}
	return s
}

func binary(t *testing.T) string {
	if bin := os.Getenv("SHELFSYNC_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "shelfsync")
	_, file, _, _ := runtime.Caller(0)
	build := exec.Command("go", "build", "-tags", "headless", "-o", bin, ".")
	build.Dir = filepath.Join(filepath.Dir(file), "..", "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the headless shelfsync (or set SHELFSYNC_BIN): %v\n%s", err, out)
	}
	return bin
}

// server is one running `shelfsync serve`.
type server struct {
	name string
	cmd  *exec.Cmd
	done chan error
	// usage is taken just before the server is killed or stopped.
	usage usage
}

type usage struct {
	cpu     time.Duration
	wall    time.Duration
	peakRSS int64 // KiB
}

func TestScale(t *testing.T) {
	pg := pgtest.ForTest(t, "the scale test")
	sz := sizeFromEnv(t)
	bin := binary(t)
	dataDir := t.TempDir()
	t.Logf("%d servers, %d demo connections of %d SKUs every %s (lease %s), %s; one server killed half-way",
		sz.servers, sz.connections, sz.skus, sz.interval(), sz.lease(), sz.duration)

	db, err := storage.OpenPostgres(pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range sz.connections {
		conn := storage.Connection{
			Name:          fmt.Sprintf("Shop %03d", i+1),
			WarehouseKind: "demo", WarehouseSettings: map[string]string{"skus": strconv.Itoa(sz.skus), "seed": strconv.Itoa(i + 1)},
			StoreKind: "demo", StoreSettings: map[string]string{"prefill": "true"},
			ScheduleEnabled: true, IntervalMinutes: intervalMinutes, AutoMode: inventory.ModeSmart, RetentionDays: 30,
		}
		// Every fifth connection pushes every SKU each time, to a store
		// slow to answer (a tenth of the interval), so that the kill
		// finds some runs half-way: the next run must close them and
		// write their SKUs again.
		if i%5 == 0 {
			conn.AutoMode = inventory.ModeFull
			conn.StoreSettings["latencyMs"] = strconv.FormatInt(sz.interval().Milliseconds()/10, 10)
		}
		if err := db.CreateConnection(&conn); err != nil {
			t.Fatal(err)
		}
	}

	begin := time.Now()
	servers := make([]*server, sz.servers)
	for i := range servers {
		servers[i] = startServer(t, bin, fmt.Sprintf("server %d", i+1), dataDir, pg.DSN, sz)
	}
	defer func() {
		for _, s := range servers {
			s.stop(syscall.SIGKILL)
		}
	}()
	time.Sleep(sz.duration / 2)
	killed := servers[0]
	// Killed while it runs a sync, when it has one within an interval.
	for wait := time.Now().Add(sz.interval()); time.Now().Before(wait); time.Sleep(50 * time.Millisecond) {
		var running int64
		if err := db.Gorm().Model(&storage.SyncRun{}).Where(&storage.SyncRun{Status: types.RunRunning, PID: killed.cmd.Process.Pid}).Count(&running).Error; err != nil {
			t.Fatal(err)
		}
		if running > 0 {
			t.Logf("%s runs %d syncs as it is killed", killed.name, running)
			break
		}
	}
	killed.usage = killed.measure(begin)
	killed.stop(syscall.SIGKILL)
	killedAt := time.Now()
	t.Logf("%s killed with SIGKILL at %s", killed.name, killedAt.Sub(begin).Round(time.Second))
	time.Sleep(sz.duration - time.Since(begin))
	for _, s := range servers[1:] {
		s.usage = s.measure(begin)
		s.stop(syscall.SIGTERM)
	}
	end := time.Now()

	r := examine(t, db, dataDir, begin, end, killedAt, killed.cmd.Process.Pid, sz)
	t.Logf("runs per connection: min %d, mean %.1f, max %d; expected about %.1f (%s / %s)",
		r.minRuns, r.meanRuns, r.maxRuns, r.expectedRuns, end.Sub(begin).Round(time.Second), sz.interval())
	t.Logf("runs that overlapped another run of their connection: %d", r.overlaps)
	t.Logf("longest gap between two runs of a connection: %s (bound: interval %s + lease %s = %s); across the kill: %s (bound %s with a catch-up's start)",
		r.longestGap.Round(10*time.Millisecond), sz.interval(), sz.lease(), sz.interval()+sz.lease(), r.longestGapAcrossKill.Round(10*time.Millisecond), sz.interval()+sz.lease()+sz.catchUpStart())
	t.Logf("longest run: %s; runs that outlasted the interval (the next time's run refused, their gap left out above): %d", r.longestRun.Round(10*time.Millisecond), r.overran)
	t.Logf("runs by status: %v (interrupted: a run of the killed server that the next run closed)", r.statuses)
	t.Logf("store divergences at the end: %d", r.divergences)
	for _, s := range servers {
		t.Logf("%s: CPU %.1f%% of a core (%s over %s), peak RSS %.1f MB, %d runs", s.name,
			100*s.usage.cpu.Seconds()/s.usage.wall.Seconds(), s.usage.cpu.Round(10*time.Millisecond), s.usage.wall.Round(time.Second),
			float64(s.usage.peakRSS)/1024, r.runsByServer[s.cmd.Process.Pid])
	}

	if r.overlaps != 0 {
		t.Errorf("%d runs overlapped another run of the same connection", r.overlaps)
	}
	if r.divergences != 0 {
		t.Errorf("%d SKUs differ between the stores and what the database says they confirmed", r.divergences)
	}
	if bound := sz.interval() + sz.lease(); r.longestGap > bound {
		t.Errorf("a connection went %s without a run, more than an interval and a lease (%s): %s", r.longestGap, bound, r.longestGapWhere)
	}
	// Across the kill too: a time whose lease the killed server took and
	// never ran is caught up by another server when the lease runs out
	// (schedule/catchup.go), which takes the moments a catch-up needs to
	// start: its own lease and a look at the runs, on a loaded machine.
	if bound := sz.interval() + sz.lease() + sz.catchUpStart(); r.longestGapAcrossKill > bound {
		t.Errorf("a connection went %s without a run across the kill, more than an interval and a lease and a catch-up's start (%s): %s", r.longestGapAcrossKill, bound, r.longestGapAcrossKillWhere)
	}
	if r.killedConnections == 0 {
		t.Errorf("the killed server had run no connection before it was killed; the test showed no take-over")
	}
	if r.notTakenOver != 0 {
		t.Errorf("%d of the killed server's connections never ran after the kill", r.notTakenOver)
	}
}

func startServer(t *testing.T, bin, name, dataDir, dsn string, sz size) *server {
	t.Helper()
	cmd := exec.Command("nice", "-n", "10", bin, "--data-dir", dataDir, "--db", dsn, "serve", "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(),
		"SHELFSYNC_SCHEDULE_MINUTE="+sz.minute.String(),
		"SHELFSYNC_STARTUP_DELAY=1s",
		// One key for every server: a key file made by each at once would
		// race in the shared data folder.
		"SHELFSYNC_SECRET_KEY=c2NhbGUtdGVzdC1rZXktMzItYnl0ZXMtbG9uZy0xMjM=",
	)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{name: name, cmd: cmd, done: make(chan error, 1)}
	ready := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "ShelfSync serves ") {
				ready <- lines.Text()
			}
		}
	}()
	go func() { s.done <- cmd.Wait() }()
	select {
	case line := <-ready:
		t.Logf("%s (pid %d): %s", name, cmd.Process.Pid, line)
	case err := <-s.done:
		t.Fatalf("%s exited at start: %v\n%s", name, err, stderr.String())
	case <-time.After(time.Minute):
		t.Fatalf("%s did not start within a minute\n%s", name, stderr.String())
	}
	return s
}

// measure reads the server's CPU time and peak memory from /proc. The
// server runs under nice, which execs it: the pid is the server's.
func (s *server) measure(begin time.Time) usage {
	u := usage{wall: time.Since(begin)}
	pid := s.cmd.Process.Pid
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// Fields after the command's closing parenthesis; utime and
		// stime are the 14th and 15th of the line.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
		utime, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		u.cpu = time.Duration(utime+stime) * time.Second / 100 // USER_HZ
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				u.peakRSS, _ = strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			}
		}
	}
	return u
}

func (s *server) stop(sig syscall.Signal) {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(sig) // already gone is fine: we wait below
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.done <- nil // for a second stop
}

type report struct {
	minRuns, maxRuns          int
	meanRuns                  float64
	expectedRuns              float64
	overlaps                  int
	longestGap                time.Duration
	longestGapWhere           string
	longestGapAcrossKillWhere string
	longestRun                time.Duration
	overran                   int
	longestGapAcrossKill      time.Duration
	statuses                  map[types.RunStatus]int
	divergences               int
	runsByServer              map[int]int
	killedConnections         int
	notTakenOver              int
}

func examine(t *testing.T, db *storage.DB, dataDir string, begin, end, killedAt time.Time, killedPID int, sz size) report {
	t.Helper()
	r := report{minRuns: 1 << 30, statuses: map[types.RunStatus]int{}, runsByServer: map[int]int{}}
	conns, err := db.Connections()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, conn := range conns {
		var runs []storage.SyncRun
		if err := db.Gorm().Where("connection_id = ?", conn.ID).Order("started_at").Find(&runs).Error; err != nil {
			t.Fatal(err)
		}
		n := len(runs)
		total += n
		r.minRuns, r.maxRuns = min(r.minRuns, n), max(r.maxRuns, n)
		for i, run := range runs {
			r.statuses[run.Status]++
			r.runsByServer[run.PID]++
			if i == 0 {
				continue
			}
			prev := runs[i-1]
			if prev.FinishedAt == nil || run.StartedAt.Before(*prev.FinishedAt) {
				r.overlaps++
			}
			gap := run.StartedAt.Sub(prev.StartedAt)
			if prev.FinishedAt != nil {
				took := prev.FinishedAt.Sub(prev.StartedAt)
				r.longestRun = max(r.longestRun, took)
				if took >= sz.interval() {
					// Still running when its connection came due again:
					// that time's run was refused (a run at a time), and
					// the gap is the run's, not the schedule's.
					r.overran++
					continue
				}
			}
			where := fmt.Sprintf("%s, between runs %d and %d", conn.Name, prev.ID, run.ID)
			if prev.StartedAt.Before(killedAt) && !run.StartedAt.Before(killedAt) {
				if gap > r.longestGapAcrossKill {
					r.longestGapAcrossKill, r.longestGapAcrossKillWhere = gap, where
				}
				continue
			}
			if gap > r.longestGap {
				r.longestGap, r.longestGapWhere = gap, where
			}
		}
		// The killed server's connections: those whose last run before
		// the kill was its. Each must have run again since.
		lastBeforeKill, ranAfterKill := 0, false
		for _, run := range runs {
			if run.StartedAt.Before(killedAt) {
				lastBeforeKill = run.PID
			} else {
				ranAfterKill = true
			}
		}
		if lastBeforeKill == killedPID {
			r.killedConnections++
			if !ranAfterKill {
				r.notTakenOver++
			}
		}
		r.divergences += divergences(t, db, dataDir, conn.ID)
	}
	r.meanRuns = float64(total) / float64(len(conns))
	r.expectedRuns = end.Sub(begin).Seconds() / sz.interval().Seconds()
	return r
}

// demoStore is the part of the demo store's file (connector/demo) the
// test reads: each listing's quantity.
type demoStore struct {
	Listings []struct {
		SKU string `json:"sku"`
		Qty int    `json:"qty"`
	} `json:"listings"`
}

// divergences counts the connection's SKUs whose store quantity is not
// the one the database says the store confirmed. A pending SKU is
// exempt: its write was never confirmed (a run killed after the store
// took it), and the next sync writes it again.
func divergences(t *testing.T, db *storage.DB, dataDir string, connectionID uint) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "demo", fmt.Sprintf("%d-store.json", connectionID)))
	if err != nil {
		t.Fatalf("read the demo store of connection %d: %v", connectionID, err)
	}
	var store demoStore
	if err := json.Unmarshal(b, &store); err != nil {
		t.Fatalf("read the demo store of connection %d: %v", connectionID, err)
	}
	held := map[string]int{}
	for _, l := range store.Listings {
		held[l.SKU] = l.Qty
	}
	items, err := db.Items(connectionID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if it.Pending || it.BaselineQty == nil || !it.StoreSeen {
			continue
		}
		sku := it.StoreSKU
		if sku == "" {
			sku = it.SKU
		}
		if qty, ok := held[sku]; !ok || qty != *it.BaselineQty {
			if n < 3 {
				t.Logf("connection %d, %s: the store holds %d (listed %v), the database says it confirmed %d", connectionID, sku, qty, ok, *it.BaselineQty)
			}
			n++
		}
	}
	return n
}
