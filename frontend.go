//go:build !startupfloor

package main

import (
	"embed"
	"io/fs"
)

// assets are the built frontend: the window serves them, and so does
// `shelfsync serve` to a browser, in the desktop and the headless build.
//
//go:embed all:frontend/dist
var assets embed.FS

// frontendFiles are the assets with index.html at the root.
func frontendFiles() fs.FS {
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // a constant, valid path: fs.Sub cannot refuse it
	}
	return dist
}
