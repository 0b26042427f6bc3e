package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// feed writes a CSV of n SKUs, the first zeroed of them at 0 and the rest
// at 5, stamped at.
func feed(t *testing.T, path string, n, zeroed int, at time.Time) {
	t.Helper()
	var b strings.Builder
	b.WriteString("sku,qty\n")
	for i := 0; i < n; i++ {
		q := 5
		if i < zeroed {
			q = 0
		}
		fmt.Fprintf(&b, "S%02d,%d\n", i, q)
	}
	writeCSV(t, path, b.String(), at)
}

// A feed that suddenly zeroes 40% of the SKUs is held: the CLI exits
// non-zero with the numbers and pushes nothing; --yes pushes; a raised limit
// (shelfsync rules --zero-limit) lets the same change through unasked.
func TestCLIHoldsARunThatZeroesTooManySKUsUntilConfirmed(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	feed(t, path, 25, 0, at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	if first := c.sync("Shop", "full"); first.Counts.Pushed != 25 {
		t.Fatalf("first Full pushed %d, want 25", first.Counts.Pushed)
	}

	feed(t, path, 25, 10, at.Add(time.Minute))
	held := c.run("sync", "--connection", "Shop")
	if held.code == 0 || !strings.Contains(held.stdout, "held") || !strings.Contains(held.stdout, "10 of 25 SKUs (40%) to zero") {
		t.Fatalf("sync exited %d:\n%s%s\nwant non-zero, held, with 10 of 25 (40%%)", held.code, held.stdout, held.stderr)
	}
	var runs []runJSON
	if err := json.Unmarshal([]byte(c.ok("history", "--connection", "Shop", "--json")), &runs); err != nil {
		t.Fatal(err)
	}
	if runs[0].Status != "held" || runs[0].Counts.Pushed != 0 {
		t.Fatalf("history's newest run = %s pushed %d, want held with nothing pushed", runs[0].Status, runs[0].Counts.Pushed)
	}

	yes := c.run("sync", "--connection", "Shop", "--yes", "--json")
	var confirmed runJSON
	if err := json.Unmarshal([]byte(yes.stdout), &confirmed); err != nil || yes.code != 0 || confirmed.Counts.Pushed != 10 {
		t.Fatalf("sync --yes exited %d pushing %d (%v), want the 10 zeroes pushed", yes.code, confirmed.Counts.Pushed, err)
	}

	c.ok("rules", "--connection", "Shop", "--zero-limit", "50")
	feed(t, path, 25, 20, at.Add(2*time.Minute)) // 10 more to zero: 40% again
	if raised := c.sync("Shop", "smart"); raised.Status != "succeeded" || raised.Counts.Pushed != 10 {
		t.Fatalf("with a 50%% limit the run = %s pushed %d (%s), want 10 pushed unasked", raised.Status, raised.Counts.Pushed, raised.Error)
	}
}

// A feed that lost 40% of its rows is held as a shrunken feed; the limit
// set with shelfsync rules --shrink-limit decides.
func TestCLIHoldsARunWhoseFeedShrankUntilTheLimitAllowsIt(t *testing.T) {
	c := newCLI(t)
	path := filepath.Join(t.TempDir(), "inventory.csv")
	at := time.Now().Add(-time.Hour)
	feed(t, path, 25, 0, at)
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+path, "--store", "demo", "--no-schedule")
	c.sync("Shop", "full")

	feed(t, path, 15, 0, at.Add(time.Minute))
	held := c.run("sync", "--connection", "Shop", "--json")
	var run runJSON
	_ = json.Unmarshal([]byte(held.stdout), &run)
	if held.code == 0 || run.Status != "held" || !strings.Contains(run.Error, "lists 15 SKUs, down from 25") || !strings.Contains(run.Error, "30% safety limit") {
		t.Fatalf("shrunken feed: exit %d, run %s: %q; want held, 15 down from 25 against 30%%", held.code, run.Status, run.Error)
	}

	out := c.ok("rules", "--connection", "Shop", "--shrink-limit", "50", "--json")
	var rules struct{ ZeroShareLimit, ShrinkLimit int }
	if err := json.Unmarshal([]byte(out), &rules); err != nil || rules.ShrinkLimit != 50 || rules.ZeroShareLimit != 20 {
		t.Fatalf("rules --json = %s (%v), want shrink 50 and the zero default 20", out, err)
	}
	if after := c.sync("Shop", "smart"); after.Status != "succeeded" {
		t.Fatalf("with a 50%% shrink limit the run = %s: %s", after.Status, after.Error)
	}
}

// shelfsync rules sets the quantity rules too, and refuses nonsense with a
// sentence.
func TestCLIRulesSetsQuantityRulesAndRefusesBadLimits(t *testing.T) {
	c := newCLI(t)
	c.ok("connection", "add", "--name", "Demo", "--warehouse", "demo", "--demo-skus", "5", "--store", "demo", "--no-schedule")
	out := c.ok("rules", "--connection", "Demo", "--buffer", "2", "--cap", "40", "--zero-below", "1")
	if !strings.Contains(out, "buffer 2, cap 40, 0 below 1") || !strings.Contains(out, "more than 20% of SKUs") {
		t.Fatalf("rules printed %q", out)
	}
	for _, args := range [][]string{
		{"--zero-limit", "101"}, {"--shrink-limit", "-5"}, {"--buffer", "-1"},
	} {
		r := c.run(append([]string{"rules", "--connection", "Demo"}, args...)...)
		if r.code == 0 || !strings.HasPrefix(r.stderr, "shelfsync: ") {
			t.Errorf("rules %v exited %d with %q, want a refusal in a sentence", args, r.code, r.stderr)
		}
	}
}
