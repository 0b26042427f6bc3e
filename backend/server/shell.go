package server

import "errors"

// Shell answers, in a browser, the calls the window makes to the desktop
// it runs on (desktop.WindowService): each says why it does not apply to a
// server. The version, the data folder, the pause and the notices are the
// services' (DiagnosticsService, PreferencesService), bound here as in the
// window.
type Shell struct{}

// Every exported method of Shell is an endpoint: it has exactly the
// window service's methods (a test in package main compares them).

// BindShell is the server's shell under the name the window's service
// has, so the frontend's calls reach it unchanged.
func BindShell() As { return As{Name: "desktop.WindowService", Object: &Shell{}} }

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

// The window's native dialogs and Quit belong to the
// desktop; in a browser the page downloads an export itself and types a
// path, and never calls these. Should a page call one anyway, it says why.

// SaveRunCSV refuses: the browser downloads the export (HistoryService.ExportCSV).
func (s *Shell) SaveRunCSV(uint) (string, error) {
	return "", errors.New("ShelfSync runs as a server here; the page downloads the CSV through your browser instead")
}

// ChooseFile refuses: the server's files are not the browser's to browse.
func (s *Shell) ChooseFile(string) (string, error) {
	return "", errors.New("ShelfSync runs as a server here; type the path of the CSV file on the server")
}

// Quit refuses: the system stops the server (docs/SERVER.md).
func (s *Shell) Quit() error {
	return errors.New("ShelfSync runs as a server here; the system stops it (see docs/SERVER.md), not the page")
}
