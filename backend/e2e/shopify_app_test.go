package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector/shopify/shopifyfake"
)

// syncRun is what `sync --json` prints, as far as these tests read it.
type syncRun struct {
	RunID   uint   `json:"runId"`
	Status  string `json:"status"`
	ModeRun string `json:"modeRun"`
	Error   string `json:"error"`
	Counts  struct {
		Pushed int `json:"pushed"`
		Failed int `json:"failed"`
	} `json:"counts"`
	Problems []string `json:"problems"`
}

func (c *cli) syncJSON(t *testing.T, name, mode string) (syncRun, result) {
	t.Helper()
	r := c.run("sync", "--connection", name, "--mode", mode, "--json")
	var run syncRun
	if err := json.Unmarshal([]byte(r.stdout), &run); err != nil {
		t.Fatalf("sync %s printed no run (exit %d): %s %s", mode, r.code, r.stdout, r.stderr)
	}
	return run, r
}

// writeSKUs writes a CSV of n SKUs named like the fake's (SKU-00001…),
// quantity (i+shift)%40, and returns its path.
func writeSKUs(t *testing.T, path string, n, shift int, mtime time.Time) {
	t.Helper()
	var b strings.Builder
	b.WriteString("sku,qty\n")
	for i := range n {
		fmt.Fprintf(&b, "SKU-%05d,%d\n", i+1, (i+shift)%40)
	}
	writeCSV(t, path, b.String(), mtime)
}

// A merchant connecting a Dev Dashboard app: tokens from the client
// credentials grant, living 2 seconds here, renewed across runs several
// lifetimes apart; the client secret and every token stay out of the
// database, its WAL, the logs and what the CLI prints.
func TestShopifyAppCredentialsThroughTheBinary(t *testing.T) {
	shop := shopifyfake.New(shopifyfake.Options{TokenLifetime: 2 * time.Second, NoStaticToken: true, ClientSecret: "shpss_KNOWN_CLIENT_SECRET_42"})
	defer shop.Close()
	shop.AddVariants("SKU", 300)
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeSKUs(t, csvPath, 300, 1, time.Now().Add(-time.Hour))

	var said bytes.Buffer
	record := func(r result) { said.WriteString(r.stdout + r.stderr) }
	t.Setenv("SHOP_SECRET", shop.ClientSecret())
	record(c.run("connection", "add", "--name", "App", "--warehouse", "csv:"+csvPath, "--store", "shopify", "--store-url", shop.URL(),
		"--store-client-id", shop.ClientID(), "--store-client-secret-env", "SHOP_SECRET", "--no-schedule", "--json"))
	for i, mode := range []string{"full", "smart", "smart"} {
		if i > 0 {
			time.Sleep(5 * time.Second) // more than two token lifetimes
			writeSKUs(t, csvPath, 300, 1+i, time.Now())
		}
		run, r := c.syncJSON(t, "App", mode)
		record(r)
		if run.Status != "succeeded" || run.Counts.Pushed == 0 {
			t.Fatalf("%s sync %d: %s (%s), pushed %d", mode, i+1, run.Status, run.Error, run.Counts.Pushed)
		}
	}
	record(c.run("connection", "add", "--name", "Wrong", "--warehouse", "csv:"+csvPath, "--store", "shopify", "--store-url", shop.URL(),
		"--store-client-id", shop.ClientID(), "--store-client-secret", "shpss_not_the_secret", "--no-schedule"))
	c.expect(t, 1, "Shopify refused the app's client ID and secret: copy both again from the app's Settings in the Shopify Dev Dashboard", "sync", "--connection", "Wrong", "--mode", "full", "--json")
	record(c.run("history", "--connection", "App", "--json"))
	record(c.run("connection", "list", "--json"))

	st := shop.Stats()
	t.Logf("FIGURES app credentials: 3 runs and one with a wrong secret, %d token requests, %d refused, %d requests with an expired token, %d 401s", st.TokenRequests, st.TokensRefused, st.ExpiredTokenUses, st.Unauthorized)
	if st.TokenRequests < 4 || st.TokensRefused != 1 {
		t.Errorf("token requests %d (refused %d), want one per run at least, one refused (the wrong secret, asked once)", st.TokenRequests, st.TokensRefused)
	}
	secrets := append([]string{shop.ClientSecret()}, shop.IssuedTokens()...)
	for _, s := range secrets {
		if strings.Contains(said.String(), s) {
			t.Errorf("the CLI printed %.12s…", s)
		}
	}
	err := filepath.WalkDir(c.dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, s := range secrets {
			if i == 0 && d.Name() == "secrets.json" {
				continue // the keyring's file fallback: where the secret belongs
			}
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %.12s…", d.Name(), s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Full then Smart against a fake serving API 2026-10 with the 1,000-point
// cap and objects in lists counted: paged (1,200 SKUs) and bulk (5,000),
// then with a 200-point bucket. Nothing is refused for its cost, nothing
// throttled, every write carries an idempotency key, and the page size
// chosen for the small bucket is in the run's details.
func TestShopifyCostSafeSyncsThroughTheBinary(t *testing.T) {
	for _, tc := range []struct {
		name      string
		skus      int
		bucketMax float64
		wantPage  int
	}{
		{"paged 1,200", 1200, 1000, 249},
		{"bulk 5,000", 5000, 1000, 0},
		{"paged 1,200, 200-point bucket", 1200, 200, 49},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shop := shopifyfake.New(shopifyfake.Options{BucketMax: tc.bucketMax, RestoreRate: 1000, NoStaticToken: true})
			defer shop.Close()
			shop.AddVariants("SKU", tc.skus)
			c := newCLI(t)
			csvPath := filepath.Join(t.TempDir(), "inv.csv")
			writeSKUs(t, csvPath, tc.skus, 1, time.Now().Add(-time.Hour))
			c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+csvPath, "--store", "shopify", "--store-url", shop.URL(),
				"--store-client-id", shop.ClientID(), "--store-client-secret", shop.ClientSecret(), "--no-schedule")

			start := time.Now()
			full, _ := c.syncJSON(t, "Shop", "full")
			writeSKUs(t, csvPath, tc.skus, 2, time.Now()) // every SKU moves by one
			smart, _ := c.syncJSON(t, "Shop", "smart")
			took := time.Since(start)

			for _, run := range []syncRun{full, smart} {
				if run.Status != "succeeded" || run.Counts.Failed != 0 {
					t.Fatalf("%s run: %s (%s), failed %d", run.ModeRun, run.Status, run.Error, run.Counts.Failed)
				}
			}
			st := shop.Stats()
			t.Logf("FIGURES %s: Full pushed %d, Smart pushed %d; refused for cost %d, THROTTLED %d, dearest query %d points, page sizes %v, writes %d (%d keyed, %d replays), bulk runs %d, token requests %d, %.1f s; problems %q",
				tc.name, full.Counts.Pushed, smart.Counts.Pushed, st.MaxCostExceeded, st.Throttled, st.MaxCostSeen, st.PageSizes, st.WriteCalls, st.KeyedWrites, st.IdempotentReplays, st.BulkRuns, st.TokenRequests, took.Seconds(), full.Problems)
			if st.MaxCostExceeded != 0 || st.Throttled != 0 {
				t.Errorf("refused for cost %d, throttled %d; want 0 and 0", st.MaxCostExceeded, st.Throttled)
			}
			if st.WriteCalls == 0 || st.KeyedWrites != st.WriteCalls+st.IdempotentReplays {
				t.Errorf("%d writes, %d with an idempotency key; want all", st.WriteCalls, st.KeyedWrites)
			}
			if smart.Counts.Pushed != tc.skus {
				t.Errorf("Smart pushed %d, want %d", smart.Counts.Pushed, tc.skus)
			}
			if tc.wantPage == 0 {
				if st.BulkRuns == 0 || len(st.PageSizes) != 0 {
					t.Errorf("bulk runs %d, pages %v; want the bulk read only", st.BulkRuns, st.PageSizes)
				}
				return
			}
			if len(st.PageSizes) != 1 || st.PageSizes[tc.wantPage] == 0 {
				t.Errorf("page sizes %v, want all %d", st.PageSizes, tc.wantPage)
			}
			if tc.bucketMax < 1000 && !strings.Contains(strings.Join(full.Problems, " "), fmt.Sprintf("%d variants a request", tc.wantPage)) {
				t.Errorf("the run's details %q do not give the page size %d", full.Problems, tc.wantPage)
			}
		})
	}
}
