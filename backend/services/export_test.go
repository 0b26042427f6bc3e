package services

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shelfsync/backend/types"
)

// SKUs from a feed that a spreadsheet would run as formulas come out of
// the History CSV export as text.
func TestTheHistoryExportNeutralisesSpreadsheetFormulas(t *testing.T) {
	w := newWorld(t, false)
	feed := filepath.Join(t.TempDir(), "inv.csv")
	body := "sku,qty\n" +
		`"=HYPERLINK(""http://evil.example/"",""click"")",1` + "\n" +
		`"+SUM(1)|' /C calc'!A0",2` + "\n" +
		"@SUM(1),3\n" +
		"-2+3,4\n" +
		"PLAIN-1,5\n"
	if err := os.WriteFile(feed, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	conn, err := w.conns.Create(types.NewConnection{Name: "Feed", WarehouseKind: "csv", WarehouseSettings: map[string]string{"source": feed}, StoreKind: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	runID, err := w.sync.Start(conn.ID, "full")
	if err != nil {
		t.Fatal(err)
	}
	if run := w.waitFinished(t, 1); run.Counts.Pushed != 5 {
		t.Fatalf("run %+v, want 5 pushed", run)
	}
	text, err := w.history.ExportCSV(runID)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	skus := 0
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("a cell a spreadsheet would evaluate: %q", cell)
			}
		}
		if strings.HasPrefix(row[0], "'") || row[0] == "PLAIN-1" {
			skus++
		}
	}
	if skus != 5 {
		t.Errorf("%d of 5 SKUs exported as text:\n%s", skus, text)
	}
}

func TestTheHistoryExportNamesEachProductAndItsRun(t *testing.T) {
	w := newWorld(t, false)
	feed := filepath.Join(t.TempDir(), "inv.csv")
	if err := os.WriteFile(feed, []byte("sku,name,qty\nMUG-1,Blue mug,3\nMUG-2,Red mug,4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conn, err := w.conns.Create(types.NewConnection{Name: "Feed", WarehouseKind: "csv", WarehouseSettings: map[string]string{"source": feed}, StoreKind: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	runID, _ := w.sync.Start(conn.ID, "full")
	run := w.waitFinished(t, 1)
	text, err := w.history.ExportCSV(runID)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	started := run.StartedAt.Local().Format("2006-01-02 15:04:05")
	want := [][]string{
		{"sku", "product", "from", "to", "status", "error", "run", "run started"},
		{"MUG-1", "Blue mug", "", "3", "ok", "", "1", started},
		{"MUG-2", "Red mug", "", "4", "ok", "", "1", started},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("export:\n%q\nwant\n%q", rows, want)
	}
}
