package services

import (
	"strconv"
	"time"
)

// Servers sharing a PostgreSQL each schedule every connection (the
// scheduler's leases share the runs out). A connection one server adds,
// changes or deletes, and a pause, reach the others' schedulers here,
// within half a minute of the schedules (ScheduleMinute; a test shortens it).

// scheduledAs is what of a connection the scheduler was last given.
type scheduledAs struct {
	enabled  bool
	interval int
}

// followSharedDatabase refreshes the schedules from the database until
// Close.
func (c *Core) followSharedDatabase() {
	defer c.wg.Done()
	ticker := c.clock.NewTicker(c.opts.ScheduleMinute / 2)
	defer ticker.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-ticker.Chan():
			c.local.refresh()
		}
	}
}

// refresh hands the scheduler the connections whose schedule changed in
// the database since it last had them, drops those deleted, and follows a
// pause.
func (s *localSchedules) refresh() {
	conns, err := s.db.Connections()
	if err != nil {
		s.log.Warn("the schedules were not refreshed from the shared database; they are as they were", "error", err)
		return
	}
	present := map[uint]bool{}
	for _, conn := range conns {
		present[conn.ID] = true
		s.mu.Lock()
		was, known := s.scheduled[conn.ID]
		s.mu.Unlock()
		if known && was == (scheduledAs{conn.ScheduleEnabled, conn.IntervalMinutes}) {
			continue
		}
		if err := s.set(conn, time.Time{}); err != nil {
			s.log.Warn("a connection changed by another server was not rescheduled", "connection", conn.ID, "error", err)
		}
	}
	s.mu.Lock()
	var gone []uint
	for id := range s.scheduled {
		if !present[id] {
			gone = append(gone, id)
		}
	}
	s.mu.Unlock()
	for _, id := range gone {
		s.forget(id)
	}
	if paused, err := strconv.ParseBool(s.db.GetSetting(settingPaused, "false")); err == nil && paused != s.scheduler.Paused() {
		s.scheduler.SetPaused(paused)
	}
}
