package e2e

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/storage"
	"shelfsync/backend/testwait"
)

// A token given on the command line ends up in the secret store only: not
// in the database file (nor its WAL), not in anything the CLI prints, even
// when a sync fails; and the file fallback of the secret store is readable
// by the user alone.
func TestATokenNeverReachesTheDatabaseOrTheOutput(t *testing.T) {
	const token = "shpat_KNOWN_SECRET_0123456789abcdef"
	shop := shopifyfake.New(shopifyfake.Options{Token: token})
	defer shop.Close()
	shop.AddVariant("A", 1)
	shop.AddVariant("B", 2)
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,4\nB,5\n", time.Now().Add(-time.Hour))

	var said bytes.Buffer
	record := func(r result) { said.WriteString(r.stdout + r.stderr) }
	record(c.run("connection", "add", "--name", "Shop", "--warehouse", "csv:"+csvPath, "--store", "shopify", "--store-url", shop.URL(), "--store-token", token, "--no-schedule", "--json"))
	record(c.run("sync", "--connection", "Shop", "--mode", "full", "--json"))
	record(c.run("connection", "list", "--json"))
	record(c.run("history", "--connection", "Shop", "--json"))
	record(c.run("inventory", "--connection", "Shop", "--json"))
	shop.Close() // the next sync fails: its error must not quote the token either
	failed := c.run("sync", "--connection", "Shop", "--mode", "full", "--json")
	if failed.code == 0 {
		t.Fatal("a sync against a closed shop succeeded")
	}
	record(failed)
	if strings.Contains(said.String(), token) {
		t.Fatal("the token appears in what the CLI printed")
	}

	for _, name := range []string{storage.FileName, storage.FileName + "-wal", storage.FileName + "-shm"} {
		b, err := os.ReadFile(filepath.Join(c.dataDir, name))
		if err != nil {
			continue // no WAL left after a clean close
		}
		if bytes.Contains(b, []byte(token)) {
			t.Fatalf("the token is in %s", name)
		}
	}
	if info, err := os.Stat(filepath.Join(c.dataDir, "secrets.json")); err == nil {
		if info.Mode().Perm() != 0o600 {
			t.Fatalf("secrets.json has mode %o, want 0600", info.Mode().Perm())
		}
	} else {
		t.Logf("no secrets.json: a keyring holds the token")
	}
}

// The CLI, while it syncs, listens on no socket: it only dials out. Checked
// by matching the process's socket descriptors against the kernel's table
// of listening TCP and UDP sockets.
func TestASyncingProcessListensOnNoSocket(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc")
	}
	shop := shopifyfake.New(shopifyfake.Options{Latency: 300 * time.Millisecond})
	defer shop.Close()
	shop.AddVariant("A", 1)
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,4\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Slow", "--warehouse", "csv:"+csvPath, "--store", "shopify", "--store-url", shop.URL(), "--store-token", shop.Token(), "--no-schedule")
	cmd := exec.Command(binary, "--data-dir", c.dataDir, "sync", "--connection", "Slow", "--mode", "full")
	cmd.Env = append(os.Environ(), "SHELFSYNC_DATA_DIR=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	// Wait for the request to the slow shop to be open.
	testwait.Until(t, func() bool { return countSockets(cmd.Process.Pid) > 0 }, "the sync to open a connection to the shop")
	listening := listeningInodes(t)
	fds, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(cmd.Process.Pid), "fd"))
	if err != nil {
		t.Fatal(err)
	}
	sockets := 0
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(cmd.Process.Pid), "fd", fd.Name()))
		if err != nil || !strings.HasPrefix(link, "socket:[") {
			continue
		}
		sockets++
		if inode := strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]"); listening[inode] {
			t.Fatalf("fd %s is a listening socket (inode %s)", fd.Name(), inode)
		}
	}
	if sockets == 0 {
		t.Fatal("the syncing process held no socket: the check saw nothing to judge")
	}
	t.Logf("the syncing process holds %d sockets, none listening", sockets)
}

// listeningInodes reads /proc/net/{tcp,tcp6,udp,udp6}: TCP sockets in state
// 0A (LISTEN), and every bound UDP socket.
func listeningInodes(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, table := range []string{"tcp", "tcp6", "udp", "udp6"} {
		f, err := os.Open("/proc/net/" + table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // header
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 {
				continue
			}
			if strings.HasPrefix(table, "udp") || fields[3] == "0A" {
				out[fields[9]] = true
			}
		}
		f.Close()
	}
	return out
}

// countSockets counts the sockets a process holds open.
func countSockets(pid int) int {
	fds, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(pid), "fd"))
	if err != nil {
		return 0
	}
	n := 0
	for _, fd := range fds {
		if link, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "fd", fd.Name())); err == nil && strings.HasPrefix(link, "socket:[") {
			n++
		}
	}
	return n
}
