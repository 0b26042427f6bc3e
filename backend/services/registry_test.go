package services

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/csvfeed"
	"shelfsync/backend/connector/csvfeed/sftpfake"
	"shelfsync/backend/inventory"
	"shelfsync/backend/types"
)

// A kind made up for these tests, registered here and nowhere else: the
// wizard, validation and Test connection must all know it from its
// description alone.
type crateWarehouse struct{ cfg connector.Config }

func (w crateWarehouse) ReadItems(context.Context, time.Time) (connector.WarehouseRead, error) {
	if w.cfg.Settings["crate"] == "leaky" {
		// A server that echoes the credential it was sent.
		return connector.WarehouseRead{}, fmt.Errorf("crate refused the key %q: %w", w.cfg.Secrets["crateKey"], connector.ErrUnauthorized)
	}
	return connector.WarehouseRead{Items: []inventory.WarehouseItem{{SKU: "CRATE-1", Qty: 2}}, Complete: true}, nil
}

func (w crateWarehouse) Test(context.Context) (connector.TestResult, error) {
	return connector.TestResult{Summary: "Opened crate " + w.cfg.Settings["crate"] + " with key " + w.cfg.Secrets["crateKey"][:2] + "…", Sample: []string{"CRATE-1"}, Count: 1}, nil
}

func init() {
	connector.Register(connector.Description{
		Kind: "crate", Side: connector.SideWarehouse, Label: "Crate warehouse",
		Fields: []connector.Field{
			{Key: "crate", Label: "Crate number", Required: true, Help: "Printed on the lid."},
			{Key: "crateKey", Label: "Crate key", Secret: true, Required: true},
		},
		OpenWarehouse: func(cfg connector.Config, _ connector.Env) (connector.Warehouse, error) {
			return crateWarehouse{cfg}, nil
		},
	})
}

func wizardKind(t *testing.T, w *world, side, kind string) types.Kind {
	t.Helper()
	kinds, err := w.conns.Kinds()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		if k.Side == side && k.Kind == kind {
			return k
		}
	}
	t.Fatalf("the wizard does not offer the %s kind %q: %+v", side, kind, kinds)
	return types.Kind{}
}

func TestAKindRegisteredOnlyInATestIsInTheWizardAndTestConnection(t *testing.T) {
	w := newWorld(t, false)
	k := wizardKind(t, w, "warehouse", "crate")
	always := types.FieldCondition{Prefixes: []string{}}
	want := []types.Field{
		{Key: "crate", Label: "Crate number", Help: "Printed on the lid.", Required: true, ShownWhen: always},
		{Key: "crateKey", Label: "Crate key", Secret: true, Required: true, ShownWhen: always},
	}
	if k.Label != "Crate warehouse" || !reflect.DeepEqual(k.Fields, want) {
		t.Fatalf("wizard kind = %+v, want its registered label and fields", k)
	}
	req := types.NewConnection{Name: "Crates", WarehouseKind: "crate", WarehouseSettings: map[string]string{"crate": "7"}, StoreKind: "demo"}
	if _, err := w.conns.Test(req); err == nil {
		t.Fatal("Test connection accepted a crate without its required key")
	}
	req.WarehouseSecrets = map[string]string{"crateKey": "k-secret"}
	report, err := w.conns.Test(req)
	if err != nil || !report.Warehouse.OK || report.Warehouse.Summary != "Opened crate 7 with key k-…" {
		t.Fatalf("Test connection = %+v, %v; want the crate's own test", report.Warehouse, err)
	}
	conn, err := w.conns.Create(req)
	if err != nil || conn.Warehouse.Label != "Crate warehouse" || len(conn.Warehouse.SecretsSet) != 1 || conn.Warehouse.Settings["crateKey"] != "" {
		t.Fatalf("Create = %+v, %v; want the key kept as a secret, not a setting", conn.Warehouse, err)
	}
}

func TestTheWizardTakesAnSFTPKeyPassphrase(t *testing.T) {
	w := newWorld(t, false)
	var passphrase *types.Field
	for _, f := range wizardKind(t, w, "warehouse", csvfeed.Kind).Fields {
		if f.Key == csvfeed.SecretPassphrase {
			passphrase = &f
		}
	}
	if passphrase == nil || !passphrase.Secret {
		t.Fatalf("the CSV feed's wizard fields have no secret passphrase field: %+v", passphrase)
	}

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
	if err := os.WriteFile(filepath.Join(feedDir, "inv.csv"), []byte("sku,qty\nA,4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := csvfeed.AcceptHostKey(w.core.opts.DataDir, srv.Addr, hostKey.PublicKey()); err != nil {
		t.Fatal(err)
	}
	req := types.NewConnection{Name: "Feed", StoreKind: "demo", WarehouseKind: csvfeed.Kind,
		WarehouseSettings: map[string]string{csvfeed.SettingSource: "sftp://" + sftpfake.User + "@" + srv.Addr + feedDir + "/inv.csv"},
		WarehouseSecrets:  map[string]string{csvfeed.SecretPrivateKey: string(pem.EncodeToMemory(block)), csvfeed.SecretPassphrase: "open sesame"},
	}
	report, err := w.conns.Test(req)
	if err != nil || !report.Warehouse.OK {
		t.Fatalf("Test connection with the encrypted key and its passphrase = %+v, %v", report.Warehouse, err)
	}
}

// The wizard and Edit connection draw each kind's read limits from its
// connector's description; a limit typed there is saved with the
// connection and read back, and one that is not a whole number within its bounds is
// refused with a sentence naming it.
func TestTheWindowOffersEachKindsReadLimitsAndSavesThem(t *testing.T) {
	w := newWorld(t, false)
	kinds, err := w.conns.Kinds()
	if err != nil {
		t.Fatal(err)
	}
	limits := map[string][]string{}
	for _, k := range kinds {
		for _, l := range k.Limits {
			if l.Default <= 0 || l.Unit == "" {
				t.Errorf("%s limit %s: default %d, unit %q", k.Kind, l.Key, l.Default, l.Unit)
			}
			limits[k.Kind] = append(limits[k.Kind], l.Key)
		}
	}
	if got := strings.Join(limits["csv"], ","); got != "maxRows,maxMB,maxLineKB" {
		t.Errorf("csv limits %q, want maxRows,maxMB,maxLineKB", got)
	}
	if got := strings.Join(limits["woocommerce"], ","); got != "maxPages,maxItems,maxMB" {
		t.Errorf("woocommerce limits %q, want maxPages,maxItems,maxMB", got)
	}

	feed := filepath.Join(t.TempDir(), "inv.csv")
	if err := os.WriteFile(feed, []byte("sku,qty\nA,1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	req := types.NewConnection{Name: "Big", WarehouseKind: "csv", WarehouseSettings: map[string]string{"source": feed, "maxRows": "5000000"}, StoreKind: "demo"}
	conn, err := w.conns.Create(req)
	if err != nil {
		t.Fatal(err)
	}
	if got := conn.Warehouse.Settings["maxRows"]; got != "5000000" {
		t.Errorf("saved maxRows %q, want 5000000", got)
	}
	req.WarehouseSettings["maxRows"] = "2e6"
	_, err = w.conns.Update(conn.ID, req)
	if err == nil || !strings.Contains(err.Error(), "read limit") || !strings.Contains(err.Error(), "maxRows") {
		t.Errorf("maxRows 2e6: err %v, want a sentence naming the read limit maxRows", err)
	}
}
