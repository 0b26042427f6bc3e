//go:build startupfloor

package main

import (
	"embed"
	"io/fs"
)

// With the startupfloor tag the window serves the launch's floor instead
// of the app: one static page that reports its first paint
// (scripts/startupfloor, measured by scripts/footprint.sh).
//
//go:embed all:scripts/startupfloor
var assets embed.FS

func frontendFiles() fs.FS {
	floor, err := fs.Sub(assets, "scripts/startupfloor")
	if err != nil {
		panic(err) // a constant, valid path: fs.Sub cannot refuse it
	}
	return floor
}
