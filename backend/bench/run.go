package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// Result is one measured sync: the JSON object `shelfsync bench --json`
// prints per case. BENCHMARKS.md says what each figure means.
type Result struct {
	World   string `json:"world"`
	SKUs    int    `json:"skus"`
	Changed int    `json:"changed"`
	Mode    string `json:"mode"`
	// Pushed is how many SKUs the run wrote to the store.
	Pushed int `json:"pushed"`
	// WallMs is real time in the local world; in the rate-limited world it
	// is simulated time: the real time the run worked plus the latency and
	// waits it slept, which the shared clock skips (Clock says which).
	WallMs float64 `json:"wallMs"`
	Clock  string  `json:"clock"`
	// FloorMs is the least time the case could take: in the local world,
	// measured in the same run (see floor.go); in the rate-limited world,
	// computed from the platform's contract (see floor in bench.go).
	FloorMs float64 `json:"floorMs"`
	// FloorRatio is WallMs / FloorMs: how far the sync is from its floor.
	FloorRatio float64 `json:"floorRatio"`
	CPUMs      float64 `json:"cpuMs"`
	// FloorCPUMs is the local floor's CPU time, and FloorCPURatio CPUMs
	// over it: on a loaded machine the CPU a case spends moves less than
	// its wall time, which waits for the cores others hold.
	FloorCPUMs      float64 `json:"floorCpuMs,omitempty"`
	FloorCPURatio   float64 `json:"floorCpuRatio,omitempty"`
	PeakRSSBytes    int64   `json:"peakRssBytes"`
	ReadCalls       int     `json:"readCalls"`
	WriteCalls      int     `json:"writeCalls"`
	WriteCallsFloor int     `json:"writeCallsFloor"`
	Throttled       int     `json:"throttled"`
	DBBytesAfter    int64   `json:"dbBytesAfter"`
	HistoryRows     int64   `json:"historyRows"`
	// UpkeepMs is the work the app does in the background once the run is
	// recorded, which WallMs leaves out: indexing the rows the run added
	// or renamed for search (SearchIndexed of them), and taking the state
	// counts the Inventory tab opens with.
	UpkeepMs      float64 `json:"upkeepMs"`
	SearchIndexed int     `json:"searchIndexed"`
	// Runs is how many times the case ran (--repeat, local world). With
	// more than one, every time, ratio and size above is the median of
	// the runs' (each ratio the median of the runs' own ratios, not a
	// ratio of medians), and FloorRatios and FloorCPURatios are each
	// run's, in the order they ran: one run's ratio swings by a fifth on a
	// shared machine, the median and the spread less.
	Runs           int       `json:"runs,omitempty"`
	FloorRatios    []float64 `json:"floorRatios,omitempty"`
	FloorCPURatios []float64 `json:"floorCpuRatios,omitempty"`
}

// HistoryGrowth projects the database size after a month of hourly Smart
// Syncs from the growth measured over a few of them.
type HistoryGrowth struct {
	SKUs           int     `json:"skus"`
	ChangedPerRun  int     `json:"changedPerRun"`
	RunsMeasured   int     `json:"runsMeasured"`
	BytesPerRun    float64 `json:"bytesPerRun"`
	Days           int     `json:"days"`
	RetentionDays  int     `json:"retentionDays"`
	ProjectedBytes int64   `json:"projectedBytes"`
}

// Options choose what to run.
type Options struct {
	Sizes  []int
	Worlds []string
	// History adds the history-growth projection to each local size.
	History bool
	// Log hears a line as each case starts (nil: quiet).
	Log io.Writer
	// Trace prints each run's phases with their times to Log.
	Trace bool
	// Repeat runs the local world's cases this many times, each time on a
	// fresh database (0 or 1: once), and reports each case's medians and
	// its runs' ratios (see Result.Runs). The rate-limited world runs
	// once: its time is virtual and its floor computed, so it does not
	// swing with the machine's load.
	Repeat int
}

// retentionDays is the app's default history retention.
const retentionDays = 90

// cases are the three syncs run in order on one catalogue: changed is
// every stride-th SKU from offset (0: none, the first Full Sync).
var cases = []struct {
	mode           inventory.Mode
	stride, offset int
}{
	{inventory.ModeFull, 0, 0},
	{inventory.ModeSmart, 100, 0}, // 1%
	{inventory.ModeSmart, 10, 5},  // 10%, none of them the 1% ones
}

// Run runs every world at every size and returns one Result per case, in
// order, plus a history projection per local size when asked.
func Run(ctx context.Context, o Options) ([]Result, []HistoryGrowth, error) {
	var results []Result
	var growth []HistoryGrowth
	for _, n := range o.Sizes {
		for _, name := range o.Worlds {
			rs, g, err := repeatWorld(ctx, name, n, o)
			results = append(results, rs...)
			if g != nil {
				growth = append(growth, *g)
			}
			if err != nil {
				return results, growth, fmt.Errorf("%s world, %d SKUs: %w", name, n, err)
			}
		}
	}
	return results, growth, nil
}

// repeatWorld runs a world once, or the local world o.Repeat times, and
// folds the repetitions into one Result per case. The history projection,
// if asked, follows the first repetition only.
func repeatWorld(ctx context.Context, name string, n int, o Options) ([]Result, *HistoryGrowth, error) {
	if name != WorldLocal || o.Repeat <= 1 {
		return runWorld(ctx, name, n, o)
	}
	var reps [][]Result
	var growth *HistoryGrowth
	for k := range o.Repeat {
		if o.Log != nil {
			fmt.Fprintf(o.Log, "bench: %s world, %d SKUs: run %d of %d\n", name, n, k+1, o.Repeat)
		}
		rs, g, err := runWorld(ctx, name, n, o)
		if g != nil {
			growth = g
		}
		if err != nil {
			// The repetition that failed is reported as it stands, after
			// the medians of those that finished.
			return append(medians(reps), rs...), growth, err
		}
		reps = append(reps, rs)
		o.History = false
	}
	return medians(reps), growth, nil
}

// medians folds repetitions of the same cases, reps[k][i] being case i of
// repetition k, into one Result per case (see Result.Runs). Counts, which
// do not vary between runs of a case, are the first run's.
func medians(reps [][]Result) []Result {
	if len(reps) == 0 {
		return nil
	}
	out := make([]Result, len(reps[0]))
	for i := range out {
		runs := make([]Result, len(reps))
		for k := range reps {
			runs[k] = reps[k][i]
		}
		med := func(f func(Result) float64) float64 {
			v := make([]float64, len(runs))
			for k, r := range runs {
				v[k] = f(r)
			}
			return median(v)
		}
		r := runs[0]
		r.Runs = len(runs)
		r.WallMs = round1(med(func(r Result) float64 { return r.WallMs }))
		r.FloorMs = round1(med(func(r Result) float64 { return r.FloorMs }))
		r.FloorRatio = round2(med(func(r Result) float64 { return r.FloorRatio }))
		r.CPUMs = round1(med(func(r Result) float64 { return r.CPUMs }))
		r.FloorCPUMs = round1(med(func(r Result) float64 { return r.FloorCPUMs }))
		r.FloorCPURatio = round2(med(func(r Result) float64 { return r.FloorCPURatio }))
		r.PeakRSSBytes = int64(med(func(r Result) float64 { return float64(r.PeakRSSBytes) }))
		r.DBBytesAfter = int64(med(func(r Result) float64 { return float64(r.DBBytesAfter) }))
		r.UpkeepMs = round1(med(func(r Result) float64 { return r.UpkeepMs }))
		r.FloorRatios, r.FloorCPURatios = nil, nil
		for _, run := range runs {
			r.FloorRatios = append(r.FloorRatios, run.FloorRatio)
			r.FloorCPURatios = append(r.FloorCPURatios, run.FloorCPURatio)
		}
		out[i] = r
	}
	return out
}

// median is the middle of v, or the mean of its two middle values.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
func round2(x float64) float64 { return math.Round(x*100) / 100 }

func runWorld(ctx context.Context, name string, n int, o Options) ([]Result, *HistoryGrowth, error) {
	logf := func(format string, a ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", a...)
		}
	}
	dir, err := os.MkdirTemp("", "shelfsync-bench-")
	if err != nil {
		return nil, nil, fmt.Errorf("make a temporary data folder: %w", err)
	}
	defer os.RemoveAll(dir)

	logf("bench: building the %s world with %d SKUs", name, n)
	w, err := newWorld(name, n, time.Now())
	if err != nil {
		return nil, nil, err
	}
	defer w.close()
	db, err := storage.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	conn := storage.Connection{Name: "bench", WarehouseKind: "bench", StoreKind: "bench", RetentionDays: retentionDays}
	if err := db.CreateConnection(&conn); err != nil {
		return nil, nil, err
	}
	var opts engine.Options
	if o.Trace && o.Log != nil {
		opts.Observer = &phaseTrace{w: w, out: o.Log}
	}
	eng := engine.New(db, w, opts)
	var lf *localFloor
	if w.fake == nil {
		if lf, err = newLocalFloor(); err != nil {
			return nil, nil, err
		}
		defer lf.close()
	}

	var out []Result
	for _, c := range cases {
		changed := n
		if c.stride > 0 {
			changed = w.cat.change(c.stride, c.offset, time.Now())
		}
		logf("bench: %s %d SKUs: %s sync, %d changed", name, n, c.mode, changed)
		r, err := measure(ctx, eng, db, w, conn.ID, c.mode, changed)
		if err == nil && lf != nil {
			var d time.Duration
			runtime.GC()
			cpu0 := cpuTime()
			// Labelled like the case, so a --cpuprofile compares the two.
			pprof.Do(ctx, pprof.Labels("case", caseLabel(w, c.mode, changed)+"-floor"), func(ctx context.Context) {
				d, err = lf.measure(ctx, w.cat, c.mode)
			})
			if err == nil {
				r.FloorMs, r.FloorCPUMs = ms(d), ms(cpuTime()-cpu0)
			}
		}
		if r.FloorMs > 0 {
			r.FloorRatio = round2(r.WallMs / r.FloorMs)
		}
		if r.FloorCPUMs > 0 {
			r.FloorCPURatio = round2(r.CPUMs / r.FloorCPUMs)
		}
		out = append(out, r)
		if err != nil {
			return out, nil, err
		}
		if lf != nil {
			logf("bench: %s %d SKUs: %s sync: wall %.0f ms, floor %.0f ms (%.2fx); CPU %.0f ms, floor %.0f ms (%.2fx)",
				name, n, c.mode, r.WallMs, r.FloorMs, r.FloorRatio, r.CPUMs, r.FloorCPUMs, r.FloorCPURatio)
		}
		w.pause()
	}
	if !o.History || name != WorldLocal {
		return out, nil, nil
	}
	g, err := projectHistory(ctx, eng, db, w, conn.ID, logf)
	return out, g, err
}

// measure runs one sync and takes its figures. The store must accept every
// write: a failed SKU means the bench measures something else than a sync.
func measure(ctx context.Context, eng *engine.Engine, db *storage.DB, w *world, connID uint, mode inventory.Mode, changed int) (Result, error) {
	r := Result{World: w.name, SKUs: w.n, Mode: string(mode), Changed: changed, Clock: "real"}
	if w.clock != nil {
		r.Clock = "virtual"
	}
	reads0, writes0, throttled0 := w.calls()

	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	cpu0, t0, v0 := cpuTime(), time.Now(), w.virtualNow()
	var run storage.SyncRun
	var err error
	// The label lets a --cpuprofile be read per case (pprof -tagfocus).
	pprof.Do(ctx, pprof.Labels("case", caseLabel(w, mode, changed)), func(ctx context.Context) {
		run, err = eng.Run(ctx, engine.Request{ConnectionID: connID, Mode: mode, Trigger: types.TriggerCLI})
	})
	wall := time.Since(t0)
	if w.clock != nil {
		wall = w.virtualNow().Sub(v0)
	}
	r.CPUMs = ms(cpuTime() - cpu0)
	r.PeakRSSBytes = peakRSS()
	r.WallMs = ms(wall)
	if err != nil {
		return r, fmt.Errorf("%s sync: %w", mode, err)
	}
	if run.Status != types.RunSucceeded {
		return r, fmt.Errorf("%s sync ended %s: %s", mode, run.Status, run.Error)
	}

	reads1, writes1, throttled1 := w.calls()
	r.ReadCalls, r.WriteCalls, r.Throttled = reads1-reads0, writes1-writes0, throttled1-throttled0
	r.Pushed = run.Pushed
	r.WriteCallsFloor = (run.Pushed + shopifyMaxBatch - 1) / shopifyMaxBatch
	if w.fake != nil {
		r.FloorMs = ms(floor(w.n, r.WriteCallsFloor, run.ModeRun == inventory.ModeFull))
	} else if bad := mismatches(w.cat, w.storeQuantity); bad > 0 {
		return r, fmt.Errorf("after the %s sync %d SKUs in the store differ from the warehouse", mode, bad)
	}
	t1 := time.Now()
	if r.SearchIndexed, err = db.CatchUpSearch(ctx); err != nil {
		return r, err
	}
	if _, err := db.StateCounts(connID); err != nil {
		return r, err
	}
	r.UpkeepMs = ms(time.Since(t1))
	if r.DBBytesAfter, err = dbBytes(db); err != nil {
		return r, err
	}
	if r.HistoryRows, err = db.HistoryItemCount(); err != nil {
		return r, fmt.Errorf("count history rows: %w", err)
	}
	return r, nil
}

// dbBytes is the database file's size once the write-ahead log is folded
// in, which is what the file settles at between syncs.
func dbBytes(db *storage.DB) (int64, error) {
	if err := db.Gorm().Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
		return 0, fmt.Errorf("checkpoint the database: %w", err)
	}
	var total int64
	for _, suffix := range []string{"", "-wal"} {
		fi, err := os.Stat(db.Path + suffix)
		if err == nil {
			total += fi.Size()
		}
	}
	return total, nil
}

// usedBytes is the database's pages in use. The file's size would hide
// growth while SQLite reuses pages freed earlier (by the search index's
// catch-up, say), and a month of runs outlasts any such slack.
func usedBytes(db *storage.DB) (int64, error) {
	var pages, free, size int64
	err := db.Gorm().Raw(`SELECT (SELECT page_count FROM pragma_page_count()), (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size())`).Row().Scan(&pages, &free, &size)
	if err != nil {
		return 0, fmt.Errorf("measure the database: %w", err)
	}
	return (pages - free) * size, nil
}

// historyRuns is how many extra hourly Smart Syncs the projection measures.
const historyRuns = 24

// projectHistory runs a day of hourly 1% Smart Syncs and projects the file
// after 30 days from the growth per run. Under the default 90-day
// retention no run of those 30 days is pruned, so growth is linear.
func projectHistory(ctx context.Context, eng *engine.Engine, db *storage.DB, w *world, connID uint, logf func(string, ...any)) (*HistoryGrowth, error) {
	const days = 30
	logf("bench: %d SKUs: %d more 1%% Smart Syncs for the history projection", w.n, historyRuns)
	before, err := usedBytes(db)
	if err != nil {
		return nil, err
	}
	changed := 0
	for k := range historyRuns {
		changed = w.cat.change(100, 1+k%99, time.Now())
		run, err := eng.Run(ctx, engine.Request{ConnectionID: connID, Mode: inventory.ModeSmart, Trigger: types.TriggerScheduled})
		if err != nil {
			return nil, fmt.Errorf("history run %d: %w", k+1, err)
		}
		if run.Status != types.RunSucceeded {
			return nil, fmt.Errorf("history run %d ended %s: %s", k+1, run.Status, run.Error)
		}
	}
	after, err := usedBytes(db)
	if err != nil {
		return nil, err
	}
	perRun := float64(after-before) / historyRuns
	runsKept := min(days, retentionDays) * 24
	return &HistoryGrowth{
		SKUs: w.n, ChangedPerRun: changed, RunsMeasured: historyRuns, BytesPerRun: math.Round(perRun),
		Days: days, RetentionDays: retentionDays,
		ProjectedBytes: before + int64(perRun*float64(runsKept)),
	}, nil
}

// caseLabel names a case in a CPU profile (pprof -tagfocus 'case=^…').
func caseLabel(w *world, mode inventory.Mode, changed int) string {
	return fmt.Sprintf("%s-%d-%s-%d", w.name, w.n, mode, changed)
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e5) / 10 }
