package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/services"
	"shelfsync/backend/types"
)

func runSync(e *env, args []string) int {
	fs := newFlags(e, "sync", "sync --connection NAME [--mode smart|full] [--preview] [--repair-drift] [--json] [--yes]")
	name := fs.String("connection", "", "the connection to sync (required)")
	mode := fs.String("mode", "smart", "smart (only what changed) or full (every SKU)")
	asJSON := fs.Bool("json", false, "print the run as one JSON object")
	yes := fs.Bool("yes", false, "go ahead even if the safety check would hold the run (many SKUs to zero, a shrunken feed)")
	preview := fs.Bool("preview", false, "only show what the sync would push; write nothing")
	repair := fs.Bool("repair-drift", false, "Repair drifted SKUs: a Smart Sync that sets back what the store changed, even where the connection only flags drift")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if _, err := inventory.ParseMode(*mode); err != nil {
		fmt.Fprintf(e.stderr, "shelfsync sync: --mode: %v.\n", err)
		return exitUsage
	}
	conn, code, ok := e.openConnection("sync", *name)
	if !ok {
		return code
	}
	defer e.close()
	if *preview {
		return printPreview(e, conn.Name, e.svc.Sync, conn.ID, *mode, *asJSON)
	}

	// Ctrl-C cancels the run, which is then recorded as cancelled.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var run types.Run
	var err error
	if *repair {
		run, err = e.svc.Foreground.Run(ctx, engine.Request{ConnectionID: conn.ID, Mode: inventory.ModeSmart, Trigger: types.TriggerCLI, Confirmed: *yes, RepairDrift: true})
	} else {
		var m inventory.Mode
		if m, err = inventory.ParseMode(*mode); err == nil {
			run, err = e.svc.Foreground.Run(ctx, engine.Request{ConnectionID: conn.ID, Mode: m, Trigger: types.TriggerCLI, Confirmed: *yes})
		}
	}
	if err != nil {
		return e.fail(exitRefused, err)
	}
	code = showRun(e, run, *asJSON)
	// Index the rows the run added or renamed now, so a later `inventory
	// --search` reads the index rather than matching them one by one.
	if err := e.core.CatchUpSearch(ctx); err != nil {
		fmt.Fprintf(e.stderr, "shelfsync sync: the run is recorded, but %s (searches still work, more slowly)\n", term(err.Error()))
	}
	return code
}

// showRun prints a finished run as JSON or text and gives its exit code:
// 0 only for a run that succeeded.
func showRun(e *env, run types.Run, asJSON bool) int {
	if asJSON {
		printJSON(e, run)
	} else {
		printRun(e, run)
	}
	if run.Status != types.RunSucceeded {
		return exitFailed
	}
	return exitOK
}

// runUndo previews the undo of a run, and with --yes runs it.
func runUndo(e *env, args []string) int {
	fs := newFlags(e, "undo", "undo --connection NAME --run ID [--yes] [--json]")
	name := fs.String("connection", "", "the connection (required)")
	runID := fs.Uint("run", 0, "the run to undo (see shelfsync history)")
	yes := fs.Bool("yes", false, "undo it; without --yes only show what would change")
	asJSON := fs.Bool("json", false, "print JSON: the preview, or with --yes the undo run")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if *runID == 0 {
		fmt.Fprintln(e.stderr, "shelfsync undo: --run ID is required; shelfsync history lists the runs.")
		return exitUsage
	}
	conn, code, ok := e.openConnection("undo", *name)
	if !ok {
		return code
	}
	defer e.close()
	target, err := e.svc.History.Get(uint(*runID))
	if err != nil || target.ConnectionID != conn.ID {
		return e.fail(exitRefused, fmt.Errorf("%s has no run %d; shelfsync history --connection %q lists its runs", conn.Name, *runID, conn.Name))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if !*yes {
		p, err := e.svc.Foreground.PreviewUndo(ctx, uint(*runID))
		if err != nil {
			return e.fail(exitFailed, err)
		}
		if *asJSON {
			return printJSON(e, p)
		}
		fmt.Fprintf(e.stdout, "Undo of run %d would set %d SKUs back to their quantity before it and leave %d alone (nothing was written; add --yes to undo):\n", p.RunID, len(p.Restore), len(p.Skipped))
		for _, it := range p.Restore {
			at := ""
			if it.Location != "" {
				at = " at " + term(it.Location)
			}
			fmt.Fprintf(e.stdout, "  %-24s %6d -> %d%s\n", term(it.SKU), it.From, it.To, at)
		}
		for _, s := range p.Skipped {
			fmt.Fprintln(e.stdout, "  left alone: "+term(s.Reason))
		}
		return exitOK
	}
	run, err := e.svc.Foreground.Run(ctx, engine.Request{ConnectionID: conn.ID, Mode: inventory.ModeUndo, Trigger: types.TriggerUndo, UndoRun: uint(*runID)})
	if err != nil {
		return e.fail(exitRefused, err)
	}
	return showRun(e, run, *asJSON)
}

// runTrack is "Turn on stock tracking for these" from the command line.
func runTrack(e *env, args []string) int {
	fs := newFlags(e, "track", "track --connection NAME [--json]")
	name := fs.String("connection", "", "the connection (required)")
	asJSON := fs.Bool("json", false, "print the sync that follows as one JSON object")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	conn, code, ok := e.openConnection("track", *name)
	if !ok {
		return code
	}
	defer e.close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	run, err := e.svc.Foreground.Run(ctx, engine.Request{ConnectionID: conn.ID, Mode: inventory.ModeSmart, Trigger: types.TriggerCLI, TurnOnTracking: true})
	if err != nil {
		return e.fail(exitRefused, err)
	}
	code = showRun(e, run, *asJSON)
	if run.Counts.NotTracked > 0 {
		return exitFailed // tracking stayed off for some: the command did not do what it says
	}
	return code
}

// printPreview shows what a sync would push without running it.
func printPreview(e *env, name string, svc *services.SyncService, id uint, mode string, asJSON bool) int {
	p, err := svc.Preview(id, mode)
	if err != nil {
		return e.fail(exitFailed, err)
	}
	if asJSON {
		return printJSON(e, p)
	}
	if p.Located {
		// Read counts SKUs; the writes count a SKU once per store location.
		fmt.Fprintf(e.stdout, "Preview of a %s sync of %s (nothing was written): %d %s read; would update %d %s (a SKU at one store location)\n",
			p.ModeRun, name, p.Counts.Read, pluralWord(p.Counts.Read, "SKU"), p.Counts.Pushed, pluralWord(p.Counts.Pushed, types.SKULocation))
	} else {
		fmt.Fprintf(e.stdout, "Preview of a %s sync of %s (nothing was written): would push %d of %d SKUs read\n", p.ModeRun, name, p.Counts.Pushed, p.Counts.Read)
	}
	if p.Reason != "" {
		fmt.Fprintln(e.stdout, "  "+p.Reason)
	}
	labels := make([]string, len(p.Items))
	width := 24
	for i, it := range p.Items {
		labels[i] = term(it.SKU)
		if it.Location != "" {
			labels[i] += " @ " + term(it.LocationName)
		}
		width = max(width, len([]rune(labels[i])))
	}
	for i, it := range p.Items {
		line := fmt.Sprintf("  %-*s %6s -> %d", width, labels[i], qty(it.From), it.To)
		if it.Bundle != "" {
			line += "   bundle, " + term(it.Bundle)
		}
		fmt.Fprintln(e.stdout, line)
	}
	if len(p.Items) < p.Counts.Pushed {
		fmt.Fprintf(e.stdout, "  (the first %d of %d shown)\n", len(p.Items), p.Counts.Pushed)
	}
	return exitOK
}

func printRun(e *env, r types.Run) {
	status := string(r.Status)
	if r.Status == "succeeded" && r.Warnings > 0 {
		status = fmt.Sprintf("succeeded with %d warning(s)", r.Warnings) // as the window says it
	}
	fmt.Fprintf(e.stdout, "Run %d of %s: %s %s sync %s in %s\n", r.RunID, term(r.Connection), r.Trigger, modeLabel(r), status, time.Duration(r.DurationMs)*time.Millisecond)
	if r.Reason != "" {
		fmt.Fprintln(e.stdout, "  "+term(r.Reason))
	}
	c := r.Counts
	if r.Located {
		// Read counts SKUs; the writes count a SKU once per store location.
		fmt.Fprintf(e.stdout, "  read %d %s, skipped %d, unmapped %d; wrote each SKU once per store location: changed %d, pushed %d, failed %d %ss; API calls %d\n",
			c.Read, pluralWord(c.Read, "SKU"), c.Skipped, c.Unmapped, c.Changed, c.Pushed, c.Failed, types.SKULocation, r.APICalls)
	} else {
		fmt.Fprintf(e.stdout, "  read %d, changed %d, pushed %d, failed %d, skipped %d, unmapped %d, API calls %d\n", c.Read, c.Changed, c.Pushed, c.Failed, c.Skipped, c.Unmapped, r.APICalls)
	}
	if c.Attention > 0 {
		fmt.Fprintf(e.stdout, "  %d SKUs need attention: %d missing from the feed, %d with conflicting rows, %d with an invalid quantity, %d not tracked in the store",
			c.Attention, c.MissingFromFeed, c.ConflictingRows, c.InvalidQuantity, c.NotTracked)
		if c.ComponentMissing > 0 {
			fmt.Fprintf(e.stdout, ", %d %s with a component missing", c.ComponentMissing, pluralWord(c.ComponentMissing, "bundle"))
		}
		fmt.Fprintln(e.stdout, " (shelfsync inventory --state missing_from_feed, …)")
	}
	if r.Error != "" {
		fmt.Fprintln(e.stdout, "  "+term(r.Error))
	}
	for _, p := range r.Problems {
		fmt.Fprintln(e.stdout, "  warning: "+term(p))
	}
	shown := 0
	for _, it := range r.Items {
		if it.Status == "failed" && shown < 20 {
			at := ""
			if it.Location != "" {
				at = " @ " + it.Location
			}
			fmt.Fprintf(e.stdout, "  failed %s%s: %s\n", term(it.SKU), term(at), term(it.Error))
			shown++
		}
	}
}

func runHistory(e *env, args []string) int {
	fs := newFlags(e, "history", "history --connection NAME [--limit N] [--run ID] [--json]")
	name := fs.String("connection", "", "the connection (required)")
	limit := fs.Int("limit", 20, "how many runs, newest first")
	runID := fs.Uint("run", 0, "show one run with its SKUs")
	status := fs.String("status", "", "only runs with this status: "+joinValues(finishedStatuses()))
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	conn, code, ok := e.openConnection("history", *name)
	if !ok {
		return code
	}
	defer e.close()
	history := e.svc.History
	if *runID > 0 {
		run, err := history.Get(uint(*runID))
		if err != nil {
			return e.fail(exitRefused, err)
		}
		if run.ConnectionID != conn.ID {
			return e.fail(exitRefused, fmt.Errorf("run %d belongs to another connection", *runID))
		}
		if *asJSON {
			return printJSON(e, run)
		}
		printRun(e, run)
		for _, it := range run.Items {
			from := "?"
			if it.From != nil {
				from = strconv.Itoa(*it.From)
			}
			note := term(it.Error)
			if it.Expected != nil {
				note = strings.TrimSpace(fmt.Sprintf("(the store had changed it from %d to %s itself; overwritten) %s", *it.Expected, from, note))
			}
			sku := it.SKU
			if it.Location != "" {
				sku += " @ " + it.Location
			}
			fmt.Fprintf(e.stdout, "  %-24s %6s -> %-6d %s %s\n", term(sku), from, it.To, it.Status, note)
		}
		return exitOK
	}
	runs, err := history.List(types.HistoryQuery{ConnectionID: conn.ID, Limit: *limit, Status: types.RunStatus(*status)})
	if err != nil {
		return e.fail(exitFailed, err)
	}
	if *asJSON {
		return printJSON(e, runs)
	}
	if len(runs) == 0 {
		fmt.Fprintf(e.stdout, "%s has no runs yet. Run one with: shelfsync sync --connection %q\n", term(conn.Name), conn.Name)
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tSTARTED\tTRIGGER\tMODE\tSTATUS\tPUSHED\tFAILED\tREAD\tAPI CALLS")
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", r.RunID, r.StartedAt.Local().Format("2006-01-02 15:04:05"), r.Trigger, modeLabel(r), r.Status, r.Writes(r.Counts.Pushed), r.Counts.Failed, r.Counts.Read, r.APICalls)
	}
	tw.Flush()
	return exitOK
}

func modeLabel(r types.Run) string {
	if r.ModeRequested != r.ModeRun {
		return fmt.Sprintf("%s (asked %s)", r.ModeRun, r.ModeRequested)
	}
	return string(r.ModeRun)
}

func runInventory(e *env, args []string) int {
	fs := newFlags(e, "inventory", "inventory --connection NAME [--state STATE] [--search TEXT] [--location LOCATION] [--json]")
	name := fs.String("connection", "", "the connection (required)")
	location := fs.String("location", "", "on a connection with a location map, each SKU's quantities and state at this store location (see shelfsync locations)")
	stateFilters := joinValues(types.ItemStates) + ", or " + string(types.StateGroupAttention) + " (every SKU that needs you: " + joinValues(types.AttentionStates) + ")"
	state := fs.String("state", "", "only SKUs in this state: "+stateFilters)
	search := fs.String("search", "", "only SKUs whose SKU or name contains this")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	q := types.InventoryQuery{Search: *search, Limit: 1000, Location: *location}
	switch {
	case *state == "":
	case types.StateGroup(*state).States() != nil:
		q.Group = types.StateGroup(*state)
	case slices.Contains(types.ItemStates, types.ItemState(*state)):
		q.State = types.ItemState(*state)
	default:
		fmt.Fprintf(e.stderr, "shelfsync inventory: --state must be one of %s, not %q.\n", stateFilters, *state)
		return exitUsage
	}
	conn, code, ok := e.openConnection("inventory", *name)
	if !ok {
		return code
	}
	defer e.close()
	inv := e.svc.Inventory
	var items []types.InventoryItem
	q.ConnectionID = conn.ID
	for {
		page, err := inv.Page(q)
		if err != nil {
			return e.fail(exitFailed, err)
		}
		items = append(items, page.Items...)
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	if *asJSON {
		return printJSON(e, struct {
			Connection string                `json:"connection"`
			Items      []types.InventoryItem `json:"items"`
		}{conn.Name, nonNilItems(items)})
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SKU\tNAME\tWAREHOUSE\tPUBLISHED\tSTORE\tSTATE\tSTORE CHANGED ITSELF\tBY LOCATION")
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", term(it.SKU), term(it.Name), qty(it.WarehouseQty), qty(it.PublishedQty), qty(it.StoreQty), strings.ReplaceAll(string(it.State), "_", " "), seenAgo(it.StoreSeenAt), term(byLocation(it)))
	}
	tw.Flush()
	return exitOK
}

// byLocation is a SKU's published quantity at each store location, on a
// connection with a location map ("shop 5, popup 3").
func byLocation(it types.InventoryItem) string {
	parts := make([]string, 0, len(it.Locations))
	for _, l := range it.Locations {
		parts = append(parts, l.Location+" "+qty(l.PublishedQty))
	}
	return strings.Join(parts, ", ")
}

// seenAgo says when ShelfSync saw the store change a quantity by itself.
func seenAgo(at *time.Time) string {
	if at == nil {
		return ""
	}
	switch d := time.Since(*at).Round(time.Minute); {
	case d < time.Minute:
		return "seen just now"
	case d < time.Hour:
		return fmt.Sprintf("seen %d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("seen %d h ago", int(d.Hours()))
	default:
		return "seen " + at.Local().Format("2006-01-02 15:04")
	}
}

func nonNilItems(items []types.InventoryItem) []types.InventoryItem {
	if items == nil {
		return []types.InventoryItem{}
	}
	return items
}

func qty(q *int) string {
	if q == nil {
		return "-"
	}
	return strconv.Itoa(*q)
}

func runSchedule(e *env, args []string) int {
	fs := newFlags(e, "schedule", "schedule --connection NAME [--every 60m] [--enable|--disable] [--auto-mode smart|full]")
	name := fs.String("connection", "", "the connection (required)")
	every := fs.Duration("every", 0, "interval between automatic syncs, at least 5m (e.g. 30m, 2h)")
	enable := fs.Bool("enable", false, "turn automatic sync on")
	disable := fs.Bool("disable", false, "turn automatic sync off")
	autoMode := fs.String("auto-mode", "", "mode of automatic syncs: smart (default) or full")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if *enable && *disable {
		fmt.Fprintln(e.stderr, "shelfsync schedule: choose --enable or --disable, not both.")
		return exitUsage
	}
	if *every != 0 && (*every%time.Minute != 0) {
		fmt.Fprintln(e.stderr, "shelfsync schedule: --every must be whole minutes, e.g. 30m or 2h.")
		return exitUsage
	}
	conn, code, ok := e.openConnection("schedule", *name)
	if !ok {
		return code
	}
	defer e.close()
	svc := e.svc.Connections
	in := types.ScheduleInput{Enabled: conn.Schedule.Enabled, IntervalMinutes: conn.Schedule.IntervalMinutes, AutoMode: conn.Schedule.AutoMode}
	changed := false
	if *every != 0 {
		in.IntervalMinutes, changed = int(*every/time.Minute), true
	}
	if *enable || *disable {
		in.Enabled, changed = *enable, true
	}
	if *autoMode != "" {
		in.AutoMode, changed = types.Mode(*autoMode), true
	}
	sched := conn.Schedule
	if changed {
		var err error
		if sched, err = svc.SetSchedule(conn.ID, in); err != nil {
			return e.fail(exitUsage, err)
		}
	}
	if *asJSON {
		return printJSON(e, sched)
	}
	if !sched.Enabled {
		fmt.Fprintf(e.stdout, "%s: automatic sync is off.\n", term(conn.Name))
	} else {
		fmt.Fprintf(e.stdout, "%s: %s Sync every %d minutes while ShelfSync runs.\n", term(conn.Name), modeTitle(sched.AutoMode), sched.IntervalMinutes)
	}
	return exitOK
}

// joinValues lists named values for a flag's help: "a, b, c".
func joinValues[T ~string](values []T) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}

// finishedStatuses are the statuses a run in the history can have.
func finishedStatuses() []types.RunStatus {
	return slices.DeleteFunc(slices.Clone(types.RunStatuses), func(s types.RunStatus) bool { return s == types.RunRunning })
}

// modeTitle is a mode as the start of a sentence: "Smart", "Full".
func modeTitle(m types.Mode) string {
	if m == "" {
		return ""
	}
	return strings.ToUpper(string(m[:1])) + string(m[1:])
}
