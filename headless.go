//go:build headless

package main

import (
	"errors"

	"shelfsync/backend/desktop"
)

// runWindow in a headless build (go build -tags headless, `make
// build-headless`): one static binary with every command and no window,
// for servers without a desktop, which cannot load WebKitGTK.
func runWindow(string, bool, desktop.WindowRole) error {
	return errors.New("this is the headless build of ShelfSync, which has no window; run a command instead, for example `shelfsync sync --connection NAME` (see `shelfsync --help`)")
}
