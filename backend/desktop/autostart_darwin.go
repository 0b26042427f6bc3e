//go:build darwin

package desktop

import (
	"fmt"
	"os"
	"path/filepath"
)

func defaultAutostartDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find your home folder for the start-at-login LaunchAgent: %w", err)
	}
	return filepath.Join(home, "Library", "LaunchAgents"), nil
}

func (a *Autostart) path() string { return filepath.Join(a.Dir, launchAgentLabel+".plist") }

func (a *Autostart) enabled() bool {
	_, err := os.Stat(a.path())
	return err == nil
}

func (a *Autostart) enable() error  { return writeEntry(a.path(), launchAgentPlist(a.Exec)) }
func (a *Autostart) disable() error { return removeEntry(a.path()) }
