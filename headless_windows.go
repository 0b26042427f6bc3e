//go:build headless && windows

package main

import (
	"os"
	"os/exec"
	"path/filepath"

	"shelfsync/backend/desktop"
)

// guiExecutable is the window build's name in the install folder.
const guiExecutable = "shelfsync.exe"

// runWindow in the console twin. On Windows the installer puts this
// headless build, linked for the console, as shelfsync.com beside the
// window build shelfsync.exe (linked for the GUI, which has no console
// and so prints nothing in a terminal). Typing `shelfsync` in a terminal
// runs the .com, as `devenv` runs devenv.com beside devenv.exe. Asked for
// the window, it starts shelfsync.exe beside it and returns at once.
func runWindow(dataDir string, hidden bool, _ desktop.WindowRole) error {
	self, err := os.Executable()
	if err != nil {
		return errNoWindow
	}
	gui := filepath.Join(filepath.Dir(self), guiExecutable)
	guiInfo, err := os.Stat(gui)
	if err != nil {
		return errNoWindow
	}
	if selfInfo, err := os.Stat(self); err == nil && os.SameFile(selfInfo, guiInfo) {
		return errNoWindow // a headless build named shelfsync.exe: never start itself
	}
	var args []string
	if dataDir != "" {
		args = append(args, "--data-dir", dataDir)
	}
	if hidden {
		args = append(args, desktop.HiddenFlag)
	}
	cmd := exec.Command(gui, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Process.Release()
}
