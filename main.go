// ShelfSync keeps a merchant's online-store inventory equal to the warehouse.
// Without a subcommand it opens the window; with one it runs headless.
package main

import (
	"fmt"
	"os"

	"shelfsync/backend/bench"
	"shelfsync/backend/cli"
	"shelfsync/backend/desktop"
	"shelfsync/backend/server"
)

func main() {
	bench.Register()
	server.Register(frontendFiles())
	hidden, args := desktop.TakeHiddenFlag(os.Args[1:])
	role, args := desktop.TakeWindowFlags(args)
	globals, err := cli.ParseGlobals(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "shelfsync:", err)
		os.Exit(2)
	}
	if globals.Version || globals.Help || len(globals.Command) > 0 {
		os.Exit(cli.Main(globals, os.Stdout, os.Stderr))
	}
	if err := runWindow(globals.DataDir, hidden, role); err != nil {
		fmt.Fprintln(os.Stderr, "shelfsync:", err)
		os.Exit(1)
	}
}
