//go:build headless && !windows

package main

import (
	"os"

	"shelfsync/backend/agent"
	"shelfsync/backend/desktop"
)

// runWindow in a headless build (go build -tags headless, `make
// build-headless`): one static binary with every command and no window,
// for servers without a desktop, which cannot load WebKitGTK. Where the
// window's program lies beside it (desktop.WindowProgramBeside: the Debian
// package), it is the desktop's launcher instead: it runs the resident
// agent, with no WebKit loaded, and starts that program for the window.
func runWindow(dataDir string, hidden bool, role desktop.WindowRole) error {
	if role.Window || !agent.Supported {
		return errNoWindow
	}
	self, err := os.Executable()
	if err != nil {
		return errNoWindow
	}
	window := desktop.WindowProgramBeside(self)
	if window == "" {
		return errNoWindow
	}
	dataDir, err = desktopDataDir(dataDir)
	if err != nil {
		return err
	}
	return runAgent(dataDir, hidden, window)
}
