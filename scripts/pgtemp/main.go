//go:build unix

// pgtemp starts a throwaway PostgreSQL (Debian's postgresql package on a
// temporary folder and a free port, as the tests do), prints its address,
// and removes it when interrupted: to try several `shelfsync serve` on one
// database without setting up a server.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"shelfsync/backend/pgtest"
)

func main() {
	server, err := pgtest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtemp:", err)
		os.Exit(1)
	}
	fmt.Println(server.DSN)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	<-ctx.Done()
	stop()
	server.Stop()
}
