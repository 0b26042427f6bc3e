//go:build linux

package agent

import (
	"shelfsync/backend/engine"
	"shelfsync/backend/types"
)

// rpcService answers the window's calls (Client) with the agent's core.
type rpcService struct{ a *agent }

func (r *rpcService) StartSync(args StartArgs, runID *uint) error {
	var err error
	*runID, err = r.a.core.Local().StartSync(args.ConnectionID, args.Mode, engine.Request{
		Confirmed: args.Confirmed, TurnOnTracking: args.TurnOnTracking, RepairDrift: args.RepairDrift, UndoRun: args.UndoRun})
	return err
}

func (r *rpcService) CancelSync(connectionID uint, _ *Empty) error {
	return r.a.core.Local().CancelSync(connectionID)
}

func (r *rpcService) Running(_ Empty, out *[]types.Progress) error {
	p, err := r.a.core.Local().Running()
	*out = p
	return err
}

func (r *rpcService) IsRunning(connectionID uint, out *bool) error {
	*out = r.a.core.Local().IsRunning(connectionID)
	return nil
}

func (r *rpcService) NextRun(connectionID uint, out *NextRunReply) error {
	if at := r.a.core.Local().NextRun(connectionID); at != nil {
		*out = NextRunReply{At: *at, Due: true}
	}
	return nil
}

func (r *rpcService) Reschedule(args RescheduleArgs, _ *Empty) error {
	return r.a.core.Local().Reschedule(args.ConnectionID, args.Anchor)
}

func (r *rpcService) Paused(_ Empty, out *bool) error {
	*out = r.a.prefs.Paused()
	return nil
}

func (r *rpcService) SetPaused(paused bool, _ *Empty) error {
	err := r.a.prefs.SetPaused(paused)
	if r.a.tray != nil {
		r.a.tray.SetPaused(paused)
	}
	return err
}

// Hint shows a one-line notification the window asks for (it sends none
// itself).
func (r *rpcService) Hint(args HintArgs, _ *Empty) error {
	if r.a.notifier != nil {
		r.a.notifier.Hint(args.Title, args.Body)
	}
	return nil
}

// Quit ends ShelfSync (Preferences' Quit, for desktops with no tray menu).
func (r *rpcService) Quit(_ Empty, _ *Empty) error {
	go r.a.quit() // answer first: quitting closes this connection
	return nil
}
