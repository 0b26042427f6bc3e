package cli

import (
	"fmt"
)

// runClearStuck clears the runs of a connection left marked running by a
// ShelfSync that stopped where this one cannot see it (another computer
// name, a copied data folder). A dead run of this computer needs no command:
// the next sync clears it.
func runClearStuck(e *env, args []string) int {
	fs := newFlags(e, "clear-stuck", "clear-stuck --connection NAME [--json]")
	name := fs.String("connection", "", "the connection whose stuck sync to clear (required)")
	asJSON := fs.Bool("json", false, "print the cleared runs as JSON")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	conn, code, ok := e.openConnection("clear-stuck", *name)
	if !ok {
		return code
	}
	defer e.close()
	cleared, err := e.svc.Sync.ClearStuck(conn.ID)
	if err != nil {
		return e.fail(exitRefused, err)
	}
	if *asJSON {
		return printJSON(e, cleared)
	}
	if len(cleared) == 0 {
		fmt.Fprintf(e.stdout, "No sync of %s is marked running; there is nothing to clear.\n", conn.Name)
		return exitOK
	}
	for _, r := range cleared {
		fmt.Fprintf(e.stdout, "Cleared run %d, started %s by process %d on %s: it now reads interrupted, and the next sync retries what it was writing.\n",
			r.RunID, r.StartedAt.Local().Format("2006-01-02 15:04"), r.PID, r.Host)
	}
	return exitOK
}
