package services

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// SyncService starts, cancels and previews syncs.
type SyncService struct {
	ctx         context.Context // the core's: Close cancels a preview
	db          *storage.DB
	engine      *engine.Engine // previews run here, even when syncs run in the agent
	runs        Runs
	connections *ConnectionService // sync all lists them
	locations   *LocationService   // a located preview names its locations
	clock       clockwork.Clock
	log         *slog.Logger
}

func newSyncService(ctx context.Context, db *storage.DB, eng *engine.Engine, runs Runs, connections *ConnectionService, locations *LocationService, clock clockwork.Clock, log *slog.Logger) *SyncService {
	return &SyncService{ctx: ctx, db: db, engine: eng, runs: runs, connections: connections, locations: locations, clock: clock, log: log}
}

// Start begins a manual sync in the background and returns at once; its
// progress and result arrive as events. A sync of a connection that is
// already syncing is refused with a sentence.
func (s *SyncService) Start(id uint, mode string) (uint, error) {
	return s.runs.StartSync(id, mode, engine.Request{})
}

// StartConfirmed is Start for a run the user confirmed after the circuit
// breaker held it.
func (s *SyncService) StartConfirmed(id uint, mode string) (uint, error) {
	return s.runs.StartSync(id, mode, engine.Request{Confirmed: true})
}

// Foreground runs syncs in the caller's goroutine and waits for them: the
// CLI, which has no window to report to. It is not bound.
type Foreground struct {
	engine  *engine.Engine
	history *HistoryService
	log     *slog.Logger
}

// Run performs req and returns the recorded run with its per-SKU results.
func (f *Foreground) Run(ctx context.Context, req engine.Request) (types.Run, error) {
	run, err := f.engine.Run(ctx, req)
	if err != nil {
		return types.Run{}, errors.New(userSentence(f.log, err))
	}
	return f.history.Get(run.ID)
}

// PreviewUndo is SyncService.PreviewUndo under the caller's context.
func (f *Foreground) PreviewUndo(ctx context.Context, runID uint) (types.UndoPreview, error) {
	return previewUndo(ctx, f.engine, f.log, runID)
}

// TrackStock is "Turn on stock tracking for these": a Smart Sync that also
// pushes the SKUs whose store listing does not track stock, asking the
// store to track it. It returns the run's id, as Start does.
func (s *SyncService) TrackStock(id uint) (uint, error) {
	return s.runs.StartSync(id, string(inventory.ModeSmart), engine.Request{TurnOnTracking: true})
}

// RepairDrift is "Repair drifted SKUs": a Smart Sync that pushes the SKUs
// the store drifted on, even where the connection only flags drift.
func (s *SyncService) RepairDrift(id uint) (uint, error) {
	return s.runs.StartSync(id, string(inventory.ModeSmart), engine.Request{RepairDrift: true})
}

// PreviewUndo says what undoing a run would do: which SKUs go back to
// the quantity before it, and which are left alone because the store
// changed them since. It writes nothing.
func (s *SyncService) PreviewUndo(runID uint) (types.UndoPreview, error) {
	return previewUndo(s.ctx, s.engine, s.log, runID)
}

// Undo starts a run (trigger undo) that sets back what runID wrote, with
// compare-and-set, and returns its id.
func (s *SyncService) Undo(runID uint) (uint, error) {
	target, err := s.db.Run(runID)
	if err != nil {
		return 0, fmt.Errorf("there is no run %d; it may have been removed by the history retention", runID)
	}
	return s.runs.StartSync(target.ConnectionID, string(inventory.ModeSmart), engine.Request{UndoRun: runID})
}

func previewUndo(ctx context.Context, eng *engine.Engine, log *slog.Logger, runID uint) (types.UndoPreview, error) {
	plan, err := eng.PreviewUndo(ctx, runID)
	if err != nil {
		return types.UndoPreview{}, errors.New(userSentence(log, err))
	}
	out := types.UndoPreview{RunID: runID, Restore: []types.UndoItem{}, Skipped: []types.UndoSkip{}}
	for _, p := range plan.Restore {
		out.Restore = append(out.Restore, types.UndoItem{SKU: p.SKU, Location: p.Location, From: p.From, To: p.To})
	}
	for _, s := range plan.Skipped {
		out.Skipped = append(out.Skipped, types.UndoSkip{SKU: s.SKU, Location: s.Location, Wrote: s.Wrote, Now: s.Now, Reason: s.Reason})
	}
	return out, nil
}

// Cancel stops the running sync of a connection.
func (s *SyncService) Cancel(id uint) error { return s.runs.CancelSync(id) }

// Running returns the progress of every running sync, for a window that
// opens while one runs; after that, events carry progress.
func (s *SyncService) Running() ([]types.Progress, error) { return s.runs.Running() }

// Preview computes what a sync would push, writing nothing to the store.
func (s *SyncService) Preview(id uint, mode string) (types.Preview, error) {
	m, err := inventory.ParseMode(mode)
	if err != nil {
		return types.Preview{}, err
	}
	p, err := s.engine.Preview(s.ctx, id, m)
	if err != nil {
		return types.Preview{}, errors.New(userSentence(s.log, err))
	}
	out := types.Preview{
		ModeRequested: p.Plan.Requested, ModeRun: p.Plan.Run, Reason: p.Plan.Reason,
		Counts:       types.Counts{Read: p.Read, Changed: p.Plan.Changed, Pushed: len(p.Plan.Pushes), Skipped: p.Plan.Ignored + len(p.Plan.Duplicates), Unmapped: len(p.Plan.Unmapped), Attention: len(p.Plan.Attention)},
		BiggestDrops: []types.PreviewItem{}, ToZero: []types.PreviewItem{}, Items: []types.PreviewItem{},
		Located: p.Located,
	}
	if p.Hold != "" {
		out.Reason = strings.TrimSpace(out.Reason + " " + p.Hold)
	}
	locationNames := s.locationNames(id, p.Plan.Pushes)
	var drops []types.PreviewItem
	for _, push := range p.Plan.Pushes {
		item := types.PreviewItem{SKU: push.SKU, Name: p.Names[push.SKU], To: push.To, Why: string(push.Why), Bundle: p.Bundles[push.SKU]}
		item.Location, item.LocationName = push.Location, locationNames[push.Location]
		if item.LocationName == "" {
			item.LocationName = push.Location
		}
		if push.FromKnown {
			from := push.From
			item.From = &from
			item.Delta = push.To - push.From
		} else {
			item.Delta = push.To
		}
		if len(out.Items) < 500 {
			out.Items = append(out.Items, item)
		}
		if push.To == 0 && (!push.FromKnown || push.From > 0) {
			out.ToZero = append(out.ToZero, item)
		}
		if item.Delta < 0 {
			drops = append(drops, item)
		}
	}
	sort.Slice(drops, func(i, j int) bool { return drops[i].Delta < drops[j].Delta })
	if len(drops) > 10 {
		drops = drops[:10]
	}
	out.BiggestDrops = append(out.BiggestDrops, drops...)
	out.ToZeroCount = len(out.ToZero)
	if len(out.ToZero) > 100 {
		out.ToZero = out.ToZero[:100]
	}
	return out, nil
}

// StartAll starts a manual sync of every connection in its automatic mode
// (the tray's "Sync all now"); one already syncing is left to finish. It
// returns how many started.
func (s *SyncService) StartAll() (int, error) {
	conns, err := s.connections.List()
	if err != nil {
		return 0, err
	}
	started := 0
	for _, c := range conns {
		if _, err := s.Start(c.ID, string(c.Schedule.AutoMode)); err != nil {
			s.log.Info("sync all: a connection did not start", "connection", c.ID, "name", c.Name, "why", err)
			continue
		}
		started++
	}
	return started, nil
}
