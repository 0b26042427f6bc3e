//go:build headless && !windows

package main

import "shelfsync/backend/desktop"

// runWindow in a headless build (go build -tags headless, `make
// build-headless`): one static binary with every command and no window,
// for servers without a desktop, which cannot load WebKitGTK.
func runWindow(string, bool, desktop.WindowRole) error {
	return errNoWindow
}
