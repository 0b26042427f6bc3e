package services

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/types"
)

// SyncService starts, cancels and previews syncs.
type SyncService struct{ core *Core }

// NewSyncService binds sync use cases to a core.
func NewSyncService(c *Core) *SyncService { return &SyncService{core: c} }

// Start begins a manual sync in the background and returns at once; its
// progress and result arrive as events. A sync of a connection that is
// already syncing is refused with a sentence.
func (s *SyncService) Start(id uint, mode string) (uint, error) {
	return s.start(id, mode, engine.Request{})
}

// StartConfirmed is Start for a run the user confirmed after the circuit
// breaker held it.
func (s *SyncService) StartConfirmed(id uint, mode string) (uint, error) {
	return s.start(id, mode, engine.Request{Confirmed: true})
}

// start runs req (its connection, mode and trigger filled in here) in the
// background.
func (s *SyncService) start(id uint, mode string, req engine.Request) (uint, error) {
	if r := s.core.opts.Remote; r != nil {
		return r.StartSync(id, mode, req)
	}
	m, err := inventory.ParseMode(mode)
	if err != nil {
		return 0, err
	}
	conn, err := s.core.db.Connection(id)
	if err != nil {
		return 0, fmt.Errorf("that connection no longer exists")
	}
	if s.core.engine.IsRunning(id) {
		return 0, fmt.Errorf("a sync of %s is already running; wait for it to finish or cancel it", conn.Name)
	}
	begun := make(chan uint, 1)
	refused := make(chan error, 1)
	s.core.wg.Add(1)
	go func() {
		defer s.core.wg.Done()
		req.ConnectionID, req.Mode, req.Trigger = id, m, types.TriggerManual
		if req.UndoRun != 0 {
			req.Mode, req.Trigger = inventory.ModeUndo, types.TriggerUndo
		}
		req.OnBegin = func(runID uint) { begun <- runID }
		if _, err := s.core.engine.Run(s.core.ctx, req); err != nil {
			refused <- err
		}
	}()
	select {
	case runID := <-begun:
		return runID, nil
	case err := <-refused:
		return 0, errors.New(userSentence(err))
	}
}

// RunAndWait performs a sync and waits for it (the CLI). It is a function,
// not a bound method, because the window starts syncs with Start.
func RunAndWait(c *Core, ctx context.Context, id uint, mode string, trigger types.Trigger, confirmed bool) (types.Run, error) {
	m, err := inventory.ParseMode(mode)
	if err != nil {
		return types.Run{}, err
	}
	run, err := c.engine.Run(ctx, engine.Request{ConnectionID: id, Mode: m, Trigger: trigger, Confirmed: confirmed})
	if err != nil {
		return types.Run{}, errors.New(userSentence(err))
	}
	return NewHistoryService(c).Get(run.ID)
}

// TrackStock is "Turn on stock tracking for these": a Smart Sync that also
// pushes the SKUs whose store listing does not track stock, asking the
// store to track it. It returns the run's id, as Start does.
func (s *SyncService) TrackStock(id uint) (uint, error) {
	return s.start(id, string(inventory.ModeSmart), engine.Request{TurnOnTracking: true})
}

// RepairDrift is "Repair drifted SKUs": a Smart Sync that pushes the SKUs
// the store drifted on, even where the connection only flags drift.
func (s *SyncService) RepairDrift(id uint) (uint, error) {
	return s.start(id, string(inventory.ModeSmart), engine.Request{RepairDrift: true})
}

// PreviewUndo says what undoing a run would do: which SKUs go back to
// the quantity before it, and which are left alone because the store
// changed them since. It writes nothing.
func (s *SyncService) PreviewUndo(runID uint) (types.UndoPreview, error) {
	return PreviewUndo(s.core, s.core.ctx, runID)
}

// Undo starts a run (trigger undo) that sets back what runID wrote, with
// compare-and-set, and returns its id.
func (s *SyncService) Undo(runID uint) (uint, error) {
	target, err := s.core.db.Run(runID)
	if err != nil {
		return 0, fmt.Errorf("there is no run %d; it may have been removed by the history retention", runID)
	}
	return s.start(target.ConnectionID, string(inventory.ModeSmart), engine.Request{UndoRun: runID})
}

// PreviewUndo is SyncService.PreviewUndo for the CLI.
func PreviewUndo(c *Core, ctx context.Context, runID uint) (types.UndoPreview, error) {
	plan, err := c.engine.PreviewUndo(ctx, runID)
	if err != nil {
		return types.UndoPreview{}, errors.New(userSentence(err))
	}
	out := types.UndoPreview{RunID: runID, Restore: []types.UndoItem{}, Skipped: []types.UndoSkip{}}
	for _, p := range plan.Restore {
		out.Restore = append(out.Restore, types.UndoItem{SKU: p.SKU, From: p.From, To: p.To})
	}
	for _, s := range plan.Skipped {
		out.Skipped = append(out.Skipped, types.UndoSkip{SKU: s.SKU, Wrote: s.Wrote, Now: s.Now, Reason: s.Reason})
	}
	return out, nil
}

// WaitFor runs req from the CLI and waits for it.
func WaitFor(c *Core, ctx context.Context, req engine.Request) (types.Run, error) {
	run, err := c.engine.Run(ctx, req)
	if err != nil {
		return types.Run{}, errors.New(userSentence(err))
	}
	return NewHistoryService(c).Get(run.ID)
}

// Cancel stops the running sync of a connection.
func (s *SyncService) Cancel(id uint) error {
	if r := s.core.opts.Remote; r != nil {
		return r.CancelSync(id)
	}
	if !s.core.engine.Cancel(id) {
		return fmt.Errorf("no sync of this connection is running")
	}
	return nil
}

// Running returns the progress of every running sync, for a window that
// opens while one runs; after that, events carry progress.
func (s *SyncService) Running() ([]types.Progress, error) {
	if r := s.core.opts.Remote; r != nil {
		return r.Running()
	}
	out := []types.Progress{}
	for _, p := range s.core.engine.Running() {
		out = append(out, types.Progress{ConnectionID: p.ConnectionID, RunID: p.RunID, Phase: p.Phase, Done: p.Done, Total: p.Total})
	}
	return out, nil
}

// Preview computes what a sync would push, writing nothing to the store.
func (s *SyncService) Preview(id uint, mode string) (types.Preview, error) {
	m, err := inventory.ParseMode(mode)
	if err != nil {
		return types.Preview{}, err
	}
	p, err := s.core.engine.Preview(s.core.ctx, id, m)
	if err != nil {
		return types.Preview{}, errors.New(userSentence(err))
	}
	out := types.Preview{
		ModeRequested: p.Plan.Requested, ModeRun: p.Plan.Run, Reason: p.Plan.Reason,
		Counts:       types.Counts{Read: p.Read, Changed: p.Plan.Changed, Pushed: len(p.Plan.Pushes), Skipped: p.Plan.Ignored + len(p.Plan.Duplicates), Unmapped: len(p.Plan.Unmapped), Attention: len(p.Plan.Attention)},
		BiggestDrops: []types.PreviewItem{}, ToZero: []types.PreviewItem{}, Items: []types.PreviewItem{},
	}
	if p.Hold != "" {
		out.Reason = strings.TrimSpace(out.Reason + " " + p.Hold)
	}
	var drops []types.PreviewItem
	for _, push := range p.Plan.Pushes {
		item := types.PreviewItem{SKU: push.SKU, Name: p.Names[push.SKU], To: push.To, Why: string(push.Why), Bundle: p.Bundles[push.SKU]}
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
	conns, err := NewConnectionService(s.core).List()
	if err != nil {
		return 0, err
	}
	started := 0
	for _, c := range conns {
		if _, err := s.Start(c.ID, string(c.Schedule.AutoMode)); err != nil {
			s.core.log.Info("sync all: a connection did not start", "connection", c.ID, "name", c.Name, "why", err)
			continue
		}
		started++
	}
	return started, nil
}
