package services

import (
	"strings"
	"testing"
	"unicode"

	"shelfsync/backend/types"
)

// Every method the window can call takes what JavaScript sends: ids that
// are gone, strings of any length, numbers out of range. Each must answer
// with an error that reads as a sentence (never a panic, never a silent
// success), and leave the data as it was.
func TestEveryBoundMethodRefusesBadInputWithASentence(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	id, gone := conn.ID, uint(999999)
	huge := strings.Repeat("x", 100_000)
	cases := []struct {
		name string
		call func() error
	}{
		{"Get of a deleted connection", func() error { _, err := w.conns.Get(gone); return err }},
		{"Get of id 0", func() error { _, err := w.conns.Get(0); return err }},
		{"ByName empty", func() error { _, err := w.conns.ByName(""); return err }},
		{"ByName huge", func() error { _, err := w.conns.ByName(huge); return err }},
		{"Test with nothing filled in", func() error { _, err := w.conns.Test(types.NewConnection{}); return err }},
		{"Create with no name", func() error { c := demoPair(""); _, err := w.conns.Create(c); return err }},
		{"Create with a blank name", func() error { c := demoPair("   "); _, err := w.conns.Create(c); return err }},
		{"Create with a huge name", func() error { _, err := w.conns.Create(demoPair(huge)); return err }},
		{"Create with a name taken", func() error { _, err := w.conns.Create(demoPair("Shop")); return err }},
		{"Create with an unknown warehouse", func() error {
			c := demoPair("X")
			c.WarehouseKind = "fax"
			_, err := w.conns.Create(c)
			return err
		}},
		{"Create with an unknown store", func() error {
			c := demoPair("X")
			c.StoreKind = "<script>"
			_, err := w.conns.Create(c)
			return err
		}},
		{"TrustHostKey empty", func() error { return w.conns.TrustHostKey("") }},
		{"TrustHostKey never shown", func() error { return w.conns.TrustHostKey("SHA256:nope") }},
		{"Rename a deleted connection", func() error { _, err := w.conns.Rename(gone, "New"); return err }},
		{"Rename to blank", func() error { _, err := w.conns.Rename(id, " \t"); return err }},
		{"Delete a deleted connection", func() error { return w.conns.Delete(gone) }},
		{"SetSchedule of a deleted connection", func() error {
			_, err := w.conns.SetSchedule(gone, types.ScheduleInput{Enabled: true, IntervalMinutes: 60, AutoMode: "smart"})
			return err
		}},
		{"SetSchedule below the minimum", func() error {
			_, err := w.conns.SetSchedule(id, types.ScheduleInput{Enabled: true, IntervalMinutes: 1, AutoMode: "smart"})
			return err
		}},
		{"SetSchedule negative", func() error {
			_, err := w.conns.SetSchedule(id, types.ScheduleInput{Enabled: true, IntervalMinutes: -60, AutoMode: "smart"})
			return err
		}},
		{"SetSchedule unknown mode", func() error {
			_, err := w.conns.SetSchedule(id, types.ScheduleInput{Enabled: true, IntervalMinutes: 60, AutoMode: "turbo"})
			return err
		}},
		{"SetRules of a deleted connection", func() error { _, err := w.conns.SetRules(gone, types.Rules{}); return err }},
		{"SetRules negative buffer", func() error { _, err := w.conns.SetRules(id, types.Rules{Buffer: -1}); return err }},
		{"PreviewRules of a deleted connection", func() error { _, err := w.conns.PreviewRules(gone, types.Rules{}); return err }},
		{"ImportMapping of a deleted connection", func() error { _, err := w.conns.ImportMapping(gone, "a,b\n"); return err }},
		{"ImportMapping of garbage", func() error { _, err := w.conns.ImportMapping(id, "\x00\x01\"unclosed"); return err }},
		{"SetRetention negative", func() error { _, err := w.conns.SetRetention(id, -1); return err }},
		{"SetRetention of a deleted connection", func() error { _, err := w.conns.SetRetention(gone, 30); return err }},
		{"SetSafetyLimits above 100%", func() error { _, err := w.conns.SetSafetyLimits(id, 101, 0); return err }},
		{"SetSafetyLimits negative", func() error { _, err := w.conns.SetSafetyLimits(id, 0, -1); return err }},
		{"SetSafetyLimits of a deleted connection", func() error { _, err := w.conns.SetSafetyLimits(gone, 20, 30); return err }},
		{"History.Get of a run that does not exist", func() error { _, err := w.history.Get(gone); return err }},
		{"History.ExportCSV of a run that does not exist", func() error { _, err := w.history.ExportCSV(gone); return err }},
		{"Inventory.Page sorted by a column that does not exist", func() error {
			_, err := w.inv.Page(types.InventoryQuery{ConnectionID: id, SortBy: "password"})
			return err
		}},
		{"Inventory.Page with a forged cursor", func() error {
			_, err := w.inv.Page(types.InventoryQuery{ConnectionID: id, After: "not-a-cursor"})
			return err
		}},
		{"Sync.Start of a deleted connection", func() error { _, err := w.sync.Start(gone, "smart"); return err }},
		{"Sync.Start with an unknown mode", func() error { _, err := w.sync.Start(id, "sideways"); return err }},
		{"Sync.StartConfirmed with an unknown mode", func() error { _, err := w.sync.StartConfirmed(id, ""); return err }},
		{"Sync.Cancel when nothing runs", func() error { return w.sync.Cancel(gone) }},
		{"Sync.Preview of a deleted connection", func() error { _, err := w.sync.Preview(gone, "smart"); return err }},
		{"Sync.Preview with an unknown mode", func() error { _, err := w.sync.Preview(id, "x"); return err }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			if err == nil {
				t.Fatal("accepted; want an error")
			}
			msg := err.Error()
			if msg == "" || len(msg) > 600 || strings.Contains(msg, huge[:200]) {
				t.Fatalf("error %q is not a short sentence", msg)
			}
			if r := []rune(msg)[0]; !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '"' && r != '\'' && r != '-' {
				t.Fatalf("error %q does not start like a sentence", msg)
			}
		})
	}
	if got, err := w.conns.List(); err != nil || len(got) != 1 || got[0].Name != "Shop" {
		t.Fatalf("after the bad calls the connections are %+v (%v), want Shop alone", got, err)
	}
}
