//go:build !headless

package main

import (
	"fmt"
	"os"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// The native dialogs the window asks for through bound methods.

// SaveRunCSV asks where to save a run's per-SKU results (the native Save
// as… dialog) and writes them there. It returns the path, or "" when the
// user cancelled. A webview's download would land in the home folder
// without a word.
func (a *App) SaveRunCSV(runID uint) (string, error) {
	text, err := a.svc.History.ExportCSV(runID)
	if err != nil {
		return "", err
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "" // the dialog then opens where the toolkit likes
	}
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title:            "Save the run's SKUs as CSV",
		DefaultDirectory: home,
		DefaultFilename:  fmt.Sprintf("shelfsync-run-%d.csv", runID),
		Filters:          []runtime.FileFilter{{DisplayName: "CSV files (*.csv)", Pattern: "*.csv"}},
	})
	if err != nil {
		return "", fmt.Errorf("the Save dialog could not open (%v); try again", err)
	}
	if path == "" {
		return "", nil
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return "", fmt.Errorf("ShelfSync could not save %s (%v); choose another folder", path, err)
	}
	return path, nil
}

// ChooseFile asks for a file on this computer (the native Open dialog), for
// the wizard's CSV path; it returns "" when the user cancelled.
func (a *App) ChooseFile(title string) (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "" // the dialog then opens where the toolkit likes
	}
	path, err := runtime.OpenFileDialog(a.ctx, runtime.OpenDialogOptions{
		Title:            title,
		DefaultDirectory: home,
		Filters: []runtime.FileFilter{
			{DisplayName: "CSV and text files", Pattern: "*.csv;*.txt;*.tsv"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
	if err != nil {
		return "", fmt.Errorf("the file chooser could not open (%v); type the path instead", err)
	}
	return path, nil
}
