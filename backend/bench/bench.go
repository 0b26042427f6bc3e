// Package bench is `shelfsync bench`: it measures Full and Smart Sync
// through the real engine and SQLite on generated catalogues of 10,000 to
// 1,000,000 SKUs, in a local world (in-memory warehouse and store, no
// limits: our own overhead) and a rate-limited one (the Shopify fake with a
// 1,000-point bucket restoring 100 a second and 50 ms a request: time
// against the platform's floor). BENCHMARKS.md at the repository root
// holds the figures and what each means.
package bench

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"shelfsync/backend/cli"
)

// Register adds `shelfsync bench` to the command line; main calls it once.
func Register() {
	cli.Register("bench", "measure Full and Smart Sync at 10k to 1M SKUs", Main)
}

// Main runs the bench command and returns the exit code. The global data
// folder is not touched: every world gets a temporary one.
func Main(stdout, stderr io.Writer, _ string, args []string) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "10k,100k", "catalogue sizes, comma-separated (10k, 100k, 1m or a number)")
	worlds := fs.String("worlds", WorldLocal+","+WorldRateLimited, "worlds to run: local (our overhead), ratelimited (the Shopify fake's bucket and latency)")
	asJSON := fs.Bool("json", false, "print a JSON array with one object per case")
	quick := fs.Bool("quick", false, "run the 10k size only (what CI runs)")
	history := fs.Bool("history", false, "also project the database size after 30 days of hourly 1% Smart Syncs (local world)")
	trace := fs.Bool("trace", false, "print each run's phases (reading, planning, pushing, recording) with their times")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole bench to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile (allocations) at the end to this file")
	repeat := fs.Int("repeat", 1, "run the local world's cases this many times, each on a fresh database, and report each case's median and its runs' lowest and highest ratio to the floor")
	fs.Usage = func() {
		fmt.Fprintln(stdout, "Usage: shelfsync bench [--sizes 10k,100k,1m] [--worlds local,ratelimited] [--json] [--quick] [--history] [--repeat N]\n\nOptions:")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	o := Options{Log: stderr, History: *history, Trace: *trace, Repeat: *repeat}
	if *repeat < 1 {
		fmt.Fprintf(stderr, "shelfsync bench: --repeat %d: run the cases at least once. Run shelfsync bench --help.\n", *repeat)
		return 2
	}
	var err error
	if *quick {
		*sizes = "10k"
	}
	if o.Sizes, err = ParseSizes(*sizes); err != nil {
		fmt.Fprintf(stderr, "shelfsync bench: %v. Run shelfsync bench --help.\n", err)
		return 2
	}
	for _, w := range strings.Split(*worlds, ",") {
		if w = strings.TrimSpace(w); w != WorldLocal && w != WorldRateLimited {
			fmt.Fprintf(stderr, "shelfsync bench: there is no world %q; use local or ratelimited.\n", w)
			return 2
		}
		o.Worlds = append(o.Worlds, strings.TrimSpace(w))
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "shelfsync bench: cannot write the CPU profile: %v.\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "shelfsync bench: cannot start the CPU profile: %v.\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	results, growth, runErr := Run(ctx, o)
	if *memProfile != "" {
		if err := writeProfile(*memProfile); err != nil {
			fmt.Fprintf(stderr, "bench: the memory profile was not written: %v\n", err)
		}
	}
	if *asJSON {
		if results == nil {
			results = []Result{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintf(stderr, "bench: the results were not written: %v\n", err)
			return 1
		}
		for _, g := range growth {
			b, _ := json.Marshal(g) // numbers cannot fail to encode
			fmt.Fprintf(stderr, "history growth: %s\n", b)
		}
	} else {
		PrintTable(stdout, results)
		PrintGrowth(stdout, growth)
	}
	if runErr != nil {
		fmt.Fprintf(stderr, "shelfsync bench: %v.\n", runErr)
		return 1
	}
	return 0
}

// ParseSizes reads "10k,100k,1m" (or plain numbers).
func ParseSizes(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		p := strings.ToLower(strings.TrimSpace(part))
		mult := 1
		switch {
		case strings.HasSuffix(p, "k"):
			mult, p = 1000, strings.TrimSuffix(p, "k")
		case strings.HasSuffix(p, "m"):
			mult, p = 1000000, strings.TrimSuffix(p, "m")
		}
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a catalogue size; write it like 10k, 100k or 1m", part)
		}
		out = append(out, n*mult)
	}
	return out, nil
}

// PrintTable writes the results as an aligned table.
func PrintTable(w io.Writer, results []Result) {
	tw := tabwriter.NewWriter(w, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "world\tSKUs\tmode\tchanged\tpushed\twall ms\tfloor ms\tvs floor\tCPU ms\tfloor CPU ms\tCPU vs floor\tpeak RSS MB\treads\twrites\twrite floor\tthrottled\tDB MB\thistory rows\tupkeep ms\t")
	for _, r := range results {
		wall := fmt.Sprintf("%.1f", r.WallMs)
		if r.Clock == "virtual" {
			wall += "*"
		}
		floor, ratio := "-", "-"
		if r.FloorMs > 0 {
			floor = fmt.Sprintf("%.1f", r.FloorMs)
			ratio = fmt.Sprintf("%.2fx", r.FloorRatio) + spread(r.FloorRatios)
		}
		floorCPU, cpuRatio := "-", "-"
		if r.FloorCPUMs > 0 {
			floorCPU = fmt.Sprintf("%.0f", r.FloorCPUMs)
			cpuRatio = fmt.Sprintf("%.2fx", r.FloorCPURatio) + spread(r.FloorCPURatios)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%s\t%s\t%s\t%.0f\t%s\t%s\t%.1f\t%d\t%d\t%d\t%d\t%.1f\t%d\t%.0f\t\n",
			r.World, r.SKUs, r.Mode, r.Changed, r.Pushed, wall, floor, ratio, r.CPUMs, floorCPU, cpuRatio, mb(r.PeakRSSBytes),
			r.ReadCalls, r.WriteCalls, r.WriteCallsFloor, r.Throttled, mb(r.DBBytesAfter), r.HistoryRows, r.UpkeepMs)
	}
	tw.Flush()
	for _, r := range results {
		if r.Runs > 1 {
			fmt.Fprintf(w, "local world: each figure is the median of %d runs; the ratios' lowest-highest in brackets.\n", r.Runs)
			break
		}
	}
	for _, r := range results {
		if r.Clock == "virtual" {
			fmt.Fprintln(w, "* virtual time: the real time the run worked plus the request latency and the waits for the bucket and the bulk export, which a clock shared with the fake skips.")
			break
		}
	}
}

// PrintGrowth writes the history projections, if any.
func PrintGrowth(w io.Writer, growth []HistoryGrowth) {
	for _, g := range growth {
		verdict := "under"
		if g.ProjectedBytes >= 200<<20 {
			verdict = "over"
		}
		fmt.Fprintf(w, "History growth at %d SKUs: %.0f bytes per hourly Smart Sync of %d changes (measured over %d runs); after %d days with %d-day retention the database is %.1f MB, %s 200 MB.\n",
			g.SKUs, g.BytesPerRun, g.ChangedPerRun, g.RunsMeasured, g.Days, g.RetentionDays, mb(g.ProjectedBytes), verdict)
	}
}

// spread is " (lowest-highest)" of a repeated case's ratios, or nothing.
func spread(ratios []float64) string {
	if len(ratios) < 2 {
		return ""
	}
	return fmt.Sprintf(" (%.2f-%.2f)", slices.Min(ratios), slices.Max(ratios))
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func writeProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
