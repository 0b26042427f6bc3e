package main

import "io/fs"

// frontendFiles are the assets with index.html at the root.
func frontendFiles() fs.FS {
	root, err := fs.Sub(assets, assetsRoot)
	if err != nil {
		panic(err) // a constant, valid path: fs.Sub cannot refuse it
	}
	return root
}
