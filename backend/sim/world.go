// Package sim is a seeded simulation of ShelfSync's engine against faulty
// platforms: one seed builds a warehouse whose quantities change between
// syncs, a store (in memory, or the real Shopify or WooCommerce connector
// against its fake), faults on both sides, crashes at any step and runs
// asked for at the same time, all on the real SQLite storage and the real
// engine. Run(seed) plays the world out, stops the faults, runs one Smart
// Sync and checks that no update was lost.
package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/engine"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// deadPID is a process id no Linux or macOS system hands out (both cap
// pids far below it), standing for a ShelfSync that died mid-run.
const deadPID = 1 << 30

// point is a moment in a run where a crash can strike.
type point string

const (
	pointReadingWarehouse point = point(types.PhaseReadingWarehouse)
	pointReadingStore     point = point(types.PhaseReadingStore)
	pointPlanning         point = point(types.PhasePlanning)
	pointRecording        point = point(types.PhaseRecording)
	pointBeforeBatch      point = "before a batch"
	pointAfterApply       point = "after the store applied a batch"
)

var crashPoints = []point{pointReadingWarehouse, pointReadingStore, pointPlanning, pointBeforeBatch, pointAfterApply, pointRecording}

// crashPlan says where the current run dies and how.
type crashPlan struct {
	hard bool // the process dies (nothing more is written) vs. the run is cancelled
	at   point
	nth  int // the nth time the run reaches that point, from 1
	hits int
	done bool
}

// World is one seeded simulation.
type World struct {
	Seed int64

	base  string // temp folder holding each data dir
	dir   string // the current data dir
	db    *storage.DB
	eng   *engine.Engine
	conn  storage.Connection
	store StoreSide
	wh    *Warehouse

	clockMu sync.Mutex
	now     time.Time

	mu        sync.Mutex // guards what runs touch: rng, faults, crash, counters
	rng       *rand.Rand
	faultRate float64
	crash     *crashPlan
	cancelRun context.CancelFunc
	snapshot  string // data dir written at a hard crash
	active    int    // runs started and not finished, across engines
	pushing   uint   // run id inside a store push, 0 when none
	restarts  int
	midRun    func() // runs once when a run starts reading the store
	violation []string
	log       []string
}

// Clock is the world's time, moved on between syncs by the scenario.
func (w *World) Now() time.Time {
	w.clockMu.Lock()
	defer w.clockMu.Unlock()
	return w.now
}

func (w *World) advance(d time.Duration) {
	w.clockMu.Lock()
	w.now = w.now.Add(d)
	w.clockMu.Unlock()
}

func (w *World) logf(format string, args ...any) {
	w.mu.Lock()
	w.log = append(w.log, fmt.Sprintf(format, args...))
	w.mu.Unlock()
}

func (w *World) violate(format string, args ...any) {
	w.mu.Lock()
	w.violation = append(w.violation, fmt.Sprintf(format, args...))
	w.mu.Unlock()
}

// roll draws one connector-level fault while faults are on.
func (w *World) roll(what string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.faultRate <= 0 || w.rng.Float64() >= w.faultRate {
		return false
	}
	w.log = append(w.log, "    fault: "+what)
	return true
}

func (w *World) setFaults(connectorRate, httpRate, warehouseRate float64) {
	w.mu.Lock()
	w.faultRate = connectorRate
	w.mu.Unlock()
	w.store.setHTTPFaultRate(httpRate)
	w.wh.setFaultRate(warehouseRate)
}

// atPoint is called by the store wrapper and the observer as a run passes a
// crash point; the planned crash strikes there.
func (w *World) atPoint(p point) {
	w.mu.Lock()
	c := w.crash
	strike := c != nil && !c.done && c.at == p
	if strike {
		c.hits++
		strike = c.hits == c.nth
	}
	if strike {
		c.done = true
	}
	cancel := w.cancelRun
	w.mu.Unlock()
	if !strike {
		return
	}
	if c.hard {
		// What is on disk at this instant is all a restarted process finds.
		snap := filepath.Join(w.base, fmt.Sprintf("restart-%d", w.restarts+1))
		if err := os.MkdirAll(snap, 0o700); err != nil {
			w.violate("hard crash: %v", err)
		} else if err := w.db.Gorm().Exec("VACUUM INTO ?", filepath.Join(snap, storage.FileName)).Error; err != nil {
			w.violate("hard crash: snapshot the database: %v", err)
		}
		w.mu.Lock()
		w.snapshot = snap
		w.mu.Unlock()
	}
	w.logf("    crash (%s) %s", map[bool]string{true: "process killed", false: "run cancelled"}[c.hard], p)
	cancel()
}

func (w *World) enterPush(runID uint) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pushing != 0 {
		w.violation = append(w.violation, fmt.Sprintf("runs %d and %d pushed at the same time", w.pushing, runID))
	}
	w.pushing = runID
}

func (w *World) leavePush() {
	w.mu.Lock()
	w.pushing = 0
	w.mu.Unlock()
}

// observer hears one engine's runs.
type observer struct{ w *World }

func (o observer) RunStarted(run storage.SyncRun) {
	o.w.mu.Lock()
	o.w.active++
	if o.w.active > 1 {
		o.w.violation = append(o.w.violation, fmt.Sprintf("run %d started while another run of the connection was running", run.ID))
	}
	o.w.mu.Unlock()
}

func (o observer) RunProgress(p engine.Progress) {
	switch p.Phase {
	case types.PhaseReadingWarehouse, types.PhaseReadingStore, types.PhasePlanning, types.PhaseRecording:
		if p.Phase == types.PhaseReadingStore {
			o.w.mu.Lock()
			f := o.w.midRun
			o.w.midRun = nil
			o.w.mu.Unlock()
			if f != nil {
				f()
			}
		}
		o.w.atPoint(point(p.Phase))
	}
}

func (o observer) RunFinished(storage.SyncRun) {
	o.w.mu.Lock()
	o.w.active--
	o.w.mu.Unlock()
}

// openers gives the engine the world's two sides, through fresh connectors
// for every run as a new process would build them.
type openers struct{ w *World }

func (o openers) Open(storage.Connection) (connector.Warehouse, connector.Store, error) {
	st, err := o.w.store.Open()
	if err != nil {
		return nil, nil, err
	}
	return o.w.wh, &faultyStore{inner: st, w: o.w}, nil
}

func (w *World) newEngine(db *storage.DB) *engine.Engine {
	return engine.New(db, openers{w}, engine.Options{Now: w.Now, Observer: observer{w}})
}

// open (re)opens the data dir as a starting process does: open the
// database, build the engine, close the runs a dead process left running.
func (w *World) open() (int, error) {
	db, err := storage.Open(w.dir)
	if err != nil {
		return 0, err
	}
	w.db = db
	w.eng = w.newEngine(db)
	return w.eng.RecoverInterrupted()
}

// Close releases the world's database and fakes.
func (w *World) Close() {
	if w.db != nil {
		w.db.Close()
	}
	w.store.Close()
}

// Log is what happened, one line per event, for a failing seed's report.
func (w *World) Log() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.log, "\n")
}
