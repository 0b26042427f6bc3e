//go:build !linux

package agent

import (
	"errors"
	"time"
)

const supported = false

// Options start the agent.
type Options struct {
	DataDir      string
	Hidden       bool
	StartupDelay time.Duration
	Exe          string
	Launcher     string
	Version      string
}

// Run is not used where Supported is false: the window's process stays
// resident there.
func Run(Options) error {
	return errors.New("ShelfSync's background process runs on Linux only so far; start ShelfSync without --window")
}
