//go:build headless

package main

import "errors"

// errNoWindow is what the headless build says when asked for the window.
var errNoWindow = errors.New("this is the headless build of ShelfSync, which has no window; run a command instead, for example `shelfsync sync --connection NAME` (see `shelfsync --help`)")
