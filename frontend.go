//go:build !startupfloor

package main

import "embed"

// assets are the built frontend: the window serves them, and so does
// `shelfsync serve` to a browser, in the desktop and the headless build.
//
//go:embed all:frontend/dist
var assets embed.FS

// assetsRoot is the folder of assets that holds index.html.
const assetsRoot = "frontend/dist"
