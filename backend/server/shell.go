package server

import (
	"errors"
	"fmt"
	"strconv"

	"shelfsync/backend/cli"
	"shelfsync/backend/services"
)

// Shell answers, in a browser, the calls the window makes to its shell
// (main.App in app.go): what a server has of them (version, data folder,
// pause, notices) works the same; the desktop-only preferences say why
// they do not apply.
type Shell struct {
	core *services.Core
}

// Every exported method of Shell is an endpoint: it has exactly the
// window shell's methods (a test in package main compares them), and the
// helpers below are functions.

// BindShell is the server's shell over a core, under the name the window's
// shell has, so the frontend's calls reach it unchanged.
func BindShell(core *services.Core) As { return As{Name: "main.App", Object: &Shell{core: core}} }

// restorePaused applies a pause chosen before the last restart.
func restorePaused(core *services.Core) {
	// A damaged setting reads as not paused: syncing is the safe default.
	if paused, _ := strconv.ParseBool(core.DB.GetSetting(services.SettingSchedulePaused, "false")); paused {
		core.Scheduler.SetPaused(true)
	}
}

// Version is the server's version, for the About line.
func (s *Shell) Version() string { return cli.Version }

// DataDir is where the database lives, shown in Settings.
func (s *Shell) DataDir() string { return s.core.DataDir() }

// Paused reports whether automatic sync is paused.
func (s *Shell) Paused() bool { return s.core.Scheduler.Paused() }

// SetPaused pauses or resumes automatic sync, and remembers it.
func (s *Shell) SetPaused(paused bool) error {
	s.core.Scheduler.SetPaused(paused)
	if err := s.core.DB.SetSetting(services.SettingSchedulePaused, strconv.FormatBool(paused)); err != nil {
		return fmt.Errorf("automatic sync is %s, but ShelfSync could not remember it after a restart; check that the data folder is writable", map[bool]string{true: "paused", false: "on"}[paused])
	}
	return nil
}

// NotifyPolicy: a server shows no desktop notifications.
func (s *Shell) NotifyPolicy() string { return "never" }

// SetNotifyPolicy refuses: there is no desktop to show them on.
func (s *Shell) SetNotifyPolicy(string) error {
	return errors.New("ShelfSync runs as a server here, which has no desktop to show notifications on; History lists every sync")
}

// StartAtLogin: the service manager starts the server, not a login.
func (s *Shell) StartAtLogin() bool { return false }

// SetStartAtLogin refuses: systemd (docs/SERVER.md) starts the server.
func (s *Shell) SetStartAtLogin(bool) error {
	return errors.New("ShelfSync runs as a server here; the system starts it (see docs/SERVER.md for its systemd unit), not a login")
}

// Notices are the sentences the page shows once when it opens.
func (s *Shell) Notices() []string {
	notices := []string{}
	if s.core.DB.Recovered != "" {
		notices = append(notices, s.core.DB.Recovered)
	}
	return notices
}
