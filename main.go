// ShelfSync keeps a merchant's online-store inventory equal to the warehouse.
// Without a subcommand it opens the window; with one it runs headless.
package main

import (
	"embed"
	"fmt"
	"os"

	"shelfsync/backend/bench"
	"shelfsync/backend/cli"
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	bench.Register()
	globals, err := cli.ParseGlobals(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "shelfsync:", err)
		os.Exit(2)
	}
	if globals.Version || globals.Help || len(globals.Command) > 0 {
		os.Exit(cli.Main(globals, os.Stdout, os.Stderr))
	}
	if err := runWindow(globals.DataDir); err != nil {
		fmt.Fprintln(os.Stderr, "shelfsync:", err)
		os.Exit(1)
	}
}
