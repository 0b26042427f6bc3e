package bench

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"
)

// The quick bench is what CI runs so the bench cannot rot: it must finish,
// print well-formed JSON and count exactly. No figure of time is checked.
func TestQuickBenchReportsEveryCaseWithExactCallCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("the quick bench syncs 10,000 SKUs six times")
	}
	var stdout, stderr bytes.Buffer
	if code := Main(&stdout, &stderr, "", []string{"--quick", "--json"}); code != 0 {
		t.Fatalf("bench exited %d: %s", code, stderr.String())
	}

	var raw []map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &raw); err != nil {
		t.Fatalf("the JSON does not parse: %v\n%s", err, stdout.String())
	}
	fields := []string{"world", "skus", "changed", "mode", "wallMs", "floorMs", "cpuMs", "peakRssBytes", "readCalls",
		"writeCalls", "writeCallsFloor", "throttled", "dbBytesAfter", "historyRows"}
	for i, obj := range raw {
		for _, f := range fields {
			if _, ok := obj[f]; !ok {
				t.Errorf("case %d has no %q", i, f)
			}
		}
	}
	var results []Result
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		t.Fatal(err)
	}

	type want struct {
		world, mode     string
		changed, pushed int
		historyRows     int64
	}
	wants := []want{
		{WorldLocal, "full", 10000, 10000, 10000},
		{WorldLocal, "smart", 100, 100, 10100},
		{WorldLocal, "smart", 1000, 1000, 11100},
		{WorldRateLimited, "full", 10000, 10000, 10000},
		{WorldRateLimited, "smart", 100, 100, 10100},
		{WorldRateLimited, "smart", 1000, 1000, 11100},
	}
	if len(results) != len(wants) {
		t.Fatalf("got %d cases, want %d", len(results), len(wants))
	}
	for i, w := range wants {
		r := results[i]
		if r.World != w.world || r.Mode != w.mode || r.SKUs != 10000 || r.Changed != w.changed || r.Pushed != w.pushed || r.HistoryRows != w.historyRows {
			t.Errorf("case %d = %s %s skus %d changed %d pushed %d history %d, want %s %s 10000 %d %d %d",
				i, r.World, r.Mode, r.SKUs, r.Changed, r.Pushed, r.HistoryRows, w.world, w.mode, w.changed, w.pushed, w.historyRows)
		}
		if floorCalls := (r.Pushed + 249) / 250; r.WriteCalls != floorCalls || r.WriteCallsFloor != floorCalls {
			t.Errorf("case %d wrote in %d calls (floor reported %d), want exactly ceil(%d/250) = %d", i, r.WriteCalls, r.WriteCallsFloor, r.Pushed, floorCalls)
		}
		if r.Throttled != 0 {
			t.Errorf("case %d met %d rate-limit answers; the connector must pace itself under the bucket", i, r.Throttled)
		}
		if r.DBBytesAfter <= 0 {
			t.Errorf("case %d reports a database of %d bytes", i, r.DBBytesAfter)
		}
		switch r.World {
		case WorldRateLimited:
			if r.Clock != "virtual" || r.FloorMs <= 0 {
				t.Errorf("case %d: rate-limited clock %q floor %v, want virtual and a floor", i, r.Clock, r.FloorMs)
			}
		case WorldLocal:
			if r.Clock != "real" || r.FloorMs <= 0 || r.FloorRatio <= 0 {
				t.Errorf("case %d: local clock %q floor %v ratio %v, want real and a measured floor", i, r.Clock, r.FloorMs, r.FloorRatio)
			}
		}
	}
	// A Smart Sync never reads the store's catalogue: it writes by the ids
	// the Full Sync stored. The Full Sync reads it once, by bulk export.
	// What a Smart Sync does read is its drift look: the location lookup
	// and one page of the stock levels changed since its last look less
	// the 10-minute overlap; here those are the 10,000 levels the Full
	// Sync wrote a moment before, and the rest of them come by one bulk
	// export (start, two status polls, download), not page after page
	// (see BENCHMARKS.md: the cost of the look after a Full Sync).
	const driftLookReads = 1 + 1 + 4
	for _, r := range results[4:] {
		if r.ReadCalls > driftLookReads {
			t.Errorf("rate-limited Smart Sync (%d changed) made %d read calls, want at most %d: the location, one page of changed levels, one bulk export of the rest", r.Changed, r.ReadCalls, driftLookReads)
		}
	}
}

func TestFloorIsTheLargerOfLatencyAndBucket(t *testing.T) {
	cases := []struct {
		name       string
		n, writes  int
		readsStore bool
		want       time.Duration
	}{
		// 400 writes x 10 points + a 12-point bulk export, less the full
		// bucket, at 100 points a second; beats 404 requests x 50 ms.
		{"full 100k", 100_000, 400, true, 30120 * time.Millisecond},
		// 40 writes fit the bucket: 44 requests x 50 ms.
		{"full 10k", 10_000, 40, true, 2200 * time.Millisecond},
		// One page (752 points, one request) is cheaper than a bulk export.
		{"full 200", 200, 1, true, 100 * time.Millisecond},
		{"smart 1k", 100_000, 4, false, 200 * time.Millisecond},
	}
	for _, c := range cases {
		if got := floor(c.n, c.writes, c.readsStore); got != c.want {
			t.Errorf("%s: floor %v, want %v", c.name, got, c.want)
		}
	}
}

func TestParseSizesReadsSuffixes(t *testing.T) {
	got, err := ParseSizes("10k, 100K,1m,2500")
	if err != nil {
		t.Fatal(err)
	}
	want := []int{10_000, 100_000, 1_000_000, 2500}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	for _, bad := range []string{"", "ten", "-5k", "1g"} {
		if _, err := ParseSizes(bad); err == nil {
			t.Errorf("ParseSizes(%q) accepted it", bad)
		}
	}
}

// --repeat runs the local cases several times and reports each case once,
// with the median ratio and every run's; the rate-limited world runs once.
func TestRepeatReportsEachLocalCaseOnceWithEveryRunsRatio(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main(&stdout, &stderr, "", []string{"--sizes", "300", "--worlds", "local", "--repeat", "3", "--json"}); code != 0 {
		t.Fatalf("bench exited %d: %s", code, stderr.String())
	}
	var results []Result
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		t.Fatalf("the JSON does not parse: %v\n%s", err, stdout.String())
	}
	if len(results) != len(cases) {
		t.Fatalf("got %d cases, want %d: one per case however many runs", len(results), len(cases))
	}
	for i, r := range results {
		if r.Runs != 3 || len(r.FloorRatios) != 3 || len(r.FloorCPURatios) != 3 {
			t.Errorf("case %d: runs %d, %d wall ratios, %d CPU ratios; want 3 of each", i, r.Runs, len(r.FloorRatios), len(r.FloorCPURatios))
			continue
		}
		if want := round2(median(r.FloorRatios)); r.FloorRatio != want {
			t.Errorf("case %d: ratio %v, want the median of %v = %v", i, r.FloorRatio, r.FloorRatios, want)
		}
		if want := round2(median(r.FloorCPURatios)); r.FloorCPURatio != want {
			t.Errorf("case %d: CPU ratio %v, want the median of %v = %v", i, r.FloorCPURatio, r.FloorCPURatios, want)
		}
		// Every run starts from an empty database: a second Full into the
		// first one's rows would not be a first sync.
		if r.Pushed != r.Changed || r.HistoryRows != int64([]int{300, 303, 333}[i]) {
			t.Errorf("case %d: pushed %d of %d changed, history %d", i, r.Pushed, r.Changed, r.HistoryRows)
		}
	}
	if code := Main(&stdout, &stderr, "", []string{"--repeat", "0"}); code != 2 {
		t.Errorf("--repeat 0 exited %d, want 2", code)
	}
}

func TestMedianOfOddAndEvenRuns(t *testing.T) {
	for _, c := range []struct {
		v    []float64
		want float64
	}{
		{[]float64{1.4, 1.1, 1.2}, 1.2},
		{[]float64{1.4, 1.0, 1.2, 1.1}, 1.15},
		{[]float64{2}, 2},
	} {
		if got := median(c.v); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("median(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}
