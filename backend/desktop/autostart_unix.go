//go:build !windows && !darwin

package desktop

import (
	"fmt"
	"os"
	"path/filepath"
)

// The XDG autostart folder: $XDG_CONFIG_HOME/autostart, else
// ~/.config/autostart.
func defaultAutostartDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find your config folder for the start-at-login entry: %w", err)
	}
	return filepath.Join(base, "autostart"), nil
}

func (a *Autostart) path() string { return filepath.Join(a.Dir, "shelfsync.desktop") }

func (a *Autostart) enabled() bool {
	_, err := os.Stat(a.path())
	return err == nil
}

func (a *Autostart) enable() error  { return writeEntry(a.path(), xdgEntry(a.Exec)) }
func (a *Autostart) disable() error { return removeEntry(a.path()) }
