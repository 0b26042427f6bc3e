// Package e2e drives the real shelfsync binary, as a script or a merchant
// would. The binary is built once (make test passes SHELFSYNC_BIN) and
// shared by every test here.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	binary = os.Getenv("SHELFSYNC_BIN")
	cleanup := func() {}
	if binary == "" {
		dir, err := os.MkdirTemp("", "shelfsync-e2e")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		cleanup = func() { os.RemoveAll(dir) }
		binary = filepath.Join(dir, "shelfsync")
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		build := exec.Command("go", "build", "-tags", "desktop,production,webkit2_41", "-o", binary, ".")
		build.Dir = root
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build shelfsync for the end-to-end tests (run `make build` or set SHELFSYNC_BIN):", err)
			cleanup()
			os.Exit(1)
		}
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// cli runs the binary against one data dir.
type cli struct {
	t       *testing.T
	dataDir string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, dataDir: t.TempDir()}
}

type result struct {
	code           int
	stdout, stderr string
}

func (c *cli) run(args ...string) result {
	c.t.Helper()
	cmd := exec.Command(binary, append([]string{"--data-dir", c.dataDir}, args...)...)
	cmd.Env = append(os.Environ(), "SHELFSYNC_DATA_DIR=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("run shelfsync %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// ok runs a command that must succeed.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run(args...)
	if r.code != 0 {
		c.t.Fatalf("shelfsync %v exited %d\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// skusInState lists, in the CLI's order, the SKUs `inventory --state`
// gives for a state (or the attention group) of a connection.
func (c *cli) skusInState(connection, state string) []string {
	c.t.Helper()
	var inv inventoryJSON
	if err := json.Unmarshal([]byte(c.ok("inventory", "--connection", connection, "--state", state, "--json")), &inv); err != nil {
		c.t.Fatalf("inventory --state %s --json: %v", state, err)
	}
	var skus []string
	for _, it := range inv.Items {
		skus = append(skus, it.SKU)
	}
	return skus
}

// runJSON is the `sync --json` / `history --run --json` object.
type runJSON struct {
	RunID         uint   `json:"runId"`
	Connection    string `json:"connection"`
	Status        string `json:"status"`
	Trigger       string `json:"trigger"`
	ModeRequested string `json:"modeRequested"`
	ModeRun       string `json:"modeRun"`
	Reason        string `json:"reason"`
	Error         string `json:"error"`
	StartedAt     time.Time
	FinishedAt    *time.Time
	Counts        struct {
		Read, Changed, Pushed, Failed, Unmapped, NotTracked int
	} `json:"counts"`
	APICalls int `json:"apiCalls"`
	Items    []struct {
		SKU    string `json:"sku"`
		From   *int   `json:"from"`
		To     int    `json:"to"`
		Status string `json:"status"`
		Error  string `json:"error"`
	} `json:"items"`
}

func (c *cli) sync(name, mode string) runJSON {
	c.t.Helper()
	r := c.run("sync", "--connection", name, "--mode", mode, "--json")
	var run runJSON
	if err := json.Unmarshal([]byte(r.stdout), &run); err != nil {
		c.t.Fatalf("sync --json printed %q (stderr %q): %v", r.stdout, r.stderr, err)
	}
	if (run.Status == "succeeded") != (r.code == 0) {
		c.t.Fatalf("sync exited %d with status %s; want 0 exactly when succeeded", r.code, run.Status)
	}
	return run
}

func writeCSV(t *testing.T, path, body string, mtime time.Time) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}
