package server

import (
	"errors"

	"shelfsync/backend/cli"
)

// Shell answers, in a browser, the calls the window makes to its shell
// (main.App in app.go): what a server has of them (version, data folder)
// works the same; the desktop-only preferences say why they do not apply.
// The pause and the notices are services.PreferencesService's, bound here
// as in the window.
type Shell struct {
	dataDir string
}

// Every exported method of Shell is an endpoint: it has exactly the
// window shell's methods (a test in package main compares them), and the
// helpers below are functions.

// BindShell is the server's shell over a data folder, under the name the
// window's shell has, so the frontend's calls reach it unchanged.
func BindShell(dataDir string) As { return As{Name: "main.App", Object: &Shell{dataDir: dataDir}} }

// Version is the server's version, for the About line.
func (s *Shell) Version() string { return cli.Version }

// DataDir is where the database lives, shown in Settings.
func (s *Shell) DataDir() string { return s.dataDir }

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

// The window's native dialogs and Quit (dialogs.go, app.go) belong to the
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
