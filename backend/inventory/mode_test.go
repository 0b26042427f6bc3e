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

func TestChooseModeRunsFullUntilAFinishedSyncLeftABaseline(t *testing.T) {
	cases := []struct {
		name      string
		requested Mode
		state     BaselineState
		want      Mode
		reason    string
	}{
		{"never synced", ModeSmart, BaselineState{}, ModeFull, ReasonNoBaseline},
		{"first sync cut off mid-push", ModeSmart, BaselineState{HasBaseline: true, NeverFinished: true}, ModeFull, ReasonFirstUnfinished},
		{"a finished sync behind it", ModeSmart, BaselineState{HasBaseline: true}, ModeSmart, ""},
		{"full is full", ModeFull, BaselineState{}, ModeFull, ""},
	}
	for _, c := range cases {
		got := ChooseMode(c.requested, c.state)
		if got.Requested != c.requested || got.Run != c.want || got.Reason != c.reason {
			t.Errorf("%s: ChooseMode = %+v, want run %s because %q", c.name, got, c.want, c.reason)
		}
	}
}
