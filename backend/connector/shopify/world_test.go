package shopify

import (
	"context"
	"os"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/inventory"
)

// world is a fake shop and a Store pointed at it, sharing a virtual clock so
// pacing, polling and backoff cost no real time.
type world struct {
	fake  *shopifyfake.Fake
	store *Store
	clock *shopifyfake.VirtualClock
}

func newWorld(t *testing.T, fo shopifyfake.Options, o Options) *world {
	t.Helper()
	clock := shopifyfake.NewVirtualClock(time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC))
	fo.Clock = clock
	f := shopifyfake.New(fo)
	t.Cleanup(f.Close)
	w := &world{fake: f, clock: clock}
	w.store = w.newStore(t, o)
	return w
}

// suiteVersionEnv, when set, is the API version the suite's stores ask
// for (TestTheSuitePassesAtEverySupportedVersion sets it); empty means
// DefaultAPIVersion.
const suiteVersionEnv = "SHELFSYNC_TEST_SHOPIFY_API_VERSION"

// newStore builds another Store on the world's shop and clock, with the
// legacy static token, at the suite's API version.
func (w *world) newStore(t *testing.T, o Options) *Store {
	t.Helper()
	return w.storeWith(t, o, map[string]string{SettingAPIVersion: os.Getenv(suiteVersionEnv)}, map[string]string{SecretToken: w.fake.Token()})
}

// appStore builds a Store that gets its tokens with the client
// credentials grant of a Dev Dashboard app, asking for API version.
func (w *world) appStore(t *testing.T, version string, o Options) *Store {
	t.Helper()
	return w.storeWith(t, o,
		map[string]string{SettingClientID: w.fake.ClientID(), SettingAPIVersion: version},
		map[string]string{SecretClientSecret: w.fake.ClientSecret()})
}

func (w *world) storeWith(t *testing.T, o Options, settings, secrets map[string]string) *Store {
	t.Helper()
	o.Now, o.Sleep = w.clock.Now, w.clock.Sleep
	settings[SettingShop] = w.fake.URL()
	s, err := NewWithOptions(connector.Config{Kind: "shopify", Settings: settings, Secrets: secrets}, o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (w *world) readIndex(t *testing.T) connector.StoreIndex {
	t.Helper()
	idx, err := w.store.ReadIndex(context.Background())
	if err != nil {
		t.Fatalf("ReadIndex: %v", err)
	}
	return idx
}

// pushesTo plans setting every indexed SKU to qty(sku), as the engine would
// from what it read.
func pushesTo(idx connector.StoreIndex, qty func(sku string) int) []inventory.Push {
	out := make([]inventory.Push, len(idx.Items))
	for i, it := range idx.Items {
		out[i] = inventory.Push{SKU: it.SKU, StoreSKU: it.SKU, Ref: it.Ref, From: it.Qty, FromKnown: true, To: qty(it.SKU), Why: inventory.ReasonFull}
	}
	return out
}

// pushAll pushes in batches of MaxBatch and gathers the results.
func (w *world) pushAll(t *testing.T, pushes []inventory.Push) connector.PushBatchResult {
	t.Helper()
	var all connector.PushBatchResult
	for start := 0; start < len(pushes); start += MaxBatch {
		res, err := w.store.Push(context.Background(), pushes[start:min(start+MaxBatch, len(pushes))], connector.PushMeta{RunID: 7, ConnectionID: 1})
		if err != nil {
			t.Fatalf("Push: %v", err)
		}
		all.Results = append(all.Results, res.Results...)
		all.APICalls += res.APICalls
		all.Throttled += res.Throttled
	}
	return all
}

func resultFor(t *testing.T, res connector.PushBatchResult, sku string) connector.PushResult {
	t.Helper()
	for _, r := range res.Results {
		if r.SKU == sku {
			return r
		}
	}
	t.Fatalf("no result for %s", sku)
	return connector.PushResult{}
}

func (w *world) available(t *testing.T, sku string) int {
	t.Helper()
	n, ok := w.fake.Available(sku)
	if !ok {
		t.Fatalf("fake has no stock record for %s", sku)
	}
	return n
}
