package server

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"shelfsync/backend/cli"
	"shelfsync/backend/desktop"
	"shelfsync/backend/events"
	"shelfsync/backend/secrets"
	"shelfsync/backend/services"
	"shelfsync/backend/storage"
)

// DefaultListen is where serve listens unless told otherwise: this
// computer only, where no password is needed.
const DefaultListen = "127.0.0.1:8484"

// Exit codes, as the other commands use them.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitRefused = 3
)

// Register adds `shelfsync serve` to the command line; frontend is the
// built frontend with index.html at its root.
func Register(frontend fs.FS) {
	cli.RegisterWhere("serve", "sync on schedule with no window, and serve the window to a browser", func(stdout, stderr io.Writer, where cli.Where, args []string) int {
		return Main(frontend, stdout, stderr, where, args)
	})
}

// Options are serve's command-line settings.
type Options struct {
	// Database is a PostgreSQL several servers share, or "".
	Database     string
	Listen       string
	PasswordFile string
	TLSCert      string
	TLSKey       string
	PublicURL    string
}

// Main runs serve until SIGINT or SIGTERM and returns the exit code.
func Main(frontend fs.FS, stdout, stderr io.Writer, where cli.Where, args []string) int {
	var o Options
	dataDir := where.DataDir
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.StringVar(&o.Database, "db", where.Database, "a PostgreSQL several servers share, e.g. postgres://shelfsync@db.example.com/shelfsync (or set "+services.DatabaseEnv+"); without it the database is in the data folder")
	flags.StringVar(&o.Listen, "listen", DefaultListen, "address to listen on; any other than this computer's (127.0.0.1, localhost) needs a password")
	flags.StringVar(&o.PasswordFile, "password-file", "", "file whose first line is the password browsers log in with (or set SHELFSYNC_PASSWORD)")
	flags.StringVar(&o.TLSCert, "tls-cert", "", "TLS certificate file (PEM), to serve https")
	flags.StringVar(&o.TLSKey, "tls-key", "", "TLS private key file (PEM), with --tls-cert")
	flags.StringVar(&o.PublicURL, "public-url", "", "the address browsers use when a reverse proxy is in front, e.g. https://sync.example.com")
	flags.Usage = func() {
		fmt.Fprintln(stdout, "Usage: shelfsync serve [--db postgres://…] [--listen 127.0.0.1:8484] [--password-file FILE] [--tls-cert FILE --tls-key FILE] [--public-url URL]\n\nOptions:")
		flags.SetOutput(stdout)
		flags.PrintDefaults()
		flags.SetOutput(stderr)
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "shelfsync serve: unexpected %q; run shelfsync serve --help.\n", flags.Arg(0))
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, nil)).With("component", "serve")
	plan, err := o.check(os.Getenv("SHELFSYNC_PASSWORD"))
	if err != nil {
		fmt.Fprintln(stderr, "shelfsync serve: "+sentence(err))
		return exitRefused
	}
	// Child processes (an SFTP helper, a browser) need not inherit it.
	if err := os.Unsetenv("SHELFSYNC_PASSWORD"); err != nil {
		log.Warn("could not clear SHELFSYNC_PASSWORD from the environment", "err", err)
	}
	if err := serve(frontend, stdout, log, dataDir, o, plan); err != nil {
		fmt.Fprintln(stderr, "shelfsync serve: "+sentence(err))
		return exitFailed
	}
	return exitOK
}

// plan is what check decided from the options.
type plan struct {
	password     *PasswordHash
	loopbackOnly bool
	publicHosts  []string
}

// check refuses settings that would expose the server, and hashes the
// password (the plain text is not kept).
func (o Options) check(envPassword string) (plan, error) {
	var p plan
	if (o.TLSCert == "") != (o.TLSKey == "") {
		return p, errors.New("--tls-cert and --tls-key go together: give both files, or neither")
	}
	if _, _, err := net.SplitHostPort(o.Listen); err != nil {
		return p, fmt.Errorf("--listen %q is not an address with a port, such as 127.0.0.1:8484 or 0.0.0.0:8484", o.Listen)
	}
	p.loopbackOnly = IsLoopback(o.Listen)
	if o.PublicURL != "" {
		u, err := url.Parse(o.PublicURL)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return p, fmt.Errorf("--public-url %q is not a web address, such as https://sync.example.com", o.PublicURL)
		}
		p.publicHosts = append(p.publicHosts, u.Host)
	}
	password := envPassword
	if o.PasswordFile != "" {
		b, err := os.ReadFile(o.PasswordFile)
		if err != nil {
			return p, fmt.Errorf("read the password file: %w", err)
		}
		// World-readable only: systemd's credential files give the
		// service's user read access through an ACL, which shows as a
		// group bit.
		if info, err := os.Stat(o.PasswordFile); err == nil && runtime.GOOS != "windows" && info.Mode().Perm()&0o004 != 0 {
			return p, fmt.Errorf("the password file %s can be read by every user of this computer; run chmod 600 on it", o.PasswordFile)
		}
		password, _, _ = strings.Cut(string(b), "\n")
		password = strings.TrimSuffix(password, "\r")
		if password == "" {
			return p, fmt.Errorf("the password file %s is empty; write the password on its first line", o.PasswordFile)
		}
	}
	reachable := !p.loopbackOnly || len(p.publicHosts) > 0
	if reachable && password == "" {
		where := "other computers can reach " + o.Listen
		if p.loopbackOnly {
			where = "a reverse proxy makes it reachable at " + o.PublicURL
		}
		return p, fmt.Errorf("ShelfSync will not start without a password, because %s. Put a password in a file readable only by ShelfSync's user and pass --password-file FILE (or set SHELFSYNC_PASSWORD), or listen on %s to serve this computer only", where, DefaultListen)
	}
	if password != "" {
		if len(password) < 8 {
			return p, errors.New("the password is shorter than 8 characters; choose a longer one")
		}
		hash, err := HashPassword([]byte(password))
		if err != nil {
			return p, fmt.Errorf("hash the password: %w", err)
		}
		p.password = hash
	}
	return p, nil
}

func serve(frontend fs.FS, stdout io.Writer, log *slog.Logger, dataDir string, o Options, p plan) error {
	if dataDir == "" {
		dir, err := services.DefaultDataDir()
		if err != nil {
			return err
		}
		dataDir = dir
	}
	// On a shared database the core opens the secrets sealed there.
	var store secrets.Store
	if o.Database == "" {
		var err error
		if store, err = secrets.OpenSealed(dataDir, os.Getenv(secrets.KeyEnv)); err != nil {
			return err
		}
	}
	delay, err := desktop.StartupDelay()
	if err != nil {
		return err
	}
	minute, err := desktop.ScheduleMinute()
	if err != nil {
		return err
	}
	broker := NewBroker(log)
	core, err := services.New(services.Options{DataDir: dataDir, Database: o.Database, Events: events.ByName{Emit: broker.Emit}, Watched: broker.Listening, Secrets: store, SeedDemo: true, StartupDelay: delay, ScheduleMinute: minute, Version: cli.Version})
	if err != nil {
		return err
	}
	defer func() {
		if err := core.Close(); err != nil {
			log.Error("close the data folder", "err", err)
		}
	}()
	if core.Recovered() != "" {
		log.Warn(core.Recovered())
	}
	scheduling, err := core.LockScheduling()
	if errors.Is(err, storage.ErrSchedulingActive) {
		return fmt.Errorf("another shelfsync serve already runs the schedules of the data folder %s; stop it first, or give this one another --data-dir", dataDir)
	}
	if err != nil {
		return err
	}
	defer func() {
		if err := scheduling.Release(); err != nil {
			log.Warn("release the scheduling lock", "err", err)
		}
	}()
	if err := core.Start(); err != nil {
		return fmt.Errorf("start the schedules: %w", err)
	}
	srv, err := New(Config{
		Bound:        append([]any{BindShell()}, services.Bound(core.Services())...),
		Events:       broker,
		Frontend:     frontend,
		Password:     p.password,
		LoopbackOnly: p.loopbackOnly,
		PublicHosts:  p.publicHosts,
		Log:          log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; is another ShelfSync or program using it? Choose another with --listen", o.Listen, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Event streams end when the server does (they would hold Shutdown).
	httpServer := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if o.TLSCert != "" {
		scheme = "https"
	}
	where := "data folder " + dataDir
	if o.Database != "" {
		where += ", shared database " + core.DatabaseName()
	}
	fmt.Fprintf(stdout, "ShelfSync serves %s://%s (%s)\n", scheme, ln.Addr(), where)
	if !p.loopbackOnly && o.TLSCert == "" {
		fmt.Fprintln(stdout, "No --tls-cert: passwords and data cross the network in clear text unless a reverse proxy in front terminates TLS (docs/SERVER.md).")
	}
	if o.Database != "" {
		fmt.Fprintf(stdout, "Demo connections keep their made-up warehouse and store in the data folder (%s): servers sharing the database see the same demo stores only when they share that folder too; otherwise each server syncs the Demo against a store of its own (docs/SERVER.md).\n", dataDir)
	}
	done := make(chan error, 1)
	go func() {
		if o.TLSCert != "" {
			done <- httpServer.ServeTLS(ln, o.TLSCert, o.TLSKey)
		} else {
			done <- httpServer.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "ShelfSync is stopping; running syncs are recorded as cancelled.")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		log.Warn("stop serving", "err", err)
	}
	return nil
}

// sentence ends an error's text with a full stop, as the CLI prints them.
func sentence(err error) string {
	msg := strings.TrimSpace(err.Error())
	if msg != "" && !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
