package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rawControl reports the first terminal control character (C0 but tab
// and newline, DEL, C1) or bidi override in out.
func rawControl(out string) (rune, bool) {
	for _, r := range out {
		switch {
		case r == '\t' || r == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return r, true
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return r, true
		}
	}
	return 0, false
}

// SKUs, names and warnings from a feed reach the terminal with their
// control characters escaped: an ESC sequence is shown, not obeyed, and a
// newline cannot forge a row of a table.
func TestTheCLIEscapesControlCharactersFromAFeed(t *testing.T) {
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty,name\n"+
		"\"A\x1b[2J\x1b[31m\",4,\"red\x1b]0;owned\x07\"\n"+
		"\"B\nFORGED  9  9\",5,b\n"+
		"\"C\u202egpj.exe\",6,\"\u009b31m\"\n"+
		"D,\"x\x1b[5m\",d\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Feed", "--warehouse", "csv:"+csvPath, "--store", "demo", "--no-schedule")

	var said strings.Builder
	for _, args := range [][]string{
		{"sync", "--connection", "Feed", "--preview"},
		{"sync", "--connection", "Feed", "--mode", "full"},
		{"inventory", "--connection", "Feed"},
		{"history", "--connection", "Feed"},
		{"history", "--connection", "Feed", "--run", "1"},
		{"connection", "list"},
	} {
		r := c.run(args...)
		said.WriteString(r.stdout + r.stderr)
		if ch, found := rawControl(r.stdout + r.stderr); found {
			t.Errorf("shelfsync %s printed the raw control character %U:\n%q", strings.Join(args, " "), ch, r.stdout+r.stderr)
		}
	}
	if !strings.Contains(said.String(), `\x1b[31m`) {
		t.Errorf("the escaped SKU is not shown as \\x1b[31m:\n%s", said.String())
	}
}

// A connection name with a newline, an ESC or a bidi override is refused
// with a sentence: it would forge rows or hide its true text.
func TestAConnectionNameWithControlCharactersIsRefused(t *testing.T) {
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,1\n", time.Now().Add(-time.Hour))
	for _, name := range []string{"Shop\nDemo  demo  demo", "Shop\x1b[2J", "Shop\u202egpj", "Shop\u2066x\u2069"} {
		r := c.run("connection", "add", "--name", name, "--warehouse", "csv:"+csvPath, "--store", "demo", "--no-schedule")
		if r.code == 0 {
			t.Errorf("the name %q was accepted", name)
			continue
		}
		if !strings.Contains(r.stderr, "name") {
			t.Errorf("refusing %q said %q; want a sentence about the name", name, r.stderr)
		}
		if _, found := rawControl(r.stderr); found {
			t.Errorf("refusing %q echoed it raw: %q", name, r.stderr)
		}
	}
	if out := c.ok("connection", "list", "--json"); strings.Contains(out, "Shop") {
		t.Errorf("a refused name was saved:\n%s", out)
	}
}
