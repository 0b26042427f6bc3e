package bench

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/connector/shopify"
	"shelfsync/backend/connector/shopify/shopifyfake"
	"shelfsync/backend/storage"
)

// World names.
const (
	WorldLocal       = "local"
	WorldRateLimited = "ratelimited"
)

// The rate-limited world's contract: Shopify's standard plan.
const (
	shopifyMaxBatch = shopify.MaxBatch
	bucketMax       = 1000.0 // points
	restoreRate     = 100.0  // points a second
	requestLatency  = 50 * time.Millisecond
	// writeCost is what the fake charges for one inventorySetQuantities
	// call (its documented cost model: any mutation 10).
	writeCost = 10
	// bulkReadRequests and bulkReadCost are the least a bulk export of the
	// catalogue takes on the fake: start it (10 points), two status polls
	// (the fake completes on the second, 1 point each), download the file
	// (not an API call, no points). The location lookup is left out: a
	// client may keep the location id.
	bulkReadRequests = 4
	bulkReadCost     = 12
	// pageCost is a full 250-variant page's cost on the fake (2 + 3 a node).
	pageCost = 2 + 3*250
	// pauseBetweenRuns is virtual time let pass between two syncs, as
	// between two scheduled runs: the bucket is full again when one starts.
	pauseBetweenRuns = time.Minute
)

// world is one catalogue and one store behind the real engine and SQLite.
type world struct {
	name  string
	n     int
	cat   *catalogue
	mem   *memStore         // local
	fake  *shopifyfake.Fake // rate-limited
	clock *simClock
}

// Open is engine.Connectors: the same warehouse every run, and a store
// built afresh each run as the app does (the Shopify connector's pacer
// starts knowing nothing).
func (w *world) Open(storage.Connection) (connector.Warehouse, connector.Store, error) {
	if w.fake == nil {
		return w.cat, w.mem, nil
	}
	st, err := shopify.NewWithOptions(connector.Config{
		Kind:     "shopify",
		Settings: map[string]string{shopify.SettingShop: w.fake.URL()},
		Secrets:  map[string]string{shopify.SecretToken: w.fake.Token()},
	}, shopify.Options{
		Now: w.clock.Now, Sleep: w.clock.Sleep,
		HTTP: shopifyHTTP(w.clock),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("open the bench's Shopify store: %w", err)
	}
	return w.cat, st, nil
}

// shopifyHTTP adds the world's request latency on the simulated clock, so
// a 100,000-SKU run costs no real minutes and the fake's bucket, on the
// same clock, restores during it exactly as it would in real time.
func shopifyHTTP(clock *simClock) (o httpx.Options) {
	o.Transport = latencyTransport{clock: clock, next: http.DefaultTransport.(*http.Transport).Clone()}
	return o
}

type latencyTransport struct {
	clock *simClock
	next  http.RoundTripper
}

func (t latencyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := t.clock.Sleep(r.Context(), requestLatency); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(r)
}

func newWorld(name string, n int, start time.Time) (*world, error) {
	// Generated quantities are stamped a day back, so a Smart Sync's
	// incremental read sees only what the bench changes afterwards.
	w := &world{name: name, n: n, cat: newCatalogue(n, start.Add(-24*time.Hour))}
	switch name {
	case WorldLocal:
		w.mem = newMemStore(n)
	case WorldRateLimited:
		// The shop's catalogue is made a day back too, as a shop's products
		// are older than its first sync: otherwise every inventory item
		// would answer the drift look's updated_at filter.
		w.clock = &simClock{offset: -24 * time.Hour}
		w.fake = shopifyfake.New(shopifyfake.Options{BucketMax: bucketMax, RestoreRate: restoreRate, Clock: w.clock})
		for i := range n {
			w.fake.AddVariant(skuName(i), storeQty(i))
		}
		w.clock.offset = 0
	default:
		return nil, fmt.Errorf("there is no bench world %q: use %s or %s", name, WorldLocal, WorldRateLimited)
	}
	return w, nil
}

func (w *world) close() {
	if w.fake != nil {
		w.fake.Close()
	}
}

// calls is the store-side request count so far: reads (every request that
// is not an inventory write), writes, and rate-limit answers.
func (w *world) calls() (reads, writes, throttled int) {
	if w.fake != nil {
		st := w.fake.Stats()
		return st.Requests - st.WriteCalls, st.WriteCalls, st.Throttled
	}
	r, wr := w.mem.counts()
	return r, wr, 0
}

// simClock is the rate-limited world's time: real time plus every wait the
// run slept (request latency, pacing for the bucket, bulk-export polls),
// which it skips at once. Real work passes on it as it would, so the fake's
// bucket restores while we compute, exactly as Shopify's would; the fake
// and the connector share it.
type simClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *simClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		c.mu.Lock()
		c.offset += d
		c.mu.Unlock()
	}
	return nil
}

// virtualNow is the world's simulated time, zero in the local world.
func (w *world) virtualNow() time.Time {
	if w.clock == nil {
		return time.Time{}
	}
	return w.clock.Now()
}

// pause lets virtual time pass between runs.
func (w *world) pause() {
	if w.clock != nil {
		_ = w.clock.Sleep(context.Background(), pauseBetweenRuns) // a background context is never done
	}
}

// storeQuantity is the store's quantity of a SKU, for the convergence check
// (local world only: the fake looks SKUs up one by one).
func (w *world) storeQuantity(sku string) (int, bool) {
	w.mem.mu.Lock()
	defer w.mem.mu.Unlock()
	q, ok := w.mem.qty[sku]
	return q, ok
}

// floor is the least time any client needs for a run that reads the store
// (full) and makes writes write calls, in the rate-limited world: every
// request takes the latency, one after another, and the points spent
// beyond a full bucket come back at the restore rate. It is a lower bound,
// not a schedule: a client cannot beat the larger of the two.
func floor(n, writes int, readsStore bool) time.Duration {
	reqs, cost := writes, writes*writeCost
	if readsStore {
		bulk := floorOf(reqs+bulkReadRequests, cost+bulkReadCost)
		pages := (n + 249) / 250
		paged := floorOf(reqs+pages, cost+pages*pageCost)
		return min(bulk, paged)
	}
	return floorOf(reqs, cost)
}

func floorOf(requests, cost int) time.Duration {
	byLatency := time.Duration(requests) * requestLatency
	byBucket := time.Duration(max(0, float64(cost)-bucketMax) / restoreRate * float64(time.Second))
	return max(byLatency, byBucket)
}
