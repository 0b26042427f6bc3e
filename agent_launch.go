package main

import (
	"fmt"
	"os"
	"path/filepath"

	"shelfsync/backend/agent"
	"shelfsync/backend/cli"
	"shelfsync/backend/desktop"
	"shelfsync/backend/services"
)

// desktopDataDir is the data folder of a desktop launch: --data-dir or
// the default, made absolute, since the agent and the window it starts
// must name the same folder.
func desktopDataDir(dataDir string) (string, error) {
	if dataDir == "" {
		dir, err := services.DefaultDataDir()
		if err != nil {
			return "", err
		}
		dataDir = dir
	}
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	return dataDir, nil
}

// runAgent runs the resident agent (backend/agent, Linux), which starts
// windowProgram (this program when empty) in its window role whenever the
// window is to show.
func runAgent(dataDir string, hidden bool, windowProgram string) error {
	delay, err := desktop.StartupDelay()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the ShelfSync program to open its window: %w", err)
	}
	if windowProgram == "" {
		windowProgram = self
	}
	return agent.Run(agent.Options{
		DataDir: dataDir, Hidden: hidden, StartupDelay: delay,
		Exe: windowProgram, Launcher: self, Version: cli.Version,
	})
}
