package shopify

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/inventory"
)

// At every version the code claims, a Full Sync of a paged catalogue with
// a sale between read and write converges, with no query refused for its
// cost, none throttled, and every write carrying an idempotency key.
func TestAFullSyncConvergesAtEverySupportedVersion(t *testing.T) {
	for _, version := range SupportedAPIVersions {
		t.Run(version, func(t *testing.T) {
			w := newWorld(t, shopifyfake.Options{NoStaticToken: true}, Options{})
			w.fake.AddVariants("SKU", 1200)
			w.store = w.appStore(t, version, Options{})
			idx := w.readIndex(t)
			w.fake.BeforeWrite(func(call int) {
				if call == 1 {
					w.fake.SetAvailable("SKU-00001", 99)
				}
			})

			res := w.pushAll(t, pushesTo(idx, func(string) int { return 5 }))

			for _, r := range res.Results {
				if !r.OK {
					t.Fatalf("%s: %+v", r.SKU, r)
				}
			}
			if got := w.available(t, "SKU-00001"); got != 5 {
				t.Errorf("SKU-00001 holds %d after a sale during the sync, want 5", got)
			}
			st := w.fake.Stats()
			if st.MaxCostExceeded != 0 || st.Throttled != 0 {
				t.Errorf("refused for cost %d, throttled %d; want 0 and 0", st.MaxCostExceeded, st.Throttled)
			}
			if st.KeyedWrites != st.WriteCalls+st.IdempotentReplays || st.WriteCalls == 0 {
				t.Errorf("%d keyed writes of %d; want every write keyed", st.KeyedWrites, st.WriteCalls)
			}
			if len(w.store.Notices()) != 0 {
				t.Errorf("notices %q, want none", w.store.Notices())
			}
		})
	}
}

func TestShopifyAnsweringWithAnotherVersionIsNoticed(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{AnswerVersion: "2027-01"}, Options{})
	w.fake.AddVariant("A", 1)

	res, err := w.store.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	want := "Shopify is answering with API 2027-01 instead of " + w.store.version + ": update ShelfSync"
	if n := w.store.Notices(); len(n) != 1 || !strings.HasPrefix(n[0], want) {
		t.Errorf("notices %q, want one starting %q", n, want)
	}
	if !strings.Contains(res.Summary, want) {
		t.Errorf("Test connection says %q, want the notice in it", res.Summary)
	}
}

func TestAnAPIVersionTooOldForCompareAndSetIsReplacedWithANotice(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	ref := w.fake.AddVariant("A", 1)
	s := w.storeWith(t, Options{}, map[string]string{SettingAPIVersion: "2025-01"}, map[string]string{SecretToken: w.fake.Token()})
	w.store = s

	res := w.pushAll(t, []inventory.Push{{SKU: "A", Ref: ref, From: 1, FromKnown: true, To: 4}})

	if r := resultFor(t, res, "A"); !r.OK {
		t.Errorf("write at the replaced version: %+v", r)
	}
	if !strings.HasSuffix(s.endpoint, "/"+DefaultAPIVersion+"/graphql.json") {
		t.Errorf("endpoint %s, want version %s", s.endpoint, DefaultAPIVersion)
	}
	if n := s.Notices(); len(n) != 1 || !strings.Contains(n[0], "2025-01") {
		t.Errorf("notices %q, want one naming 2025-01", n)
	}
}

// The whole suite runs at each version the code claims, not only the
// default: this test runs the test binary again once per other version.
func TestTheSuitePassesAtEverySupportedVersion(t *testing.T) {
	if os.Getenv(suiteVersionEnv) != "" {
		t.Skip("already running at one version")
	}
	for _, version := range SupportedAPIVersions {
		if version == DefaultAPIVersion {
			continue // this run
		}
		cmd := exec.Command(os.Args[0], "-test.short", "-test.run", "^Test")
		cmd.Env = append(os.Environ(), suiteVersionEnv+"="+version)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("at API %s: %v\n%s", version, err, out)
		}
	}
}
