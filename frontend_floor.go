//go:build startupfloor

package main

import "embed"

// With the startupfloor tag the window serves the launch's floor instead
// of the app: one static page that reports its first paint
// (scripts/startupfloor, measured by scripts/footprint.sh).
//
//go:embed all:scripts/startupfloor
var assets embed.FS

const assetsRoot = "scripts/startupfloor"
