package services

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shelfsync/backend/types"
)

func TestEditingAConnectionFixesItsPathAndKeepsItsHistory(t *testing.T) {
	w := newWorld(t, false)
	dir := t.TempDir()
	feed := "sku,quantity\nA-1,5\nB-2,7\n"
	for _, name := range []string{"old.csv", "new.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(feed), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	req := types.NewConnection{Name: "Shop", WarehouseKind: "csv", WarehouseSettings: map[string]string{"source": filepath.Join(dir, "old.csv")}, StoreKind: "demo"}
	conn, err := w.conns.Create(req)
	if err != nil {
		t.Fatal(err)
	}
	w.sync.Start(conn.ID, "full")
	w.waitFinished(t, 1)
	if err := os.Remove(filepath.Join(dir, "old.csv")); err != nil {
		t.Fatal(err)
	}

	req.WarehouseSettings = map[string]string{"source": filepath.Join(dir, "new.csv")}
	report, err := w.conns.TestEdit(conn.ID, req)
	if err != nil || !report.Warehouse.OK {
		t.Fatalf("Test of the new path: %+v, %v", report.Warehouse, err)
	}
	got, err := w.conns.Update(conn.ID, req)
	if err != nil {
		t.Fatal(err)
	}
	if got.Warehouse.Settings["source"] != filepath.Join(dir, "new.csv") || got.Name != "Shop" || got.LastRun == nil {
		t.Fatalf("after the edit: %+v", got)
	}
	w.sync.Start(conn.ID, "smart")
	if run := w.waitFinished(t, 2); run.Status != "succeeded" {
		t.Fatalf("the sync after the edit: %s %s", run.Status, run.Error)
	}
	runs, _ := w.history.List(types.HistoryQuery{ConnectionID: conn.ID, Limit: 10})
	if len(runs) != 2 {
		t.Errorf("%d runs in the history after the edit, want both", len(runs))
	}

	req.StoreKind = "shopify"
	if _, err := w.conns.Update(conn.ID, req); err == nil || !strings.Contains(err.Error(), "keeps its warehouse and store kinds") {
		t.Errorf("changing the store kind: %v, want refused", err)
	}
}

func TestAnEditLeavingASecretBlankKeepsTheStoredOne(t *testing.T) {
	w := newWorld(t, false)
	req := types.NewConnection{Name: "Live", WarehouseKind: "demo", StoreKind: "shopify",
		StoreSettings: map[string]string{"shop": "acme.myshopify.com"}, StoreSecrets: map[string]string{"token": "shpat_old"}}
	conn, err := w.conns.Create(req)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := w.conns.load(conn.ID)
	req.StoreSecrets = map[string]string{"token": ""}
	full, err := w.conns.withStoredSecrets(stored, req)
	if err != nil || full.StoreSecrets["token"] != "shpat_old" {
		t.Fatalf("a blank token: %v, %v; want the stored one", full.StoreSecrets, err)
	}
	req.StoreSecrets = map[string]string{"token": "shpat_new"}
	if _, err := w.conns.Update(conn.ID, req); err != nil {
		t.Fatal(err)
	}
	stored, _ = w.conns.load(conn.ID)
	cfg, err := w.core.connectors.config(stored, sideStore)
	if err != nil || cfg.Secrets["token"] != "shpat_new" {
		t.Fatalf("after typing a new token the keyring holds %q (%v)", cfg.Secrets["token"], err)
	}
}
