package agent

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/rpc"
	"net/rpc/jsonrpc"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/types"
)

// errAgentGone is what the window says when its agent stops answering.
var errAgentGone = errors.New("ShelfSync's background process is not answering; close the window and start ShelfSync again")

// Client is the window's side of the socket: services.Remote over
// JSON-RPC, and the agent's events.
type Client struct {
	dataDir string
	rpc     *rpc.Client
}

// Dial connects the window to the agent on the data folder.
func Dial(dataDir string) (*Client, error) {
	conn, _, err := dial(dataDir, helloRPC)
	if err != nil {
		return nil, fmt.Errorf("the window found no ShelfSync running on %s to sync for it (start ShelfSync itself, not its window): %w", dataDir, err)
	}
	// The agent may still be opening the database: calls wait in the
	// socket's queue until it serves.
	return &Client{dataDir: dataDir, rpc: jsonrpc.NewClient(conn)}, nil
}

// Close ends the calls' connection.
func (c *Client) Close() error { return c.rpc.Close() }

// Events delivers the agent's events and commands to on until the agent
// ends (or quits), then returns.
func (c *Client) Events(on func(name string, payload json.RawMessage)) error {
	conn, r, err := dial(c.dataDir, helloWindow)
	if err != nil {
		return fmt.Errorf("follow the background process's syncs: %w", err)
	}
	defer conn.Close()
	dec := json.NewDecoder(r)
	for {
		var m streamed
		if err := dec.Decode(&m); err != nil {
			return nil // the agent ended
		}
		on(m.Name, m.Payload)
	}
}

func (c *Client) call(method string, args, reply any) error {
	err := c.rpc.Call("Agent."+method, args, reply)
	var server rpc.ServerError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &server):
		return errors.New(string(server)) // already a sentence
	default:
		log.Printf("agent: %s: %v", method, err)
		return errAgentGone
	}
}

// StartSync implements services.Remote: the request's flags travel, its
// OnBegin stays (the agent answers with the run's id).
func (c *Client) StartSync(connectionID uint, mode string, req engine.Request) (uint, error) {
	var runID uint
	err := c.call("StartSync", StartArgs{ConnectionID: connectionID, Mode: mode, Confirmed: req.Confirmed,
		TurnOnTracking: req.TurnOnTracking, RepairDrift: req.RepairDrift, UndoRun: req.UndoRun}, &runID)
	return runID, err
}

// CancelSync implements services.Remote.
func (c *Client) CancelSync(connectionID uint) error {
	return c.call("CancelSync", connectionID, &Empty{})
}

// Running implements services.Remote.
func (c *Client) Running() ([]types.Progress, error) {
	out := []types.Progress{}
	err := c.call("Running", Empty{}, &out)
	return out, err
}

// IsRunning implements services.Remote.
func (c *Client) IsRunning(connectionID uint) bool {
	var out bool
	_ = c.call("IsRunning", connectionID, &out) // a silent agent runs nothing the window can see
	return out
}

// NextRun implements services.Remote.
func (c *Client) NextRun(connectionID uint) *time.Time {
	var out NextRunReply
	if err := c.call("NextRun", connectionID, &out); err != nil || !out.Due {
		return nil
	}
	return &out.At
}

// Reschedule implements services.Remote.
func (c *Client) Reschedule(connectionID uint, anchor time.Time) error {
	return c.call("Reschedule", RescheduleArgs{ConnectionID: connectionID, Anchor: anchor}, &Empty{})
}

// Paused implements services.Remote.
func (c *Client) Paused() bool {
	var out bool
	_ = c.call("Paused", Empty{}, &out) // unknown reads as not paused
	return out
}

// SetPaused implements services.Remote.
func (c *Client) SetPaused(paused bool) error {
	return c.call("SetPaused", paused, &Empty{})
}

// Hint asks the agent to show a one-line notification.
func (c *Client) Hint(title, body string) error {
	return c.call("Hint", HintArgs{Title: title, Body: body}, &Empty{})
}

// QuitAgent ends ShelfSync: the agent quits and closes the window.
func (c *Client) QuitAgent() error { return c.call("Quit", Empty{}, &Empty{}) }
