package schedule

import (
	"context"
	"time"

	"shelfsync/backend/types"
)

// catchUpSuffix names a connection's catch-up lease after its run lease.
const catchUpSuffix = "/catch-up"

// armCatchUp sets a look at the connection for when the lease of the run
// due at due, which another scheduler holds, runs out (lease.go). One look
// per due time, however many times it is asked.
func (s *Scheduler) armCatchUp(ctx context.Context, connectionID uint, due time.Time, interval time.Duration) {
	left, err := s.opts.Leases.LeaseLeft(ctx, leaseName(connectionID))
	if err != nil {
		s.log.Warn("no catch-up set: the shared database did not say when the lease runs out", "connection", connectionID, "error", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[connectionID]
	if !ok || s.shutDown || !e.catchUpDue.Before(due) {
		return
	}
	if e.catchUp != nil {
		e.catchUp.Stop()
	}
	e.catchUpDue = due
	e.catchUp = s.clock.AfterFunc(left, func() { s.catchUp(connectionID, due, interval) })
}

// catchUp runs the connection when no run of it was recorded for due,
// once across the schedulers of the database.
func (s *Scheduler) catchUp(connectionID uint, due time.Time, interval time.Duration) {
	s.mu.Lock()
	e, ok := s.entries[connectionID]
	if !ok || s.paused || s.shutDown || !e.catchUpDue.Equal(due) {
		s.mu.Unlock()
		return
	}
	e.catchUp = nil
	s.catchUps.Add(1)
	s.mu.Unlock()
	defer s.catchUps.Done()

	log := s.log.With("connection", connectionID, "due", due)
	now := s.clock.Now()
	if !now.Before(due.Add(interval)) {
		log.Info("no catch-up: the next time has come and runs the connection")
		return
	}
	// Held past this time's catch-ups and free for the next time's.
	hold := due.Add(interval * 3 / 2).Sub(now)
	took, err := s.opts.Leases.TakeLease(s.runCtx, leaseName(connectionID)+catchUpSuffix, s.opts.Holder, hold)
	if err != nil {
		log.Warn("no catch-up: the shared database did not say which server looks", "error", err)
		return
	}
	if !took {
		return // another server looks
	}
	if !s.beginRun(connectionID) {
		return
	}
	// A little before the due time too: a run the holder's clock, a
	// little behind this one's, dated just before it.
	ran, err := s.opts.Leases.RunStartedSince(s.runCtx, connectionID, due.Add(-interval/4))
	switch {
	case err != nil:
		log.Warn("no catch-up: the shared database did not say whether the connection ran", "error", err)
	case ran:
	default:
		log.Info("the server that took this time's lease did not run the connection; running it now")
		s.runAndEnd(connectionID, types.TriggerScheduled)
		return
	}
	s.endRun(connectionID, time.Time{})
}
