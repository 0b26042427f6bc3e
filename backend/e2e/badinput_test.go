package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/storage"
)

// said is everything the user reads from one command: stderr, and the run's
// error, per-SKU errors and warnings when it printed a run as JSON.
func said(r result) string {
	var run struct {
		Error    string   `json:"error"`
		Problems []string `json:"problems"`
		Items    []struct {
			Error string `json:"error"`
		} `json:"items"`
	}
	parts := []string{strings.TrimSpace(r.stderr)}
	if json.Unmarshal([]byte(r.stdout), &run) == nil {
		parts = append(parts, run.Error)
		parts = append(parts, run.Problems...)
		for _, it := range run.Items {
			parts = append(parts, it.Error)
		}
	} else {
		parts = append(parts, strings.TrimSpace(r.stdout))
	}
	return strings.Join(parts, " | ")
}

// expect runs a command and checks the exit code and that the user is told
// want; it logs what was said, which docs/BAD_INPUTS.md quotes.
func (c *cli) expect(t *testing.T, code int, want string, args ...string) {
	t.Helper()
	r := c.run(args...)
	msg := said(r)
	t.Logf("shelfsync %s\n    exit %d: %s", strings.Join(args, " "), r.code, msg)
	if r.code != code || !strings.Contains(msg, want) {
		t.Errorf("shelfsync %v: exit %d, said %q; want exit %d and %q", args, r.code, msg, code, want)
	}
}

func csvConnection(t *testing.T, c *cli, name, body string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".csv")
	writeCSV(t, path, body, time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", name, "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
}

// The warehouse feed's mistakes: a bad row is skipped and named, the rest
// syncs; a feed that cannot be used at all fails the run and says why.
func TestBadFeedsAreExplainedToTheUser(t *testing.T) {
	c := newCLI(t)
	warnings := []struct{ name, body, want string }{
		{"Duplicate", "sku,qty\nA,1\nB,2\nA,3\n", "A"},
		{"Negative", "sku,qty\nA,1\nB,-4\n", "-4"},
		{"Huge", "sku,qty\nA,1\nB,99999999999999999999\n", "99999999999999999999"},
		{"NotANumber", "sku,qty\nA,1\nB,lots\n", "lots"},
		{"BlankSKU", "sku,qty\nA,1\n,5\n", "line 3"},
	}
	for _, w := range warnings {
		csvConnection(t, c, w.name, w.body)
		c.expect(t, 0, w.want, "sync", "--connection", w.name, "--mode", "full", "--json")
	}
	failures := []struct{ name, body, want string }{
		{"NoSKUColumn", "product,qty\nA,1\n", "SKU"},
		{"NoQtyColumn", "sku,colour\nA,red\n", "quantity"},
		{"Empty", "", "empty"},
		{"HeaderOnly", "sku,qty\n", "no inventory rows"},
		{"TwoQty", "sku,qty,stock\nA,1,2\n", "quantity"},
		{"AllRowsBad", "sku,qty\nA,x\nB,y\n", "None of the 2 rows"},
		{"BrokenQuote", "sku,qty\nA,1\nB,\"2\nC,3\n", "never closed"},
		{"UTF16", "\xff\xfes\x00k\x00u\x00,\x00q\x00t\x00y\x00\n\x00", "UTF-16"},
	}
	for _, f := range failures {
		csvConnection(t, c, f.name, f.body)
		c.expect(t, 1, f.want, "sync", "--connection", f.name, "--mode", "full", "--json")
	}
	c.ok("connection", "add", "--name", "Missing", "--warehouse", "csv:"+filepath.Join(t.TempDir(), "gone.csv"), "--store", "demo", "--no-schedule")
	c.expect(t, 1, "gone.csv", "sync", "--connection", "Missing", "--json")
}

// The store's side: credentials, scopes, addresses, certificates and names
// that do not resolve, SKUs the store lost or lists twice.
func TestBadStoresAreExplainedToTheUser(t *testing.T) {
	c := newCLI(t)
	shop := shopifyfake.New(shopifyfake.Options{})
	defer shop.Close()
	for _, sku := range []string{"A", "B", "C"} {
		shop.AddVariant(sku, 1)
	}
	shop.AddVariant("B", 1) // listed twice
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,4\nB,5\nC,6\n", time.Now().Add(-time.Hour))
	add := func(name, url, token string) {
		c.ok("connection", "add", "--name", name, "--warehouse", "csv:"+csvPath, "--store", "shopify", "--store-url", url, "--store-token", token, "--no-schedule")
	}

	add("WrongToken", shop.URL(), "shpat_wrong")
	c.expect(t, 1, "The access token was refused", "sync", "--connection", "WrongToken", "--mode", "full", "--json")

	readOnly := shopifyfake.New(shopifyfake.Options{ReadOnlyToken: true})
	defer readOnly.Close()
	readOnly.AddVariant("A", 1)
	add("Revoked", readOnly.URL(), readOnly.Token())
	c.expect(t, 1, "write_inventory", "sync", "--connection", "Revoked", "--mode", "full", "--json")

	add("Duplicates", shop.URL(), shop.Token())
	c.expect(t, 0, "SKU B appears more than once in the store", "sync", "--connection", "Duplicates", "--mode", "full", "--json")

	// Addresses no shop has are refused when the connection is saved.
	refused := func(name, url, want string) {
		c.expect(t, 1, want, "connection", "add", "--name", name, "--warehouse", "csv:"+csvPath, "--store", "shopify", "--store-url", url, "--store-token", "shpat_x", "--no-schedule")
	}
	refused("PlainHTTP", "http://shop.example.com", "plain http://")
	refused("BadURL", "https://exa mple.com/%zz", "is not a web address")
	refused("Metadata", "https://169.254.169.254/latest/meta-data/", "link-local")

	add("DNS", "https://no-such-shop.invalid", "shpat_x")
	c.expect(t, 1, "no-such-shop.invalid", "sync", "--connection", "DNS", "--json")

	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler()) // a certificate nobody signed
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	add("SelfSigned", tlsSrv.URL, "shpat_x")
	c.expect(t, 1, "certificate", "sync", "--connection", "SelfSigned", "--json")

	woo := woofake.New(woofake.Options{})
	defer woo.Close()
	woo.AddSimple("A", 1)
	c.ok("connection", "add", "--name", "WooWrong", "--warehouse", "csv:"+csvPath, "--store", "woocommerce", "--store-url", woo.URL, "--store-key", woo.Key(), "--store-secret", "cs_wrong", "--no-schedule")
	c.expect(t, 1, "refused", "sync", "--connection", "WooWrong", "--mode", "full", "--json")
}

// The data folder's troubles: a database another process holds locked, a
// folder that cannot be written, a full disk, a damaged file.
func TestBadDataFoldersAreExplainedToTheUser(t *testing.T) {
	t.Run("read-only data dir", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes through file permissions")
		}
		c := newCLI(t)
		if err := os.Chmod(c.dataDir, 0o500); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(c.dataDir, 0o700)
		c.expect(t, 1, c.dataDir, "connection", "list")
	})
	t.Run("data dir that cannot be created", func(t *testing.T) {
		if _, err := os.Stat("/sys"); err != nil {
			t.Skip("no /sys to stand for a folder nobody may write")
		}
		c := &cli{t: t, dataDir: "/sys/shelfsync"} // refused even to root
		c.expect(t, 1, "Create the data folder /sys/shelfsync", "connection", "list")
	})
	t.Run("damaged database", func(t *testing.T) {
		c := newCLI(t)
		if err := os.WriteFile(filepath.Join(c.dataDir, storage.FileName), []byte(strings.Repeat("garbage ", 1000)), 0o600); err != nil {
			t.Fatal(err)
		}
		c.expect(t, 0, "kept it as", "connection", "list")
		if kept, _ := filepath.Glob(filepath.Join(c.dataDir, storage.FileName+".corrupt-*")); len(kept) != 1 {
			t.Fatalf("kept copies: %v", kept)
		}
	})
	t.Run("database locked by another process", func(t *testing.T) {
		c := newCLI(t)
		c.ok("connection", "add", "--name", "Demo", "--warehouse", "demo", "--demo-skus", "5", "--store", "demo", "--no-schedule")
		db := openRaw(t, c.dataDir)
		defer closeRaw(db)
		tx := db.Begin()
		if err := tx.Exec("INSERT INTO settings(key, value) VALUES ('lock', 'held')").Error; err != nil { // holds the write lock
			t.Fatal(err)
		}
		defer tx.Rollback()
		c.expect(t, 1, "locked", "connection", "add", "--name", "Second", "--warehouse", "demo", "--store", "demo", "--no-schedule")
	})
	t.Run("full disk", func(t *testing.T) {
		c := newCLI(t)
		c.ok("connection", "add", "--name", "Big", "--warehouse", "demo", "--demo-skus", "20000", "--store", "demo", "--no-schedule")
		// RLIMIT_FSIZE makes every write past 256 KiB fail as a full disk would.
		cmd := exec.Command("bash", "-c", fmt.Sprintf("ulimit -f 256 && exec %q --data-dir %q sync --connection Big --mode full --json", binary, c.dataDir))
		cmd.Env = append(os.Environ(), "SHELFSYNC_DATA_DIR=")
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		msg := said(result{code, out.String(), errb.String()})
		t.Logf("full disk: exit %d: %s", code, msg)
		if code == 0 || code > 3 || msg == " | " {
			t.Fatalf("a sync on a full disk exited %d saying %q; want a failure in words, not a crash", code, msg)
		}
		checkIntegrity(t, c.dataDir, 0)
	})
}
