package services

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"shelfsync/backend/events"
	"shelfsync/backend/types"
)

// Servers sharing a PostgreSQL tell each other of every run's start,
// progress and finish (PostgreSQL's LISTEN/NOTIFY, storage/notify.go), so
// a browser of any server follows a run live wherever it runs. A notice
// is small: the event and the run's ids, and progress's counts; a finish
// is read from the database, where the run is recorded by then. With
// SQLite there is one process, whose window hears its runs directly.

// runsChannel is the PostgreSQL channel the servers' run notices go on.
const runsChannel = "shelfsync_runs"

// noticeTimeout bounds telling the others, which a run waits for.
const noticeTimeout = 2 * time.Second

// relistenAfter is how long a server whose listening session broke
// waits before listening again.
const relistenAfter = 5 * time.Second

// runNotice is one run event as it travels between servers.
type runNotice struct {
	// Server is the sender, whose own browsers heard it directly.
	Server       string          `json:"s"`
	Event        string          `json:"e"` // events.SyncStarted, SyncProgress or SyncFinished
	ConnectionID uint            `json:"c"`
	RunID        uint            `json:"r"`
	Trigger      types.Trigger   `json:"t,omitempty"`
	Mode         types.Mode      `json:"m,omitempty"`
	Phase        types.SyncPhase `json:"p,omitempty"`
	Done         int             `json:"d,omitempty"`
	Total        int             `json:"n,omitempty"`
}

// tellOtherServers sends a run event to the other servers of a shared
// database. A notice lost (the database unreachable) costs their browsers
// only the live view: the run is recorded all the same.
func (c *Core) tellOtherServers(n runNotice) {
	if !c.SharedDatabase() {
		return
	}
	n.Server = c.serverID
	payload, err := json.Marshal(n)
	if err != nil {
		c.log.Error("a run's event was not sent to the other servers", "event", n.Event, "error", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), noticeTimeout)
	defer cancel()
	if err := c.db.Notify(ctx, runsChannel, string(payload)); err != nil {
		c.log.Warn("a run's event was not sent to the other servers; their windows show the run once it is recorded", "event", n.Event, "run", n.RunID, "error", err)
	}
}

// hearOtherServers hands the other servers' run events to this server's
// listeners (its browsers) until Close. It listens before it returns, so
// a run started once the server is up is heard from its start.
func (c *Core) hearOtherServers() error {
	notices, err := c.db.Listen(c.ctx, runsChannel)
	if err != nil {
		return err
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		for {
			payload, err := notices.Next(c.ctx)
			if err == nil {
				c.heard(payload)
				continue
			}
			_ = notices.Close() // broken or done: nothing more to hear on it
			if c.ctx.Err() != nil {
				return
			}
			c.log.Warn("the other servers' runs are not followed live for now; listening again shortly", "error", err)
			for notices = nil; notices == nil; {
				select {
				case <-c.ctx.Done():
					return
				case <-c.clock.After(relistenAfter):
				}
				if notices, err = c.db.Listen(c.ctx, runsChannel); err != nil {
					c.log.Warn("listening to the other servers failed; trying again shortly", "error", err)
				}
			}
		}
	}()
	return nil
}

// heard passes on one notice from another server, when someone follows
// this server's events: with no browser open, reading back every run the
// others finish is work for nobody.
func (c *Core) heard(payload string) {
	if c.opts.Watched != nil && !c.opts.Watched() {
		return
	}
	var n runNotice
	if err := json.Unmarshal([]byte(payload), &n); err != nil {
		c.log.Warn("an unreadable notice from another server was ignored", "error", err)
		return
	}
	if n.Server == c.serverID {
		return
	}
	switch n.Event {
	case events.SyncStarted:
		c.events.SyncStarted(types.RunStarted{ConnectionID: n.ConnectionID, RunID: n.RunID, Trigger: n.Trigger, ModeRequested: n.Mode})
	case events.SyncProgress:
		c.events.SyncProgress(types.Progress{ConnectionID: n.ConnectionID, RunID: n.RunID, Phase: n.Phase, Done: n.Done, Total: n.Total})
	case events.SyncFinished:
		run, err := c.db.Run(n.RunID)
		if err != nil {
			c.log.Warn("another server's finished run could not be read; the window shows it when it reloads", "run", n.RunID, "error", err)
			return
		}
		conn, err := c.db.Connection(run.ConnectionID)
		if err != nil {
			c.log.Warn("another server's finished run could not be read; the window shows it when it reloads", "run", n.RunID, "error", err)
			return
		}
		c.events.SyncFinished(runDTO(run, conn.Name))
	}
}

// serverID is this process's name among the servers of a shared
// database: its computer, its process, and a random part for two
// containers whose computer names and process ids are alike.
func serverID() string {
	host, _ := os.Hostname() // unnamed: the process and random parts still tell it apart
	random := make([]byte, 4)
	_, _ = rand.Read(random) // crypto/rand.Read never fails (Go 1.24)
	return fmt.Sprintf("%s/%d/%x", host, os.Getpid(), random)
}
