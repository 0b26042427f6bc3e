package desktop

import (
	"os/exec"
	"runtime"
)

// OpenFolder shows a folder in the system's file manager.
func OpenFolder(path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("explorer", path)
	case "darwin":
		cmd = exec.Command("open", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	cmd.Env = ChildEnvironment(nil)
	if err := cmd.Start(); err != nil {
		return err
	}
	// The file manager outlives this call; reap the launcher when it exits.
	go func() { _ = cmd.Wait() }()
	return nil
}
