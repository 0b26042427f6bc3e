package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/plain"
)

func throttleReport(max, avail, rate float64) *costInfo {
	return &costInfo{ThrottleStatus: &struct {
		MaximumAvailable   float64 `json:"maximumAvailable"`
		CurrentlyAvailable float64 `json:"currentlyAvailable"`
		RestoreRate        float64 `json:"restoreRate"`
	}{max, avail, rate}}
}

// A server claiming an absurd restore rate neither makes a sync wait for
// days (1e-6 points a second: 11.6 days for 1,000) nor spin (1e-10
// overflowed the wait into a negative duration).
func TestAbsurdRestoreRatesNeitherStallNorSpin(t *testing.T) {
	for _, rate := range []float64{1e-6, 1e-10, 0, -5, math.NaN(), math.Inf(1)} {
		clock := shopifyfake.NewVirtualClock(time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC))
		p := newPacer(DefaultMaxWait)
		p.observe(clock.Now(), "op", throttleReport(1000, 0, rate))
		sleeps := 0
		sleep := func(ctx context.Context, d time.Duration) error {
			sleeps++
			if d <= 0 {
				t.Fatalf("rate %g: asked to sleep %v", rate, d)
			}
			return clock.Sleep(ctx, d)
		}

		if err := p.wait(context.Background(), clock.Now, sleep, 1000); err != nil {
			t.Fatal(err)
		}

		if clock.Slept() > DefaultMaxWait || sleeps > 100 {
			t.Errorf("rate %g: waited %v in %d sleeps, want at most %v", rate, clock.Slept(), sleeps, DefaultMaxWait)
		}
	}
}

// A bulk export stuck in RUNNING is given up at the deadline with a
// sentence naming the step, not polled forever.
func TestABulkExportStuckRunningTimesOut(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{BulkPollsUntilDone: 1 << 30}, Options{BulkThreshold: 1, BulkTimeout: 20 * time.Minute})
	w.fake.AddVariants("X", 5)

	_, err := w.store.ReadIndex(context.Background())

	if !errors.Is(err, errBulkTimeout) || !errors.Is(err, connector.ErrUnavailable) || !strings.Contains(err.Error(), "step: wait for the catalogue export") {
		t.Fatalf("err = %v, want a bulk timeout naming the step", err)
	}
	if slept := w.clock.Slept(); slept < 20*time.Minute || slept > 21*time.Minute {
		t.Errorf("gave up after %v of waiting, want 20m", slept)
	}
}

// One huge line in a bulk export (4 GB in the report) is refused at the
// line cap without reading it into memory; a file past the total cap too.
func TestBulkExportLinesAndFilesAreCapped(t *testing.T) {
	huge := repeatByte('x', 5<<20)
	err := parseJSONL(bytes.NewReader(append([]byte(`{"sku":"`), huge...)), 1<<20, 1<<30, func(variantNode) {})
	if err == nil || !strings.Contains(err.Error(), "Line 1 of Shopify's export of the catalogue is longer than 1 MiB") {
		t.Errorf("a 5 MiB line: err = %v", err)
	}

	line := []byte(`{"id":"gid://shopify/ProductVariant/1","sku":"A"}` + "\n")
	file := bytes.Repeat(line, 1000)
	err = parseJSONL(bytes.NewReader(file), 1<<20, 10_000, func(variantNode) {})
	if err == nil || !strings.Contains(err.Error(), "larger than 10,000 bytes") {
		t.Errorf("a 51 KB file over a 10 KB cap: err = %v", err)
	}
	n := 0
	if err := parseJSONL(bytes.NewReader(file), 64, 1<<20, func(variantNode) { n++ }); err != nil || n != 1000 {
		t.Errorf("lines under the caps: %d read, err %v", n, err)
	}
}

func repeatByte(b byte, n int) []byte { return bytes.Repeat([]byte{b}, n) }

// A download that breaks off mid-line is said to have broken off, not
// read as a line of bad JSON.
func TestABulkDownloadCutShortIsNotBadJSON(t *testing.T) {
	cut := io.MultiReader(strings.NewReader(`{"sku":"A"}`+"\n"+`{"sku":"B","inventoryI`), iotest.ErrReader(context.DeadlineExceeded))
	err := parseJSONL(cut, 1<<20, 1<<30, func(variantNode) {})
	if !errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "JSON") {
		t.Errorf("err = %v, want the deadline on line 2", err)
	}
}

// An answer whose data has another shape names the field and both shapes
// in JSON's words, for a merchant; the decoder's own words stay for the log.
func TestAnAnswerOfAnotherShapeNamesTheFieldInJSONsWords(t *testing.T) {
	var located struct {
		Locations struct {
			Nodes []struct {
				ID       string `json:"id"`
				Quantity int    `json:"quantity"`
				Active   bool   `json:"isActive"`
			} `json:"nodes"`
		} `json:"locations"`
	}
	s := &Store{version: "2026-10"}
	for _, tc := range []struct{ data, says string }{
		{`{"locations":"closed"}`, `Shopify's answer had "locations" as a string where ShelfSync reads an object:`},
		{`{"locations":{"nodes":{}}}`, `Shopify's answer had "locations.nodes" as an object where ShelfSync reads an array:`},
		{`{"locations":{"nodes":[{"id":7}]}}`, `Shopify's answer had "locations.nodes.id" as a number where ShelfSync reads a string:`},
		{`{"locations":{"nodes":[{"quantity":1.5}]}}`, `Shopify's answer had "locations.nodes.quantity" as a number where ShelfSync reads a whole number:`},
		{`{"locations":{"nodes":[{"isActive":"yes"}]}}`, `Shopify's answer had "locations.nodes.isActive" as a string where ShelfSync reads true or false:`},
	} {
		err := json.Unmarshal([]byte(tc.data), &located)
		if err == nil {
			t.Fatalf("%s decoded", tc.data)
		}
		said := s.unreadableAnswer(err)
		if got := plain.Sentence(said); !strings.HasPrefix(got, tc.says) || !strings.Contains(got, "Admin API 2026-10") {
			t.Errorf("%s: the merchant reads %q, want it to start %q and name the API version", tc.data, got, tc.says)
		}
		if !strings.Contains(said.Error(), "cannot unmarshal") {
			t.Errorf("%s: the log loses the decoder's words: %q", tc.data, said.Error())
		}
	}
}
