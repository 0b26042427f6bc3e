package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A read that fails after its retries reports every request it sent:
// "API calls 0" after five attempts misled.
func TestAFailedReadCountsEveryAttempt(t *testing.T) {
	var hits atomic.Int64
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer down.Close()
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,1\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Feed", "--warehouse", "csv:"+down.URL+"/inv.csv", "--store", "demo", "--no-schedule")
	c.ok("connection", "add", "--name", "Woo", "--warehouse", "csv:"+csvPath, "--store", "woocommerce", "--store-url", down.URL, "--store-key", "ck_aaaaaaaa", "--store-secret", "cs_bbbbbbbb", "--no-schedule")
	for _, name := range []string{"Feed", "Woo"} {
		hits.Store(0)
		run := c.sync(name, "full")
		if run.Status != "failed" || hits.Load() < 2 || int64(run.APICalls) != hits.Load() {
			t.Errorf("%s: %s with %d API calls; the server saw %d requests", name, run.Status, run.APICalls, hits.Load())
		}
	}
}

// A database this user may not write fails with a sentence naming the
// file and the fix, not "attempt to write a readonly database (8)".
func TestAReadOnlyDatabaseIsExplained(t *testing.T) {
	setpriv, err := exec.LookPath("setpriv")
	if os.Geteuid() != 0 || err != nil {
		t.Skip("needs root and setpriv to run ShelfSync as another user")
	}
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Demo", "--warehouse", "demo", "--demo-skus", "5", "--store", "demo", "--no-schedule")
	// The data folder and a read-only database, owned by nobody (65534).
	base, err := os.MkdirTemp("", "shelfsync-readonly") // t.TempDir's parents are root's alone
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	dir := filepath.Join(base, "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(c.dataDir, "shelfsync.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "shelfsync.db")
	if err := os.WriteFile(db, b, 0o400); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Dir(dir), dir, db} {
		if err := os.Chown(p, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "..", "shelfsync")
	copyFile(t, binary, bin)
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, "--data-dir", dir, "sync", "--connection", "Demo")
	cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin"}
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "may not write its database "+db) || !strings.Contains(string(out), "chmod u+w") {
		t.Fatalf("said %q; want the database named with the fix", out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}
