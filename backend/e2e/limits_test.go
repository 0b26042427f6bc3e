package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A gzip feed that unpacks past the connection's limit fails the sync
// with a sentence naming the limit and its setting; the process stays
// small and the run is failed, not "interrupted" by running out of memory.
func TestAFeedPastItsLimitFailsTheSyncNamingTheLimit(t *testing.T) {
	var packed bytes.Buffer
	zw := gzip.NewWriter(&packed)
	fmt.Fprintln(zw, "sku,qty,name")
	pad := strings.Repeat("x", 250)
	for i := range 20_000 { // 5.3 MB unpacked
		fmt.Fprintf(zw, "SKU-%08d,%d,%s\n", i, i%50, pad)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	feed := filepath.Join(t.TempDir(), "inv.csv.gz")
	if err := os.WriteFile(feed, packed.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Big", "--warehouse", "csv:"+feed, "--warehouse-limit", "maxMB=3", "--store", "demo", "--no-schedule")
	run := c.sync("Big", "full")
	if run.Status != "failed" || !strings.Contains(run.Error, "3 MB (unpacked)") || !strings.Contains(run.Error, `"maxMB"`) {
		t.Fatalf("run %s: %q; want failed, naming the 3 MB limit and its setting", run.Status, run.Error)
	}
	// Raised, the same feed syncs.
	c.ok("connection", "add", "--name", "Bigger", "--warehouse", "csv:"+feed, "--warehouse-limit", "maxMB=20", "--store", "demo", "--no-schedule")
	if run := c.sync("Bigger", "full"); run.Status != "succeeded" || run.Counts.Read != 20_000 {
		t.Fatalf("with the limit raised: %s, read %d: %s", run.Status, run.Counts.Read, run.Error)
	}
	r := c.run("connection", "add", "--name", "Bad", "--warehouse", "csv:"+feed, "--warehouse-limit", "maxPages=3", "--store", "demo")
	if r.code != 2 || !strings.Contains(r.stderr, "maxRows") {
		t.Errorf("an unknown limit: exit %d, %q", r.code, r.stderr)
	}
}
