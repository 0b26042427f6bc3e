package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/plain"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// progressInterval keeps progress to about ten reports a second.
const progressInterval = 100 * time.Millisecond

// Run performs one sync and records it. The returned run carries the
// outcome (succeeded, partial, failed, cancelled); an error means the run
// could not start at all (unknown connection, one already running).
func (e *Engine) Run(ctx context.Context, req Request) (storage.SyncRun, error) {
	conn, err := e.db.Connection(req.ConnectionID)
	if err != nil {
		return storage.SyncRun{}, fmt.Errorf("there is no connection %d: %w", req.ConnectionID, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := e.claim(conn, cancel); err != nil {
		return storage.SyncRun{}, err
	}
	defer e.release(conn.ID)
	ctx, stopClock := context.WithTimeoutCause(ctx, e.runDeadline(conn), errRunDeadline)
	defer stopClock()

	run := storage.SyncRun{
		ConnectionID:  conn.ID,
		Trigger:       req.Trigger,
		ModeRequested: req.Mode,
		ModeRun:       req.Mode,
		StartedAt:     e.now().UTC(),
		Located:       inventory.LocationMap(conn.LocationMap) != nil, // as gather plans it
		PID:           e.pid,
		Host:          e.host,
	}
	lock, err := e.db.LockRuns(conn.ID)
	if errors.Is(err, storage.ErrRunActive) {
		return run, fmt.Errorf("a sync of %s is already running in another ShelfSync (on this computer, or a server sharing its database); wait for it to finish: %w", conn.Name, ErrAlreadyRunning)
	}
	if err != nil {
		return run, fmt.Errorf("start a sync of %s: %w", conn.Name, err)
	}
	defer lock.Release()
	// Holding the lock, this process knows no other one on this computer
	// runs the connection: every run marked running here was left by a
	// process that died.
	noneAlive := func(int) bool { return false }
	if err := e.db.BeginRun(&run, noneAlive); err != nil {
		var active *storage.ActiveRunError
		if errors.As(err, &active) {
			return run, fmt.Errorf("a sync of %s started %s on the computer %q is still marked running; if ShelfSync is not running there, clear it with Clear stuck sync on the connection's Inventory tab, or with shelfsync clear-stuck --connection %s: %w",
				conn.Name, active.Run.StartedAt.Local().Format("2006-01-02 15:04"), active.Run.Host, conn.Name, ErrAlreadyRunning)
		}
		return run, fmt.Errorf("start a sync of %s: %w", conn.Name, err)
	}
	if req.OnBegin != nil {
		req.OnBegin(run.ID)
	}
	e.observer.RunStarted(run)

	out := e.execute(ctx, conn, &run, req)

	// Record even when the run was cancelled: its context is done, ours is not.
	e.report(run, types.PhaseRecording, 0, 0)
	finished := e.now().UTC()
	run.FinishedAt = &finished
	log := e.log.With("connection", conn.ID, "run", run.ID)
	if err := e.db.FinishRun(out); err != nil {
		log.Error("the run's results could not be saved", "error", err)
		run.Status = types.RunFailed
		run.Error = fmt.Sprintf("The sync ran but its results could not be saved: %v", err)
		// What was being written is not recorded: retry it next time.
		if err := e.db.PendInFlight(run.ID); err != nil {
			// The next BeginRun finds the run dead and pends them then.
			log.Error("the SKUs in flight could not be marked pending", "error", err)
		}
		if err := e.db.FinishRun(storage.RunOutcome{Run: &run}); err != nil {
			// The run stays "running" until the next start marks it
			// interrupted (RecoverInterrupted).
			log.Error("the failed run could not be recorded either", "error", err)
		}
	}
	if conn.RetentionDays > 0 {
		if _, err := e.db.Prune(conn.ID, finished.AddDate(0, 0, -conn.RetentionDays)); err != nil {
			log.Warn("old history was not pruned; the next run tries again", "retentionDays", conn.RetentionDays, "error", err)
		}
	}
	log.Info("sync finished", "trigger", run.Trigger, "modeRequested", run.ModeRequested, "modeRun", run.ModeRun,
		"status", run.Status, "reason", run.Reason, "error", run.Error, "detail", run.ErrorDetail, "read", run.Read, "changed", run.Changed,
		"pushed", run.Pushed, "failed", run.Failed, "apiCalls", run.APICalls, "ms", finished.Sub(run.StartedAt).Milliseconds())
	e.observer.RunFinished(run)
	return run, nil
}

// execute does the work of a run and returns what to record.
func (e *Engine) execute(ctx context.Context, conn storage.Connection, run *storage.SyncRun, req Request) storage.RunOutcome {
	out := storage.RunOutcome{Run: run}
	lastReport := time.Time{}
	progress := func(phase types.SyncPhase, done, total int) {
		force := phase != types.PhasePushing || done == 0 || done == total
		if !force && time.Since(lastReport) < progressInterval {
			return
		}
		lastReport = time.Now()
		e.report(*run, phase, done, total)
	}

	if req.UndoRun != 0 {
		return e.executeUndo(ctx, conn, run, req.UndoRun, progress)
	}
	w, err := e.gather(ctx, conn, req, progress)
	if w != nil {
		run.APICalls += w.apiCalls
		// Asked last, so the store's notices cover the whole run.
		defer func() {
			if n, ok := w.store.(connector.Noticer); ok {
				run.Problems = append(run.Problems, n.Notices()...)
			}
		}()
	}
	run.APICalls += connector.CallsOf(err) // a failed read's requests
	if err != nil {
		run.Status = types.RunFailed
		run.Error, run.ErrorDetail = sentence(err), plain.Detail(err)
		switch {
		case pastDeadline(ctx):
			run.Error = e.deadlineSentence(conn)
		case ctx.Err() != nil:
			run.Status = types.RunCancelled
		}
		return out
	}
	run.ModeRun = w.plan.Run
	run.Reason = w.plan.Reason
	run.Read = len(w.read.Items)
	run.Changed = w.plan.Changed
	run.Unmapped = len(w.plan.Unmapped)
	if w.partial {
		run.Unmapped = w.counts.Unmapped // the fast path saw only part of them
	}
	run.Skipped = w.plan.Ignored + len(w.plan.Duplicates)
	countAttention(w, run)
	countDrift(w, run, w.repairDrift)
	run.Problems = append(run.Problems, w.read.Problems...)
	for _, sku := range w.plan.Duplicates {
		run.Problems = append(run.Problems, fmt.Sprintf("SKU %s appears more than once in the store; it was not updated. Remove the duplicate listing.", sku))
	}

	for _, c := range w.plan.Collisions {
		run.Problems = append(run.Problems, sentence(errors.New(c.Sentence())))
	}
	if hold := checkHold(w, req); hold != "" {
		// A held run changes no reference: no item rows (the feed size the
		// next run compares with), no watermark, no read state. So it stays
		// held, manual or scheduled, until confirmed or the feed recovers.
		run.Status = types.RunHeld
		run.Error = hold
		return out
	}

	results, recorded, ok := e.pushPlanned(ctx, w, run, progress, "plan")
	if !ok {
		return out
	}
	// Recorded only by a run that records the store, like the rows below: a
	// held run changes no reference, and a held first sync has not finished.
	out.PlannedRules = w.plannedKey
	out.Items = runItems(w.plan.Pushes, unrecorded(results, recorded.pushes), w.knownAt)
	out.Upserts = e.inventoryRows(w, results, recorded.items)
	out.Locations = w.locRows
	// The rules are recorded only with the quantities planned under them: a
	// held run (or one that failed before writing) leaves them unrecorded,
	// which keeps the next Smart Sync off the fast path, so it sees the
	// rules change again instead of finding nothing to do.
	out.PlannedRules = w.plannedKey
	run.Problems = appendOnce(run.Problems, w.storeNotes...)
	run.NotFed = w.notFed
	run.Problems = append(run.Problems, w.unfedProblems...)
	// The read succeeded whole (gather returned no error), so the watermark
	// and the warehouse's read state may move, with the quantities this
	// outcome records: anything not confirmed stays pending and is retried.
	started := run.StartedAt
	out.Watermark = &started
	if w.storeFresh {
		out.StoreWatermark = &started // the index was read after the run began
	} else if w.storeNext != nil {
		out.StoreWatermark = w.storeNext
	}
	if !w.read.NotModified {
		state := w.read.State
		out.ReadState = &state
	}

	e.settle(ctx, conn, run)
	return out
}

// settle sets the status of a run whose pushes are done.
func (e *Engine) settle(ctx context.Context, conn storage.Connection, run *storage.SyncRun) {
	switch {
	case pastDeadline(ctx):
		run.Status = types.RunFailed
		run.Error = e.deadlineSentence(conn)
	case ctx.Err() != nil:
		run.Status = types.RunCancelled
		if run.Error == "" {
			run.Error = "The sync was cancelled. Quantities it had not confirmed stay pending and are retried by the next sync."
		}
	case run.Failed > 0 && run.Pushed == 0:
		run.Status = types.RunFailed
	case run.Failed > 0:
		run.Status = types.RunPartial
	default:
		run.Status = types.RunSucceeded
	}
	if run.Status == types.RunFailed && run.Error == "" {
		run.Error = fmt.Sprintf("None of the %d updates were accepted by the store; see each SKU's error.", run.Failed)
	}
}

func (e *Engine) report(run storage.SyncRun, phase types.SyncPhase, done, total int) {
	e.setProgress(Progress{ConnectionID: run.ConnectionID, RunID: run.ID, Phase: phase, Done: done, Total: total})
}

type pushStatus int

const (
	statusNotAttempted pushStatus = iota
	statusOK
	statusFailed
	// statusNotTracked: the store kept no quantity because it does not
	// track the listing's stock (found at write time).
	statusNotTracked
)

type pushOutcome struct {
	status   pushStatus
	storeQty int
	ref      string
	err      string
	// seen is the quantity the store held at the write when it had moved
	// since ShelfSync's read (connector.PushResult.Seen).
	seen *int
}

// push writes the plan in batches of the store's maximum size, and has
// each batch's rows recorded as soon as its outcome is known. It returns
// the outcome of each push (by its index in the plan) and what is already
// written.
func (e *Engine) push(ctx context.Context, w *world, run *storage.SyncRun, progress func(types.SyncPhase, int, int)) ([]pushOutcome, recorded) {
	pushes := w.plan.Pushes
	results := make([]pushOutcome, len(pushes))
	total := len(pushes)
	progress(types.PhasePushing, 0, total)
	done := 0
	var stop string
	batches := inventory.Batches(pushes, w.caps.MaxBatch)
	if w.caps.WritesPerParent {
		// Reordering is safe: results are kept by index in this same slice.
		inventory.GroupByParent(pushes)
		batches = inventory.BatchesByParent(pushes, w.caps.MaxBatch)
	}
	rec := e.newRecorder(w, run.ID, len(batches))
	inBatch := map[inventory.LocationKey]int{} // SKU and location -> index in pushes
	first := 0
	for i, batch := range batches {
		if ctx.Err() != nil || stop != "" {
			break
		}
		end := first + len(batch)
		res, err := w.store.Push(ctx, batch, connector.PushMeta{RunID: run.ID, ConnectionID: run.ConnectionID, TurnOnTracking: w.turnOnTracking})
		w.storeNotes = append(w.storeNotes, res.Notes...)
		run.APICalls += res.APICalls
		run.Throttled += res.Throttled
		for _, note := range res.Notes { // said once a run, however many batches repeat it
			if !slices.Contains(run.Problems, note) {
				run.Problems = append(run.Problems, note)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				break // the batch's fate is unknown: it stays pending
			}
			msg := sentence(fmt.Errorf("push batch %d: %w", i+1, err))
			// The SKUs keep the merchant's sentence; the whole error (the
			// operation, what the store's answer failed on) is for support.
			e.log.Warn("a push batch failed", "connection", run.ConnectionID, "run", run.ID, "batch", i+1, "skus", end-first, "error", err)
			for k := first; k < end; k++ {
				results[k] = pushOutcome{status: statusFailed, err: msg}
			}
			if errors.Is(err, connector.ErrUnauthorized) {
				stop = msg // every other batch would be refused the same way
				run.Error = msg
			}
		} else {
			clear(inBatch)
			for k := first; k < end; k++ {
				inBatch[inventory.LocationKey{SKU: pushes[k].SKU, Location: pushes[k].Location}] = k
			}
			for _, r := range res.Results {
				k, ok := inBatch[inventory.LocationKey{SKU: r.SKU, Location: r.Location}]
				if !ok {
					continue // an answer about a SKU this batch did not send
				}
				o := pushOutcome{status: statusFailed, storeQty: r.StoreQty, ref: r.Ref, err: r.Error, seen: r.Seen}
				if r.NotTracked {
					o.status = statusNotTracked // not a failure: a state of its own
				} else if r.OK {
					o.status = statusOK
					o.err = ""
				} else if o.err == "" {
					o.err = "The store refused this update without saying why."
				}
				results[k] = o
			}
			for k := first; k < end; k++ {
				if results[k].status == statusNotAttempted {
					results[k] = pushOutcome{status: statusFailed, err: "The store did not confirm this update; it will be retried."}
				}
			}
		}
		rec.confirmed(first, batch, results[first:end])
		first = end
		done += len(batch)
		progress(types.PhasePushing, done, total)
	}
	return results, rec.finish()
}

// unrecorded is results with the outcomes the recorder already wrote to
// the run's history (pushes, by index in the plan) turned into
// not-attempted, so they are not written twice.
func unrecorded(results []pushOutcome, pushes []bool) []pushOutcome {
	out := slices.Clone(results)
	for k, done := range pushes {
		if done {
			out[k] = pushOutcome{}
		}
	}
	return out
}

// runItems are the history rows of the pushes attempted; known says, for
// a listing the store changed by itself since ShelfSync's last look, the
// quantity ShelfSync knew before (the row then says from, seen, to); nil
// knows of none. A
// store that saw its quantity move between the read and the write (a
// sale; PushResult.Seen) gives the same three: what ShelfSync read, what
// the store held at the write, what was written.
func runItems(pushes []inventory.Push, results []pushOutcome, known func(inventory.Push) (int, bool)) []storage.SyncRunItem {
	out := make([]storage.SyncRunItem, 0, len(results))
	for k, p := range pushes {
		r := results[k]
		if r.status == statusNotAttempted {
			continue
		}
		item := storage.SyncRunItem{SKU: p.SKU, ToQty: p.To, Status: "ok", Location: p.Location}
		if known != nil {
			if q, seen := known(p); seen {
				item.Expected = &q
			}
		}
		if p.FromKnown {
			from := p.From
			item.FromQty = &from
		}
		if r.seen != nil && r.status == statusOK {
			// A sale between our read and our write: from what ShelfSync
			// knew, the store's own change seen at the write, to ours.
			if item.Expected == nil && item.FromQty != nil {
				item.Expected = item.FromQty
			}
			seen := *r.seen
			item.FromQty = &seen
		}
		switch r.status {
		case statusFailed:
			item.Status = "failed"
			item.Error = r.err
		case statusNotTracked:
			item.Status = "not_tracked"
			item.Error = r.err
		}
		out = append(out, item)
	}
	return out
}

// appendOnce appends the notes not already in list: a store says a remark
// once a run even when several batches make it.
func appendOnce(list []string, notes ...string) []string {
	for _, n := range notes {
		if !slices.Contains(list, n) {
			list = append(list, n)
		}
	}
	return list
}

// sentence is the one sentence the user reads for err (plain.Sentence);
// what it leaves out, the operations and addresses, is for the log.
func sentence(err error) string { return plain.Sentence(err) }

// pushPlanned notes the plan and the SKUs about to be written on the run's
// row, pushes, and counts the outcomes on the run. ok is false, with the
// run failed and nothing written, when the plan could not be noted first:
// a run that dies mid-push must leave a trace of what it was writing.
func (e *Engine) pushPlanned(ctx context.Context, w *world, run *storage.SyncRun, progress func(types.SyncPhase, int, int), what string) ([]pushOutcome, recorded, bool) {
	if err := e.db.NotePlan(run); err != nil {
		run.Status = types.RunFailed
		run.Error = sentence(fmt.Errorf("record the %s before writing it (nothing was written): %w", what, err))
		return nil, recorded{}, false
	}
	if err := e.markInFlight(w, run); err != nil {
		run.Status = types.RunFailed
		run.Error = sentence(fmt.Errorf("record the planned updates before writing them (nothing was written): %w", err))
		return nil, recorded{}, false
	}
	results, recorded := e.push(ctx, w, run, progress)
	for _, r := range results {
		switch r.status {
		case statusOK:
			run.Pushed++
		case statusFailed:
			run.Failed++
		case statusNotTracked:
			run.NotTracked++
			run.Attention++
		}
	}
	return results, recorded, true
}
