package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// attentionRun is the part of `sync --json` these tests read.
type attentionRun struct {
	Status string `json:"status"`
	Counts struct {
		Pushed          int `json:"pushed"`
		Unmapped        int `json:"unmapped"`
		MissingFromFeed int `json:"missingFromFeed"`
		ConflictingRows int `json:"conflictingRows"`
		InvalidQuantity int `json:"invalidQuantity"`
		Attention       int `json:"attention"`
	} `json:"counts"`
	Problems []string `json:"problems"`
	Items    []struct {
		SKU string `json:"sku"`
		To  int    `json:"to"`
	} `json:"items"`
}

func (c *cli) attentionSync() attentionRun {
	c.t.Helper()
	r := c.run("sync", "--connection", "Shop", "--json")
	var run attentionRun
	if err := json.Unmarshal([]byte(r.stdout), &run); err != nil {
		c.t.Fatalf("sync --json printed %q (stderr %q): %v", r.stdout, r.stderr, err)
	}
	return run
}

func (c *cli) states() map[string]string {
	c.t.Helper()
	var inv inventoryJSON
	if err := json.Unmarshal([]byte(c.ok("inventory", "--connection", "Shop", "--json")), &inv); err != nil {
		c.t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range inv.Items {
		out[it.SKU] = it.State
	}
	return out
}

// A feed that drops a SKU, lists one twice with different quantities, and
// garbles one's quantity: each gets its own state and count, none is
// "unmapped", none is pushed; a negative quantity publishes 0 with a warning.
func TestCLIRowsTheFeedDropsOrGarblesNeedAttention(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	feed(t, path, 25, 0, at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	if first := c.sync("Shop", "full"); first.Counts.Pushed != 25 {
		t.Fatalf("first Full pushed %d, want 25", first.Counts.Pushed)
	}

	var b strings.Builder
	b.WriteString("sku,qty\n")
	for i := 2; i < 25; i++ { // S00 and S01 are gone
		switch i {
		case 2:
			b.WriteString("S02,4\nS02,9\n") // conflicting rows
		case 3:
			b.WriteString("S03,lots\n") // not a number
		case 4:
			b.WriteString("S04,-3\n") // negative
		default:
			fmt.Fprintf(&b, "S%02d,5\n", i)
		}
	}
	writeCSV(t, path, b.String(), at.Add(time.Minute))
	run := c.attentionSync()
	cn := run.Counts
	if cn.MissingFromFeed != 2 || cn.ConflictingRows != 1 || cn.InvalidQuantity != 1 || cn.Attention != 4 || cn.Unmapped != 0 {
		t.Fatalf("counts %+v; want 2 missing, 1 conflicting, 1 invalid, 4 needing attention, 0 unmapped", cn)
	}
	if len(run.Items) != 1 || run.Items[0].SKU != "S04" || run.Items[0].To != 0 {
		t.Fatalf("pushed %+v; want only S04 set to 0", run.Items)
	}
	if !strings.Contains(strings.Join(run.Problems, "\n"), "S04") {
		t.Errorf("problems %q; want a warning about S04's negative quantity", run.Problems)
	}
	states := c.states()
	want := map[string]string{"S00": "missing_from_feed", "S01": "missing_from_feed", "S02": "conflicting_rows", "S03": "invalid_quantity", "S04": "in_sync", "S05": "in_sync"}
	for sku, state := range want {
		if states[sku] != state {
			t.Errorf("%s is %q, want %q", sku, states[sku], state)
		}
	}
	filtered := c.ok("inventory", "--connection", "Shop", "--state", "missing_from_feed")
	if !strings.Contains(filtered, "S00") || strings.Contains(filtered, "S02") {
		t.Errorf("inventory --state missing_from_feed:\n%s", filtered)
	}
	// One filter for every SKU that needs the merchant, whatever its problem.
	listed := c.skusInState("Shop", "attention")
	if strings.Join(listed, " ") != "S00 S01 S02 S03" {
		t.Errorf("inventory --state attention lists %v, want S00 S01 S02 S03", listed)
	}
	if text := c.run("sync", "--connection", "Shop"); !strings.Contains(text.stdout, "4 SKUs need attention") {
		t.Errorf("sync printed:\n%s\nwant it to say 4 SKUs need attention", text.stdout)
	}

	// The merchant's rule: SKUs missing from the warehouse are set to 0.
	c.ok("rules", "--connection", "Shop", "--missing", "zero")
	zeroed := c.attentionSync()
	if zeroed.Counts.MissingFromFeed != 2 || len(zeroed.Items) != 2 || zeroed.Items[0].SKU != "S00" || zeroed.Items[0].To != 0 {
		t.Fatalf("with missing SKUs set to 0: counts %+v pushed %+v; want S00 and S01 set to 0", zeroed.Counts, zeroed.Items)
	}

	feed(t, path, 25, 0, at.Add(2*time.Minute)) // the feed is whole again
	back := c.attentionSync()
	if back.Counts.Attention != 0 {
		t.Fatalf("after the feed recovered: counts %+v, want nothing needing attention", back.Counts)
	}
	for sku, state := range c.states() {
		if state != "in_sync" {
			t.Errorf("after the feed recovered %s is %q, want in_sync", sku, state)
		}
	}
}
