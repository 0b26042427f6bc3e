package storage

import (
	"errors"
	"fmt"
	"shelfsync/backend/types"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ErrRunActive is returned when a connection already has a live run.
var ErrRunActive = errors.New("a sync is already running")

// BeginRun writes a running run, refusing when another live process already
// runs one for the same connection. isAlive tells whether a PID on this host
// is still running; a caller holding the connection's run lock (LockRuns)
// knows that none is. A run marked running on another host is taken as live
// (nothing here can tell, and ClearStuckRuns is the way out), unless the
// run lock holds across computers (PostgreSQL): the caller then knows no
// process anywhere runs it.
func (db *DB) BeginRun(run *SyncRun, isAlive func(pid int) bool) error {
	return db.gorm.Transaction(func(tx *gorm.DB) error {
		var active []SyncRun
		if err := tx.Where("connection_id = ? AND status = ?", run.ConnectionID, types.RunRunning).Find(&active).Error; err != nil {
			return fmt.Errorf("check running syncs: %w", err)
		}
		for _, other := range active {
			if (other.Host == run.Host || db.dialect.locksSpanComputers()) && !isAlive(other.PID) {
				// Left by a dead process: close it now, so its marks are
				// pending items before this run reads them.
				if _, err := db.closeDeadRun(tx, other, run.StartedAt); err != nil {
					return err
				}
				continue
			}
			return &ActiveRunError{Run: other}
		}
		run.Status = types.RunRunning
		return tx.Create(run).Error
	})
}

// ActiveRunError is BeginRun's refusal: the run that is still marked
// running. It matches ErrRunActive.
type ActiveRunError struct{ Run SyncRun }

func (e *ActiveRunError) Error() string {
	return fmt.Sprintf("%v (run %d, started %s by process %d on %s)", ErrRunActive, e.Run.ID, e.Run.StartedAt.Local().Format("2006-01-02 15:04"), e.Run.PID, e.Run.Host)
}

func (e *ActiveRunError) Is(target error) bool { return target == ErrRunActive }

// MarkInterrupted closes the runs that a process on this host (on any
// host, when run locks hold across computers) left running when it died.
// isAlive tells whether a run's process still runs it. It returns how many
// it closed.
func (db *DB) MarkInterrupted(host string, isAlive func(SyncRun) bool, now time.Time) (int, error) {
	running := db.gorm.Where("status = ?", types.RunRunning)
	if !db.dialect.locksSpanComputers() {
		running = running.Where("host = ?", host)
	}
	var stale []SyncRun
	if err := running.Find(&stale).Error; err != nil {
		return 0, fmt.Errorf("find unfinished runs: %w", err)
	}
	closed := 0
	for _, r := range stale {
		if isAlive(r) {
			continue
		}
		err := db.gorm.Transaction(func(tx *gorm.DB) error {
			ok, err := db.closeDeadRun(tx, r, now)
			if ok {
				closed++
			}
			return err
		})
		if err != nil {
			return closed, err
		}
	}
	return closed, nil
}

// StuckRuns lists a connection's runs still marked running while it holds
// the connection's run lock: runs no process of this computer is running.
// It is empty while a sync of the connection is really going on.
func (db *DB) StuckRuns(connectionID uint) ([]SyncRun, error) {
	lock, err := db.LockRuns(connectionID)
	if errors.Is(err, ErrRunActive) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	return db.Runs(RunQuery{ConnectionID: connectionID, Status: types.RunRunning})
}

// ClearStuckRuns closes every run of a connection still marked running,
// whatever host it names, once it holds the connection's run lock: no
// process of this computer runs one then. It returns the runs it closed,
// and ErrRunActive when a sync of the connection is really going on.
func (db *DB) ClearStuckRuns(connectionID uint, now time.Time) ([]SyncRun, error) {
	lock, err := db.LockRuns(connectionID)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	var stuck []SyncRun
	err = db.gorm.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("connection_id = ? AND status = ?", connectionID, types.RunRunning).Order("id").Find(&stuck).Error; err != nil {
			return fmt.Errorf("find the runs marked running: %w", err)
		}
		for _, r := range stuck {
			if _, err := db.closeDeadRun(tx, r, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return stuck, nil
}

// RunOutcome is everything a finished run writes, in one transaction.
type RunOutcome struct {
	Run   *SyncRun
	Items []SyncRunItem
	// Upserts are the item rows that changed.
	Upserts []Item
	// Watermark moves only when the warehouse read succeeded whole.
	Watermark *time.Time
	// ReadState, when set, replaces the connection's WarehouseReadState.
	ReadState *string
	// StoreWatermark, when set, is the connection's new StoreWatermark.
	StoreWatermark *time.Time
	// PlannedRules, when set, records the rules this run planned with.
	PlannedRules string
	// Locations are the SKU-location rows that changed, on a connection
	// with a location map.
	Locations []ItemLocation
}

// FinishRun records a run's outcome, its per-SKU results and the item rows in
// one transaction with batched inserts.
func (db *DB) FinishRun(out RunOutcome) error {
	return db.gorm.Transaction(func(tx *gorm.DB) error {
		out.Run.InFlight = "" // recorded: nothing is in flight any more
		boundRunText(out.Run)
		if err := tx.Save(out.Run).Error; err != nil {
			return fmt.Errorf("save run %d: %w", out.Run.ID, err)
		}
		if err := insertRunItems(tx, out.Run.ID, out.Items); err != nil {
			return fmt.Errorf("save run %d items: %w", out.Run.ID, err)
		}
		if err := db.saveItems(tx, out.Upserts, nil); err != nil {
			return fmt.Errorf("save inventory of run %d: %w", out.Run.ID, err)
		}
		if err := saveItemLocations(tx, out.Locations); err != nil {
			return fmt.Errorf("save inventory of run %d: %w", out.Run.ID, err)
		}
		if out.PlannedRules != "" {
			if err := tx.Model(&Connection{}).Where("id = ?", out.Run.ConnectionID).Update("planned_rules", out.PlannedRules).Error; err != nil {
				return fmt.Errorf("record the rules of run %d: %w", out.Run.ID, err)
			}
		}
		if out.Watermark != nil {
			if err := tx.Model(&Connection{}).Where("id = ?", out.Run.ConnectionID).Update("watermark", *out.Watermark).Error; err != nil {
				return fmt.Errorf("move watermark: %w", err)
			}
		}
		if out.StoreWatermark != nil {
			if err := tx.Model(&Connection{}).Where("id = ?", out.Run.ConnectionID).Update("store_watermark", *out.StoreWatermark).Error; err != nil {
				return fmt.Errorf("record when the store was last looked at: %w", err)
			}
		}
		if out.ReadState != nil {
			if err := tx.Model(&Connection{}).Where("id = ?", out.Run.ConnectionID).Update("warehouse_read_state", *out.ReadState).Error; err != nil {
				return fmt.Errorf("record how far the warehouse was read: %w", err)
			}
		}
		return nil
	})
}

// RunQuery selects runs of a connection, newest first.
type RunQuery struct {
	ConnectionID uint
	Status       types.RunStatus
	Limit        int
	BeforeID     uint
	Since        time.Time
}

// Runs lists runs, newest first.
func (db *DB) Runs(q RunQuery) ([]SyncRun, error) {
	tx := db.gorm.Model(&SyncRun{}).Where("connection_id = ?", q.ConnectionID)
	if q.Status != "" {
		tx = tx.Where("status = ?", q.Status)
	}
	if q.BeforeID > 0 {
		tx = tx.Where("id < ?", q.BeforeID)
	}
	if !q.Since.IsZero() {
		tx = tx.Where("started_at >= ?", q.Since)
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	var out []SyncRun
	if err := tx.Order("id DESC").Limit(q.Limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return out, nil
}

// Run loads one run.
func (db *DB) Run(id uint) (SyncRun, error) {
	var r SyncRun
	err := db.gorm.First(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return r, fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	return r, err
}

// LastRun is the newest run of a connection, if any.
func (db *DB) LastRun(connectionID uint) (*SyncRun, error) {
	runs, err := db.Runs(RunQuery{ConnectionID: connectionID, Limit: 1})
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return &runs[0], nil
}

// LastFinishedAt is when the newest finished run of a connection started,
// which the scheduler anchors on.
func (db *DB) LastFinishedAt(connectionID uint) (time.Time, error) {
	var r SyncRun
	err := db.gorm.Where("connection_id = ? AND status <> ?", connectionID, types.RunRunning).Order("id DESC").Limit(1).Find(&r).Error
	return r.StartedAt, err
}

// Prune deletes runs (and their items) that started before cutoff.
func (db *DB) Prune(connectionID uint, cutoff time.Time) (int64, error) {
	var deleted int64
	err := db.gorm.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM sync_run_item_blocks WHERE run_id IN (SELECT id FROM sync_runs WHERE connection_id = ? AND started_at < ? AND status <> ?)`, connectionID, cutoff, types.RunRunning).Error; err != nil {
			return err
		}
		res := tx.Where("connection_id = ? AND started_at < ? AND status <> ?", connectionID, cutoff, types.RunRunning).Delete(&SyncRun{})
		deleted = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("prune history: %w", err)
	}
	return deleted, nil
}

// SaveItems writes inventory rows in one transaction, as FinishRun does.
func (db *DB) SaveItems(existing, added []Item) error {
	return db.gorm.Transaction(func(tx *gorm.DB) error { return db.saveItems(tx, existing, added) })
}

// Confirmed is what a running run learnt from batches the store answered:
// their inventory rows, their per-SKU results, and how many of those the
// store took or refused. Rows already stored go in Existing, or in InPlace
// when their name and state are the ones stored (a Smart Sync's usual
// write: a new quantity, confirmed), which is cheaper to write; rows new
// to the table go in Added.
type Confirmed struct {
	RunID                    uint
	Existing, InPlace, Added []Item
	// Locations are the SKU-location rows of the batches, on a connection
	// with a location map.
	Locations      []ItemLocation
	Results        []SyncRunItem
	Pushed, Failed int
}

// SaveConfirmed records confirmed batches mid-run, in one transaction: the
// rows, the run's results and its counts move together, so a run killed
// later still tells in its history what the store took.
func (db *DB) SaveConfirmed(c Confirmed) error {
	return db.gorm.Transaction(func(tx *gorm.DB) error {
		if err := db.saveItems(tx, c.Existing, c.Added); err != nil {
			return err
		}
		if err := saveItemsInPlace(tx, c.InPlace); err != nil {
			return err
		}
		if err := saveItemLocations(tx, c.Locations); err != nil {
			return err
		}
		if err := insertRunItems(tx, c.RunID, c.Results); err != nil {
			return fmt.Errorf("save results of run %d: %w", c.RunID, err)
		}
		err := tx.Exec("UPDATE sync_runs SET pushed = pushed + ?, failed = failed + ? WHERE id = ?", c.Pushed, c.Failed, c.RunID).Error
		if err != nil {
			return fmt.Errorf("count the results of run %d: %w", c.RunID, err)
		}
		return nil
	})
}

// NotePlan writes what a running run read and planned onto its row before
// the first write, so a run killed mid-push still says so.
func (db *DB) NotePlan(run *SyncRun) error {
	err := db.gorm.Model(&SyncRun{}).Where("id = ?", run.ID).Updates(map[string]any{
		"mode_run": run.ModeRun, "reason": run.Reason, "read": run.Read, "changed": run.Changed,
		"unmapped": run.Unmapped, "skipped": run.Skipped,
	}).Error
	if err != nil {
		return fmt.Errorf("note the plan of run %d: %w", run.ID, err)
	}
	return nil
}

// saveItems writes the rows of one connection inside tx and notes that its
// inventory changed. Rows in added are new to the table and go in with a
// plain INSERT, which SQLite compiles and runs faster than the upsert;
// should one exist after all, they are upserted like the rest. Both go in
// SKU order: in the engine's map order each row touched a random page of
// the table and its indexes, which at 100k rows overflowed the page cache
// and made SQLite spill and re-read pages for most of a run.
func (db *DB) saveItems(tx *gorm.DB, existing, added []Item) error {
	var connectionID uint
	switch {
	case len(existing) > 0:
		connectionID = existing[0].ConnectionID
	case len(added) > 0:
		connectionID = added[0].ConnectionID
	default:
		return nil
	}
	bySKU := func(a, b Item) int { return strings.Compare(a.SKU, b.SKU) }
	slices.SortFunc(added, bySKU)
	if len(added) > 0 {
		// A refused statement ends a PostgreSQL transaction unless it is
		// rolled back to a savepoint first.
		if err := tx.SavePoint("new_items").Error; err != nil {
			return fmt.Errorf("save %d new inventory rows: %w", len(added), err)
		}
		if err := insertItems(tx, added); err != nil {
			if !db.dialect.isUniqueViolation(err) {
				return fmt.Errorf("save %d new inventory rows: %w", len(added), err)
			}
			if err := tx.RollbackTo("new_items").Error; err != nil {
				return fmt.Errorf("save %d new inventory rows: %w", len(added), err)
			}
			existing = append(existing, added...)
		}
	}
	slices.SortFunc(existing, bySKU)
	if err := db.upsertItems(tx, existing); err != nil {
		return fmt.Errorf("save %d inventory rows: %w", len(existing), err)
	}
	return bumpItemsGen(tx, connectionID)
}

// saveItemsInPlace writes rows already in the table whose name and state
// are the ones stored, inside tx (see updateItemsInPlace). Should one be
// missing after all, it is inserted whole.
func saveItemsInPlace(tx *gorm.DB, items []Item) error {
	if len(items) == 0 {
		return nil
	}
	slices.SortFunc(items, func(a, b Item) int { return strings.Compare(a.SKU, b.SKU) })
	if err := updateItemsInPlace(tx, items); err != nil {
		return fmt.Errorf("save %d inventory rows: %w", len(items), err)
	}
	return bumpItemsGen(tx, items[0].ConnectionID)
}
