//go:build unix

// Package pgtest starts a throwaway PostgreSQL for tests: Debian's
// postgresql package (initdb and postgres) on a temporary data folder and a
// free loopback port, no Docker, stopped and removed at the end. Tests that
// need it skip, saying why, where PostgreSQL is not installed. Unix only:
// it runs the server as another user in its own process group.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNotInstalled says PostgreSQL's server programs were not found.
var ErrNotInstalled = errors.New("PostgreSQL is not installed (Debian: apt-get install postgresql)")

// Server is a running throwaway PostgreSQL.
type Server struct {
	// DSN reaches the server as a superuser, database postgres.
	DSN  string
	dir  string
	proc *exec.Cmd
	done chan error
}

// binDir finds initdb and postgres: PATH first, then Debian's versioned
// folders (/usr/lib/postgresql/<version>/bin), newest first.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if dir := filepath.Dir(p); fileExists(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin") // a malformed pattern is the only error, and this one is not
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, dir := range dirs {
		if fileExists(filepath.Join(dir, "initdb")) && fileExists(filepath.Join(dir, "postgres")) {
			return dir, nil
		}
	}
	return "", ErrNotInstalled
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir))) // not a number sorts last
	return n
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Start initialises a cluster in a new temporary folder and starts it. As
// root (PostgreSQL refuses to run as root) the server runs as the
// postgres user the Debian package creates.
func Start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "shelfsync-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, done: make(chan error, 1)}
	cred, err := runAs(dir)
	if err != nil {
		s.remove()
		return nil, err
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "shelfsync", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		s.remove()
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		s.remove()
		return nil, err
	}
	log, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		s.remove()
		return nil, err
	}
	defer log.Close()
	s.proc = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port), "-k", dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	s.proc.Stdout, s.proc.Stderr = log, log
	s.proc.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
	if err := s.proc.Start(); err != nil {
		s.remove()
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	go func() { s.done <- s.proc.Wait() }()
	s.DSN = fmt.Sprintf("postgres://shelfsync@127.0.0.1:%d/postgres?sslmode=disable", port)
	if err := s.waitReady(30 * time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// runAs returns the credential to run PostgreSQL with: none for an
// ordinary user; the postgres user's for root, who then owns dir.
func runAs(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL will not run as root, and there is no postgres user to run it as: %w", err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return nil, err
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return nil, err
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, s.DSN)
		cancel()
		if err == nil {
			return conn.Close(context.Background())
		}
		select {
		case exit := <-s.done:
			s.done <- exit
			return fmt.Errorf("postgres exited (%v):\n%s", exit, s.log())
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not accept connections within %s: %v\n%s", limit, err, s.log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *Server) log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "postgres.log")) // for a message only
	return strings.TrimSpace(string(b))
}

// Stop shuts the server down (fast shutdown: clients are disconnected) and
// removes its folder.
func (s *Server) Stop() {
	if s.proc != nil && s.proc.Process != nil {
		_ = s.proc.Process.Signal(syscall.SIGINT) // already gone is fine: we wait below either way
		select {
		case <-s.done:
		case <-time.After(15 * time.Second):
			_ = syscall.Kill(-s.proc.Process.Pid, syscall.SIGKILL) // it did not stop; nothing more to do
			<-s.done
		}
	}
	s.remove()
}

func (s *Server) remove() {
	_ = os.RemoveAll(s.dir) // a temporary folder; the OS cleans what is left
}

// ForTest starts a server for the test t and stops it at its end. Where
// PostgreSQL is not installed the test is skipped, saying that it needs
// PostgreSQL for what (a phrase: "sharing a database").
func ForTest(t testing.TB, what string) *Server {
	t.Helper()
	s, err := Start()
	if errors.Is(err, ErrNotInstalled) {
		t.Skipf("%s needs PostgreSQL: %v", what, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}
