package inventory

// BaselineState is what earlier runs of a connection left for a Smart Sync
// to build on.
type BaselineState struct {
	// HasBaseline says the store confirmed at least one quantity.
	HasBaseline bool
	// NeverFinished says no sync got as far as recording the store: a first
	// run killed mid-push leaves some baselines (the batches it confirmed)
	// but not the rest.
	NeverFinished bool
}

// ModeChoice is the mode a run uses, the one it was asked for, and why they
// differ.
type ModeChoice struct {
	Requested Mode
	Run       Mode
	// Reason explains a Run that differs from Requested.
	Reason string
}

// ChooseMode decides once whether a sync runs Smart or Full: Smart needs a
// baseline that a finished run recorded, otherwise it runs Full and says
// why. The engine decides before reading (the reads are those of the mode
// that runs) and hands the choice to the planner.
func ChooseMode(requested Mode, b BaselineState) ModeChoice {
	c := ModeChoice{Requested: requested, Run: requested}
	if requested != ModeSmart {
		return c
	}
	switch {
	case !b.HasBaseline:
		c.Run, c.Reason = ModeFull, ReasonNoBaseline
	case b.NeverFinished:
		c.Run, c.Reason = ModeFull, ReasonFirstUnfinished
	}
	return c
}
