package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/csvfeed"
	"shelfsync/backend/connector/csvfeed/sftpfake"
	"shelfsync/backend/inventory"
)

func run(t *testing.T, dataDir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(Globals{DataDir: dataDir, Command: args}, &out, &errb)
	return code, out.String(), errb.String()
}

// A connector is described once, in its package; a kind made up here, and
// registered only here, gets its options on the command line.
type madeUpWarehouse struct{ cfg connector.Config }

func (w madeUpWarehouse) ReadItems(context.Context, time.Time) (connector.WarehouseRead, error) {
	return connector.WarehouseRead{Items: []inventory.WarehouseItem{{SKU: "BIN-1", Qty: 3}}, Complete: true}, nil
}

func (w madeUpWarehouse) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{Summary: "Read the bin at " + w.cfg.Settings["bin"], Count: 1}, nil
}

func init() {
	connector.Register(connector.Description{
		Kind: "binwarehouse", Side: connector.SideWarehouse, Label: "Bin warehouse",
		Fields: []connector.Field{
			{Key: "bin", Label: "Bin address", Required: true},
			{Key: "apiKey", Label: "Bin API key", Secret: true},
		},
		Limits: []connector.Limit{{Key: "maxBins", Default: 5000, Unit: "bins"}},
		OpenWarehouse: func(cfg connector.Config, _ connector.Env) (connector.Warehouse, error) {
			return madeUpWarehouse{cfg}, nil
		},
	})
}

func TestConnectionAddOffersTheOptionsOfEveryRegisteredKind(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "connection", "add", "--help")
	if code != exitOK {
		t.Fatalf("--help exited %d", code)
	}
	for _, want := range []string{"binwarehouse", "-warehouse-bin string", "binwarehouse: Bin address", "-warehouse-api-key-env string", "-warehouse-passphrase-env string", "-store-url string"} {
		if !strings.Contains(out, want) {
			t.Errorf("connection add --help does not show %q:\n%s", want, out)
		}
	}
	dir := t.TempDir()
	t.Setenv("BIN_KEY", "k-123")
	code, out, errOut := run(t, dir, "connection", "add", "--name", "Bins", "--warehouse", "binwarehouse", "--warehouse-bin", "B7",
		"--warehouse-api-key-env", "BIN_KEY", "--store", "demo", "--no-schedule", "--json")
	if code != exitOK || !strings.Contains(out, `"apiKey"`) || !strings.Contains(out, `"bin": "B7"`) {
		t.Fatalf("add a binwarehouse connection: exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(out, "k-123") {
		t.Errorf("the secret was printed: %s", out)
	}
}

// The read limits a kind describes are what --warehouse-limit offers and
// takes for it, and only for it.
func TestConnectionAddTakesTheReadLimitsEachKindDescribes(t *testing.T) {
	_, help, _ := run(t, t.TempDir(), "connection", "add", "--help")
	for _, want := range []string{"binwarehouse: maxBins (default 5,000 bins)", "csv: maxRows (default 2,000,000 rows)", "woocommerce: maxPages (default 10,000 pages a listing)"} {
		if !strings.Contains(help, want) {
			t.Errorf("connection add --help does not show %q:\n%s", want, help)
		}
	}
	dir := t.TempDir()
	code, out, errOut := run(t, dir, "connection", "add", "--name", "Bins", "--warehouse", "binwarehouse", "--warehouse-bin", "B7",
		"--warehouse-limit", "maxBins=9000", "--store", "demo", "--no-schedule", "--json")
	if code != exitOK || !strings.Contains(out, `"maxBins": "9000"`) {
		t.Fatalf("add with a raised limit: exit %d\n%s%s", code, out, errOut)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--warehouse", "binwarehouse", "--warehouse-bin", "B7", "--warehouse-limit", "maxRows=9", "--store", "demo"}, `binwarehouse warehouse has no limit "maxRows"; its limits are maxBins`},
		{[]string{"--warehouse", "demo", "--warehouse-limit", "maxBins=9", "--store", "demo"}, "--warehouse-limit applies to a "},
		{[]string{"--warehouse", "binwarehouse", "--warehouse-bin", "B7", "--warehouse-limit", "maxBins=lots", "--store", "demo"}, `The read limit maxBins must be a whole number from 1 to 1,000,000,000,000 (the default is 5,000 bins), not "lots"`},
	} {
		code, _, errOut := run(t, dir, append([]string{"connection", "add", "--name", "Refused"}, c.args...)...)
		if code == exitOK || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %s; want a refusal saying %q", c.args, code, errOut, c.want)
		}
	}
}

// The demo store's knobs are fields of its description, hidden from the
// wizard; their older names still work.
func TestConnectionAddTakesTheDemoStoreKnobsByTheirOldNamesToo(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, dir, "connection", "add", "--name", "Slow", "--warehouse", "demo", "--store", "demo",
		"--demo-latency", "250ms", "--demo-fail", "SKU-1,SKU-2", "--no-schedule", "--json")
	if code != exitOK || !strings.Contains(out, `"latency": "250ms"`) || !strings.Contains(out, `"failSkus": "SKU-1,SKU-2"`) {
		t.Fatalf("add with --demo-latency and --demo-fail: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, dir, "connection", "add", "--name", "Slower", "--warehouse", "demo", "--store", "demo", "--store-latency", "2s", "--no-schedule", "--json")
	if code != exitOK || !strings.Contains(out, `"latency": "2s"`) {
		t.Fatalf("add with --store-latency: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := run(t, dir, "connection", "add", "--name", "Bad", "--warehouse", "demo", "--store", "demo", "--demo-latency", "forever"); code == exitOK || !strings.Contains(errOut, "such as 200ms") {
		t.Errorf("a latency that is no duration: exit %d, %s", code, errOut)
	}
}

// A malformed file pattern once saved fine and failed every sync; it is
// refused when the connection is made.
func TestConnectionAddRefusesAMalformedFilePattern(t *testing.T) {
	feeds := t.TempDir()
	code, _, errOut := run(t, t.TempDir(), "connection", "add", "--name", "P", "--warehouse", "csv:"+feeds, "--warehouse-pattern", "inv_[.csv", "--store", "demo")
	if code == exitOK || !strings.Contains(errOut, `file pattern "inv_[.csv" is not valid; write it like inv_*.csv`) {
		t.Fatalf("exit %d, %s; want the pattern refused", code, errOut)
	}
}

func TestConnectionAddRefusesAnOptionNeitherKindReads(t *testing.T) {
	code, _, errOut := run(t, t.TempDir(), "connection", "add", "--name", "X", "--warehouse", "demo", "--store", "demo", "--store-token", "t")
	if code != exitUsage || !strings.Contains(errOut, "--store-token is not an option of a demo warehouse or a demo store") {
		t.Fatalf("exit %d, %s; want a usage error naming --store-token", code, errOut)
	}
}

func TestConnectionAddTakesAnEncryptedSFTPKeyWithItsPassphrase(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKeyWithPassphrase(priv, "shelfsync test", []byte("open sesame"))
	if err != nil {
		t.Fatal(err)
	}
	clientKey, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	hostKey := sftpfake.NewHostKey(t)
	srv := sftpfake.Start(t, clientKey, hostKey)
	feedDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(feedDir, "inv.csv"), []byte("sku,qty\nA,4\nB,0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	if err := csvfeed.AcceptHostKey(dataDir, srv.Addr, hostKey.PublicKey()); err != nil {
		t.Fatal(err)
	}
	source := "csv:sftp://" + sftpfake.User + "@" + srv.Addr + feedDir + "/inv.csv"

	// Without the passphrase the key cannot be used, and the sentence says so.
	if code, out, errOut := run(t, dataDir, "connection", "add", "--name", "Locked", "--warehouse", source, "--warehouse-key-file", keyFile, "--store", "demo", "--no-schedule"); code != exitOK {
		t.Fatalf("add without the passphrase: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := run(t, dataDir, "sync", "--connection", "Locked", "--mode", "full"); code == exitOK || !strings.Contains(out+errOut, "enter the passphrase") {
		t.Fatalf("sync without the passphrase: exit %d\n%s%s; want a failure asking for it", code, out, errOut)
	}
	t.Setenv("SFTP_PASSPHRASE", "open sesame")
	code, out, errOut := run(t, dataDir, "connection", "add", "--name", "Feed", "--warehouse", source, "--warehouse-key-file", keyFile,
		"--warehouse-passphrase-env", "SFTP_PASSPHRASE", "--store", "demo", "--no-schedule")
	if code != exitOK {
		t.Fatalf("with the passphrase: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, dataDir, "sync", "--connection", "Feed", "--mode", "full")
	if code != exitOK || !strings.Contains(out, "read 2") {
		t.Fatalf("sync over SFTP with the encrypted key: exit %d\n%s%s", code, out, errOut)
	}
}
