// Package services holds the use cases the window and the CLI share:
// connections, syncs, inventory, history and schedules. Its small bound
// services validate input, delegate to the engine, storage and scheduler,
// and return typed DTOs with errors that read as sentences.
package services

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/engine"
	"shelfsync/backend/events"
	"shelfsync/backend/inventory"
	"shelfsync/backend/logs"
	"shelfsync/backend/schedule"
	"shelfsync/backend/secrets"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// Notifier tells the user a sync finished (the tray notification). The
// headless CLI uses none.
type Notifier interface {
	SyncFinished(conn types.Connection, run types.Run)
}

// Options configure the core.
type Options struct {
	DataDir string
	// Database is the address of a PostgreSQL several servers share
	// (postgres://…); "" keeps the database in DataDir. The data folder
	// still holds the log, the secrets and the demo files.
	Database string
	// Clock drives the scheduler and the engine; nil is the real clock.
	Clock clockwork.Clock
	// Events hears what happens (the window, the tray); nil hears nothing.
	Events events.Listener
	// Watched says whether anyone follows Events now (a browser of
	// serve); the other servers' runs are passed on only then. nil: the
	// window always does.
	Watched func() bool
	// Notifier may be nil.
	Notifier Notifier
	// Headless skips the scheduler (the CLI runs one command and exits).
	Headless bool
	// Secrets overrides the secret store (tests); nil opens the keyring or
	// its file fallback.
	Secrets secrets.Store
	// StartupDelay is how soon after start a missed scheduled run happens.
	StartupDelay time.Duration
	// ScheduleMinute is how long a minute of the schedules lasts: a real
	// minute unless a test shortens it (desktop.ScheduleMinuteEnv).
	ScheduleMinute time.Duration
	// SeedDemo creates the Demo connection in a brand-new data dir.
	SeedDemo bool
	// Remote, when set, runs this core's syncs and keeps its schedules
	// (the desktop window's core; see Remote). Set Headless with it.
	Remote Remote
	// Logs overrides the log (tests); nil writes the data folder's log.
	Logs *logs.Logger
	// Version is the app's, for the diagnostics.
	Version string
}

// Core owns the database, the engine, the scheduler and the secret store,
// builds the services from them (wire.go) and closes them at the end.
type Core struct {
	opts          Options
	db            *storage.DB
	engine        *engine.Engine
	scheduler     *schedule.Scheduler
	secrets       secrets.Store
	secretBackend secrets.Backend
	connectors    connectors
	local         local
	services      Services
	clock         clockwork.Clock
	events        events.Listener
	logs          *logs.Logger
	// masker learns every secret read, so none reaches the log.
	masker *logs.Masker
	log    *slog.Logger
	// serverID names this process among the servers of a shared
	// database: in the schedule's leases and on its run notices.
	serverID string

	mu       sync.Mutex
	notifier Notifier
	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// DatabaseEnv names the environment variable that gives the shared
// PostgreSQL's address when --db does not.
const DatabaseEnv = "SHELFSYNC_DB"

// DefaultDataDir is the per-user folder: SHELFSYNC_DATA_DIR, else
// <os.UserConfigDir()>/ShelfSync.
func DefaultDataDir() (string, error) {
	if dir := os.Getenv("SHELFSYNC_DATA_DIR"); dir != "" {
		return dir, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user's config folder (set SHELFSYNC_DATA_DIR or --data-dir): %w", err)
	}
	return filepath.Join(base, "ShelfSync"), nil
}

// New opens the data dir and builds the core. Call Start to begin
// scheduling and Close at the end.
func New(o Options) (*Core, error) {
	if o.DataDir == "" {
		dir, err := DefaultDataDir()
		if err != nil {
			return nil, err
		}
		o.DataDir = dir
	}
	if o.Clock == nil {
		o.Clock = clockwork.NewRealClock()
	}
	if o.Events == nil {
		o.Events = events.Ignore{}
	}
	if o.StartupDelay == 0 {
		o.StartupDelay = 15 * time.Second
	}
	if o.ScheduleMinute == 0 {
		o.ScheduleMinute = time.Minute
	}
	db, err := storage.OpenAt(o.DataDir, o.Database)
	if err != nil {
		return nil, err
	}
	c := &Core{opts: o, db: db, clock: o.Clock, events: o.Events, notifier: o.Notifier, logs: o.Logs, masker: &logs.Masker{}}
	if c.logs == nil {
		if c.logs, err = logs.Open(o.DataDir, c.masker); err != nil {
			db.Close()
			return nil, err
		}
	}
	c.log = c.logs.For("services")
	c.serverID = serverID()
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.secrets = o.Secrets
	switch {
	case c.secrets != nil:
	case c.SharedDatabase():
		// The servers of a shared database share its connections'
		// secrets: sealed, in the database.
		c.secrets, err = secrets.OpenSealedTable(db, o.DataDir, os.Getenv(secrets.KeyEnv))
		c.secretBackend = secrets.BackendSealed
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open the secret store: %w", err)
		}
	default:
		c.secrets, c.secretBackend, err = secrets.Open(o.DataDir)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open the secret store: %w", err)
		}
	}
	c.connectors = connectors{secrets: c.secrets, masker: c.masker, dataDir: o.DataDir, now: c.clock.Now}
	c.engine = engine.New(db, c.connectors, engine.Options{Now: c.clock.Now, Observer: runObserver{c}, Log: c.logs.For("engine")})
	if !o.Headless {
		opts := schedule.Options{StartupDelay: o.StartupDelay, Log: c.logs.For("scheduler"), MinInterval: MinIntervalMinutes * o.ScheduleMinute}
		if c.SharedDatabase() {
			// Every server of the database schedules every connection;
			// the leases give each run to one of them.
			opts.Leases, opts.Holder = db, c.serverID
		}
		c.scheduler, err = schedule.New(c.clock, c.runScheduled, opts)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("start the scheduler: %w", err)
		}
		c.scheduler.OnChange(c.scheduleChanged)
	}
	runs := &localRuns{engine: c.engine, db: db, ctx: c.ctx, wg: &c.wg, log: c.log}
	c.local = local{runs, &localSchedules{scheduler: c.scheduler, db: db, runs: runs, log: c.log, minute: o.ScheduleMinute, scheduled: map[uint]scheduledAs{}}}
	c.local.restorePaused()
	c.services = c.wire()
	if _, err := c.engine.RecoverInterrupted(); err != nil {
		db.Close()
		return nil, err
	}
	if o.SeedDemo {
		if err := c.seedDemo(); err != nil {
			db.Close()
			return nil, err
		}
	}
	return c, nil
}

// SetNotifier sets who is told when a sync finishes.
func (c *Core) SetNotifier(n Notifier) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.notifier = n
}

// Start registers every connection's schedule and starts the scheduler.
func (c *Core) Start() error {
	if c.scheduler == nil {
		return nil
	}
	conns, err := c.db.Connections()
	if err != nil {
		return err
	}
	for _, conn := range conns {
		if err := c.local.set(conn, time.Time{}); err != nil {
			return err
		}
	}
	c.scheduler.Start()
	// Rows a CLI run or an older version left out of the search index.
	c.catchUpSearch()
	if c.SharedDatabase() {
		c.wg.Add(1)
		go c.followSharedDatabase()
		if err := c.hearOtherServers(); err != nil {
			return err
		}
	}
	return nil
}

// catchUpSearch brings the Inventory tab's search index up to date, and
// takes the given connections' state counts, in the background after a
// run has been recorded (storage/search.go says why it
// is not done inside the run). Close stops it between batches; searches
// are exact meanwhile, only slower on rows not yet indexed.
func (c *Core) catchUpSearch(connectionIDs ...uint) {
	if c.opts.Headless {
		return // the CLI catches up in the foreground, see cli sync
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		if _, err := c.db.CatchUpSearch(c.ctx); err != nil && c.ctx.Err() == nil {
			c.log.Warn("search index catch-up failed; searches stay exact, only slower", "error", err)
		}
		// Take the state counts the Inventory tab opens with now, not
		// when the merchant looks (storage/counts.go).
		for _, id := range connectionIDs {
			if c.ctx.Err() != nil {
				break
			}
			if _, err := c.db.StateCounts(id); err != nil {
				c.log.Warn("state counts not taken ahead; the Inventory tab counts when opened", "connection", id, "error", err)
			}
		}
	}()
}

// Close cancels running syncs (they are recorded as cancelled), stops the
// scheduler and closes the database.
func (c *Core) Close() error {
	c.engine.CancelAll()
	c.cancel()
	var errs []error
	if c.scheduler != nil {
		errs = append(errs, c.scheduler.Shutdown())
	}
	c.wg.Wait()
	errs = append(errs, c.db.Close())
	c.log.Info("closed")
	if c.opts.Logs == nil {
		errs = append(errs, c.logs.Close())
	}
	return errors.Join(errs...)
}

// DataDir is where the database and the demo files live.
func (c *Core) DataDir() string { return c.opts.DataDir }

func (c *Core) scheduleChanged(connectionID uint) {
	next := c.local.NextRun(connectionID)
	c.events.ScheduleChanged(types.ScheduleChanged{ConnectionID: connectionID, NextRunAt: next, Paused: c.scheduler.Paused()})
}

// runScheduled is the scheduler's job: one automatic run in the
// connection's automatic mode.
func (c *Core) runScheduled(ctx context.Context, connectionID uint, trigger types.Trigger) {
	log := c.log.With("connection", connectionID, "trigger", trigger)
	conn, err := c.db.Connection(connectionID)
	if err != nil {
		log.Warn("scheduled sync skipped: the connection could not be read", "error", err)
		return
	}
	mode, err := inventory.ParseMode(string(conn.AutoMode))
	if err != nil {
		// Saved modes are checked when saved; a damaged one syncs Smart,
		// the default, rather than not at all.
		log.Warn("the saved automatic mode is damaged; syncing Smart", "error", err)
		mode = inventory.ModeSmart
	}
	// A run that starts records its outcome itself (history, and the
	// engine's log); one refused before starting leaves only this line.
	if _, err := c.engine.Run(ctx, engine.Request{ConnectionID: connectionID, Mode: mode, Trigger: trigger}); err != nil {
		log.Warn("scheduled sync refused", "name", conn.Name, "mode", mode, "why", userSentence(log, err))
	}
}

// runObserver turns engine callbacks into window events and notifications.
type runObserver struct{ c *Core }

func (o runObserver) RunStarted(run storage.SyncRun) {
	o.c.events.SyncStarted(types.RunStarted{ConnectionID: run.ConnectionID, RunID: run.ID, Trigger: run.Trigger, ModeRequested: run.ModeRequested})
	o.c.tellOtherServers(runNotice{Event: events.SyncStarted, ConnectionID: run.ConnectionID, RunID: run.ID, Trigger: run.Trigger, Mode: run.ModeRequested})
}

func (o runObserver) RunProgress(p engine.Progress) {
	o.c.events.SyncProgress(types.Progress{ConnectionID: p.ConnectionID, RunID: p.RunID, Phase: p.Phase, Done: p.Done, Total: p.Total})
	o.c.tellOtherServers(runNotice{Event: events.SyncProgress, ConnectionID: p.ConnectionID, RunID: p.RunID, Phase: p.Phase, Done: p.Done, Total: p.Total})
}

func (o runObserver) RunFinished(run storage.SyncRun) {
	conn, err := o.c.db.Connection(run.ConnectionID)
	if err != nil {
		// The run is recorded; only its event and notification are lost.
		o.c.log.Warn("a finished run was not announced: its connection could not be read", "connection", run.ConnectionID, "run", run.ID, "error", err)
		return
	}
	dto := runDTO(run, conn.Name)
	o.c.catchUpSearch(run.ConnectionID)
	o.c.events.SyncFinished(dto)
	o.c.tellOtherServers(runNotice{Event: events.SyncFinished, ConnectionID: run.ConnectionID, RunID: run.ID})
	o.c.mu.Lock()
	n := o.c.notifier
	o.c.mu.Unlock()
	if n != nil {
		n.SyncFinished(o.c.services.Connections.dto(conn, &run), dto)
	}
}

// Log is the logger of one component of the app (the shell, the tray),
// writing to the same log as the services.
func (c *Core) Log(component string) *slog.Logger { return c.logs.For(component) }

// The few things outside the services read from the core. Its parts stay
// private: the window and the CLI go through the services.

// Recovered is the sentence saying a damaged database was set aside and
// replaced at open, or "".
func (c *Core) Recovered() string { return c.db.Recovered }

// Explain turns a database error into the sentence that names its fix (a
// data folder the user may not write).
func (c *Core) Explain(err error) error { return storage.Explain(err, c.db.Path) }

// Settings is the app's small key-value store (the notifier keeps its
// policy there).
func (c *Core) Settings() interface {
	GetSetting(key, def string) string
	SetSetting(key, value string) error
} {
	return c.db
}

// StoredRules are a connection's rules as stored, with the safety limits
// and deadline the window's Rules DTO leaves out (the CLI shows them).
func (c *Core) StoredRules(connectionID uint) (storage.RuleSettings, error) {
	conn, err := c.db.Connection(connectionID)
	return conn.Rules, err
}

// CatchUpSearch indexes rows a run left out of the search index, in the
// foreground (the CLI, which has no background).
func (c *Core) CatchUpSearch(ctx context.Context) error {
	_, err := c.db.CatchUpSearch(ctx)
	return err
}

// DatabaseName says where the database is, without a password.
func (c *Core) DatabaseName() string { return c.db.Path }

// SharedDatabase tells whether the database is a PostgreSQL other
// servers may share.
func (c *Core) SharedDatabase() bool { return c.opts.Database != "" }

// LockScheduling claims the running of the data folder's schedules for this
// process (`shelfsync serve`: one instance schedules).
func (c *Core) LockScheduling() (*storage.RunLock, error) { return c.db.LockScheduling() }
