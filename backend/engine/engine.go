// Package engine runs one sync of one connection: read the warehouse and the
// store, plan with backend/inventory, push in batches, record the outcome.
// It never runs two syncs of one connection at once.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// IncrementalOverlap is subtracted from the watermark on incremental reads so
// a warehouse clock a few minutes behind ours loses nothing.
const IncrementalOverlap = 10 * time.Minute

// Connectors opens the two sides of a connection.
type Connectors interface {
	Open(c storage.Connection) (connector.Warehouse, connector.Store, error)
}

// Observer hears about runs as they happen (events to the window, the
// tray's notification). Calls come from the run's goroutine.
type Observer interface {
	RunStarted(run storage.SyncRun)
	RunProgress(p Progress)
	RunFinished(run storage.SyncRun)
}

// Progress is one step of a running sync.
type Progress struct {
	ConnectionID uint
	RunID        uint
	Phase        types.SyncPhase
	Done, Total  int
}

// Request asks for one run.
type Request struct {
	ConnectionID uint
	Mode         inventory.Mode
	Trigger      types.Trigger
	// Confirmed lets a manual run through the circuit breaker after the user
	// saw the numbers.
	Confirmed bool
	// TurnOnTracking is "Turn on stock tracking for these": the run also
	// pushes the SKUs whose listing does not track stock, asking the store
	// to track it (PushMeta.TurnOnTracking).
	TurnOnTracking bool
	// RepairDrift is "Repair drifted SKUs": a Smart Sync that pushes the
	// SKUs the store drifted on even where the connection only flags drift.
	RepairDrift bool
	// UndoRun, when set, makes this run undo that earlier run (see
	// engine/undo.go); Mode should be ModeUndo and Trigger TriggerUndo.
	UndoRun uint
	// OnBegin, if set, hears the run id as soon as the run is recorded, so
	// a caller that runs the sync in the background can answer at once.
	OnBegin func(runID uint)
}

// Engine runs syncs.
type Engine struct {
	db         *storage.DB
	connectors Connectors
	now        func() time.Time
	observer   Observer
	log        *slog.Logger
	host       string
	pid        int
	deadline   time.Duration

	mu      sync.Mutex
	running map[uint]*activeRun
}

type activeRun struct {
	cancel context.CancelFunc
	runID  uint
	last   Progress
}

// Options configure an Engine; zero values are sensible.
type Options struct {
	Now      func() time.Time
	Observer Observer
	// Log hears what a run did and what went wrong around it; nil logs
	// nothing.
	Log *slog.Logger
	// RunDeadline bounds a run whose connection sets none; default
	// DefaultRunDeadline.
	RunDeadline time.Duration
}

// DefaultRunDeadline bounds one run. A Full Sync of a million SKUs against
// a standard Shopify bucket (100 points a second) takes about 6 minutes;
// a run still going after 4 hours is stuck on a server that stopped
// answering usefully, and holding the connection would block every later
// sync.
const DefaultRunDeadline = 4 * time.Hour

// New makes an engine over a database and a way to open connectors.
func New(db *storage.DB, connectors Connectors, o Options) *Engine {
	host, _ := os.Hostname() // unknown: runs name no host, and a stuck run is told by its lock alone
	e := &Engine{
		db: db, connectors: connectors, now: o.Now, observer: o.Observer, log: o.Log,
		host: host, pid: os.Getpid(), deadline: o.RunDeadline,
		running: map[uint]*activeRun{},
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.deadline <= 0 {
		e.deadline = DefaultRunDeadline
	}
	if e.observer == nil {
		e.observer = nopObserver{}
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	return e
}

// RecoverInterrupted marks runs left running by a process that died: those
// of this computer whose connection's run lock nobody holds.
func (e *Engine) RecoverInterrupted() (int, error) {
	return e.db.MarkInterrupted(e.host, func(r storage.SyncRun) bool {
		locked, err := e.db.RunsLocked(r.ConnectionID)
		// A lock that cannot be checked counts as held: closing a live run
		// would be worse than leaving a dead one for the next sync to close.
		return locked || err != nil
	}, e.now().UTC())
}

// ErrAlreadyRunning is returned when the connection already has a run.
var ErrAlreadyRunning = errors.New("a sync is already running")

// Running returns the progress of every run in this process.
func (e *Engine) Running() []Progress {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Progress, 0, len(e.running))
	for _, r := range e.running {
		out = append(out, r.last)
	}
	return out
}

// IsRunning tells whether this process runs a sync of the connection.
func (e *Engine) IsRunning(connectionID uint) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.running[connectionID]
	return ok
}

// Cancel stops a running sync of the connection; it reports whether one ran.
func (e *Engine) Cancel(connectionID uint) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, ok := e.running[connectionID]
	if ok {
		r.cancel()
	}
	return ok
}

// CancelAll stops every running sync (on quit).
func (e *Engine) CancelAll() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range e.running {
		r.cancel()
	}
}

func (e *Engine) claim(conn storage.Connection, cancel context.CancelFunc) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, busy := e.running[conn.ID]; busy {
		return fmt.Errorf("a sync of %s is already running; wait for it to finish or cancel it: %w", conn.Name, ErrAlreadyRunning)
	}
	e.running[conn.ID] = &activeRun{cancel: cancel}
	return nil
}

func (e *Engine) release(connectionID uint) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.running, connectionID)
}

func (e *Engine) setProgress(p Progress) {
	e.mu.Lock()
	if r, ok := e.running[p.ConnectionID]; ok {
		r.last = p
		r.runID = p.RunID
	}
	e.mu.Unlock()
	e.observer.RunProgress(p)
}

type nopObserver struct{}

func (nopObserver) RunStarted(storage.SyncRun)  {}
func (nopObserver) RunProgress(Progress)        {}
func (nopObserver) RunFinished(storage.SyncRun) {}
