package services

import "strconv"

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
			c.refreshSchedules()
		}
	}
}

// refreshSchedules hands the scheduler the connections whose schedule
// changed in the database since it last had them, drops those deleted,
// and follows a pause.
func (c *Core) refreshSchedules() {
	conns, err := c.db.Connections()
	if err != nil {
		c.log.Warn("the schedules were not refreshed from the shared database; they are as they were", "error", err)
		return
	}
	present := map[uint]bool{}
	for _, conn := range conns {
		present[conn.ID] = true
		c.mu.Lock()
		was, known := c.scheduled[conn.ID]
		c.mu.Unlock()
		if known && was == (scheduledAs{conn.ScheduleEnabled, conn.IntervalMinutes}) {
			continue
		}
		if err := c.applySchedule(conn); err != nil {
			c.log.Warn("a connection changed by another server was not rescheduled", "connection", conn.ID, "error", err)
		}
	}
	c.mu.Lock()
	var gone []uint
	for id := range c.scheduled {
		if !present[id] {
			gone = append(gone, id)
			delete(c.scheduled, id)
		}
	}
	c.mu.Unlock()
	for _, id := range gone {
		c.scheduler.Remove(id)
	}
	if paused, err := strconv.ParseBool(c.db.GetSetting(settingPaused, "false")); err == nil && paused != c.scheduler.Paused() {
		c.scheduler.SetPaused(paused)
	}
}
