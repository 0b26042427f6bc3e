package inventory

import "testing"

func TestParseModeReadsModesAsPeopleTypeThem(t *testing.T) {
	for in, want := range map[string]Mode{"smart": ModeSmart, " Full ": ModeFull, "SMART": ModeSmart} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "sideways", "fast"} {
		if _, err := ParseMode(in); err == nil {
			t.Errorf("ParseMode(%q) accepted; want a sentence saying smart or full", in)
		}
	}
}
