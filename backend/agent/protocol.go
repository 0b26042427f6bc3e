package agent

import "time"

// The JSON-RPC calls' arguments and replies (rpc.go answers, client.go asks).

// StartArgs start a manual sync.
type StartArgs struct {
	ConnectionID uint
	Mode         string
	Confirmed    bool
	// TurnOnTracking: the merchant asked to switch stock tracking on.
	TurnOnTracking bool
	RepairDrift    bool
	UndoRun        uint
}

// RescheduleArgs re-read a connection's schedule.
type RescheduleArgs struct {
	ConnectionID uint
	Anchor       time.Time
}

// NextRunReply is a connection's next automatic sync, if one is due.
type NextRunReply struct {
	At  time.Time
	Due bool
}

// Empty is an argument or reply with nothing in it.
type Empty struct{}

// HintArgs are a notification's title and body.
type HintArgs struct {
	Title, Body string
}
