// Package cli is ShelfSync's headless command line: the same engine as the
// window, for scripts and servers. No window opens for a subcommand.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"shelfsync/backend/services"
	"shelfsync/backend/textsafe"
	"shelfsync/backend/types"
)

// Version is set at build time (-ldflags "-X shelfsync/backend/cli.Version=…").
var Version = "0.1.0-dev"

// exit codes
const (
	exitOK      = 0
	exitFailed  = 1 // the command ran and the outcome is not success
	exitUsage   = 2 // the command line was wrong
	exitRefused = 3 // the command could not run (busy, missing connection)
)

type command struct {
	name    string
	summary string
	run     func(env *env, args []string) int
}

func commands() []command {
	return []command{
		{"connection", "add, list or remove connections", runConnection},
		{"sync", "run a Smart or Full Sync of one connection", runSync},
		{"inventory", "show a connection's SKUs and their state", runInventory},
		{"history", "show a connection's sync history", runHistory},
		{"schedule", "show or change a connection's automatic sync", runSchedule},
		{"rules", "show or change a connection's quantity rules and safety limits", runRules},
		{"bundles", "list, import or remove a connection's bundles (kits built from warehouse SKUs)", runBundles},
		{"locations", "show or change which warehouse facilities feed each store location", runLocations},
		{"undo", "set back what a run wrote to the store (a preview first)", runUndo},
		{"diagnostics", "print what a support request needs: version, system, connections without secrets, recent runs, the log's end", runDiagnostics},
		{"track", "turn on stock tracking in the store for the SKUs it does not track, then sync them", runTrack},
		{"clear-stuck", "clear a sync left marked running by a ShelfSync that stopped", runClearStuck},
		{"version", "print the version", func(e *env, _ []string) int { fmt.Fprintln(e.stdout, "shelfsync", Version); return exitOK }},
	}
}

// Extra commands registered by other packages (the bench), so cli does not
// import them.
var extra []command

// Register adds a subcommand (used by the bench command).
func Register(name, summary string, run func(stdout, stderr io.Writer, dataDir string, args []string) int) {
	extra = append(extra, command{name, summary, func(e *env, args []string) int { return run(e.stdout, e.stderr, e.dataDir, args) }})
}

// Where is the data a command works on.
type Where struct {
	// DataDir is the data folder ("": the default).
	DataDir string
	// Database is a shared PostgreSQL's address, or "" for the SQLite
	// database in the data folder.
	Database string
}

// RegisterWhere adds a subcommand that works on a shared database too
// (serve).
func RegisterWhere(name, summary string, run func(stdout, stderr io.Writer, where Where, args []string) int) {
	extra = append(extra, command{name, summary, func(e *env, args []string) int {
		return run(e.stdout, e.stderr, Where{DataDir: e.dataDir, Database: e.database}, args)
	}})
}

func allCommands() []command { return append(commands(), extra...) }

// Globals are the options before the subcommand.
type Globals struct {
	DataDir string
	// Database is --db, else $SHELFSYNC_DB: a shared PostgreSQL.
	Database string
	Version  bool
	Help     bool
	// Command is the subcommand with its arguments; empty starts the window.
	Command []string
}

// ParseGlobals reads `[--data-dir DIR] [--db URL] [--version] [subcommand args…]`.
func ParseGlobals(args []string) (Globals, error) {
	var g Globals
	fs := flag.NewFlagSet("shelfsync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.DataDir, "data-dir", "", "")
	fs.StringVar(&g.Database, "db", os.Getenv(services.DatabaseEnv), "")
	fs.BoolVar(&g.Version, "version", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			g.Help = true
			return g, nil
		}
		return g, fmt.Errorf("%v; run shelfsync --help", err)
	}
	g.Command = fs.Args()
	return g, nil
}

// Main runs a subcommand and returns the process exit code.
func Main(g Globals, stdout, stderr io.Writer) int {
	if g.Version {
		fmt.Fprintln(stdout, "shelfsync", Version)
		return exitOK
	}
	if g.Help || len(g.Command) == 0 || g.Command[0] == "help" || g.Command[0] == "--help" {
		usage(stdout)
		return exitOK
	}
	name := g.Command[0]
	for _, c := range allCommands() {
		if c.name == name {
			return c.run(&env{dataDir: g.DataDir, database: g.Database, stdout: stdout, stderr: stderr}, g.Command[1:])
		}
	}
	fmt.Fprintf(stderr, "shelfsync: there is no command %q; run shelfsync --help to see them.\n", name)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `ShelfSync keeps your store's inventory equal to your warehouse.

Usage:
  shelfsync                       open the window
  shelfsync [--data-dir DIR] [--db URL] COMMAND [options]

Commands:`)
	for _, c := range allCommands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Global options:
  --data-dir DIR   where the database lives (default: $SHELFSYNC_DATA_DIR, else
                   the user's config folder/ShelfSync)
  --db URL         a PostgreSQL that several servers share, such as
                   postgres://shelfsync@db.example.com/shelfsync (default:
                   $SHELFSYNC_DB, else the database in the data folder)
  --version        print the version

Run shelfsync COMMAND --help for a command's options.`)
}

// env is what a command runs with.
type env struct {
	dataDir        string
	database       string
	stdout, stderr io.Writer
	core           *services.Core
	svc            services.Services
}

// open opens the data dir without the scheduler: a command runs and exits.
func (e *env) open() error {
	core, err := services.New(services.Options{DataDir: e.dataDir, Database: e.database, Headless: true, Version: Version})
	if err != nil {
		return err
	}
	if core.Recovered() != "" {
		fmt.Fprintln(e.stderr, "shelfsync: "+core.Recovered())
	}
	e.core, e.svc = core, core.Services()
	return nil
}

// openConnection opens the data dir and finds the connection a command
// names with --connection. When ok is false the command returns code; when
// it is true the caller must defer e.close().
func (e *env) openConnection(command, name string) (conn types.Connection, code int, ok bool) {
	if name == "" {
		fmt.Fprintf(e.stderr, "shelfsync %s: --connection is required. Run shelfsync %s --help.\n", command, command)
		return conn, exitUsage, false
	}
	if err := e.open(); err != nil {
		return conn, e.fail(exitFailed, err), false
	}
	conn, err := e.svc.Connections.ByName(name)
	if err != nil {
		e.close()
		return conn, e.fail(exitRefused, err), false
	}
	return conn, 0, true
}

func (e *env) close() {
	if e.core != nil {
		if err := e.core.Close(); err != nil {
			// The command's work is done and recorded; say so anyway.
			fmt.Fprintln(e.stderr, "shelfsync: "+term(sentence("closing the data folder: "+err.Error())))
		}
	}
}

// fail prints an error as one sentence and returns the code.
func (e *env) fail(code int, err error) int {
	if e.core != nil {
		err = e.core.Explain(err)
	}
	fmt.Fprintln(e.stderr, "shelfsync: "+term(sentence(err.Error())))
	return code
}

// term escapes text from outside (feeds, servers, the database) for the
// terminal; every text line the CLI prints passes it through.
func term(s string) string { return textsafe.Escape(s) }

func sentence(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return "Something went wrong."
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") {
		msg += "."
	}
	return msg
}

// newFlags makes a subcommand's flag set whose errors and help go where
// the user sees them.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: shelfsync %s\n\nOptions:\n", synopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return fs
}

// parse parses flags; it returns (code, false) when the command must stop.
func parse(e *env, fs *flag.FlagSet, args []string) (int, bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(e.stderr)
	if errors.Is(err, flag.ErrHelp) { // the flag package printed the usage
		return exitOK, false
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "shelfsync %s: %s Run shelfsync %s --help.\n", fs.Name(), sentence(err.Error()), fs.Name())
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "shelfsync %s: unexpected argument %q. Run shelfsync %s --help.\n", fs.Name(), fs.Arg(0), fs.Name())
		return exitUsage, false
	}
	return 0, true
}

// secretFlag is a secret given directly or through an environment variable
// (`--store-token-env VAR`), so it need not appear in shell history.
type secretFlag struct{ value, envVar string }

func (s *secretFlag) get(name string) (string, error) {
	if s.envVar != "" {
		v, ok := os.LookupEnv(s.envVar)
		if !ok || v == "" {
			return "", fmt.Errorf("--%s-env names %s, but that environment variable is empty", name, s.envVar)
		}
		return v, nil
	}
	return s.value, nil
}
