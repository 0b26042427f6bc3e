// Package shopifyfake is test support: an in-process fake of the Shopify
// Admin GraphQL API, close enough to the contract in
// shared/reference/api-contracts.md §1 for the connector, the benchmarks and
// the reliability tests to run against it. It listens on 127.0.0.1 only.
//
// It recognises operations by their root fields (productVariants,
// productVariantsCount, locations, location, inventoryItems, nodes, node, shop, bulkOperation, currentBulkOperation,
// bulkOperationRunQuery, inventorySetQuantities, inventoryItemUpdate,
// currentAppInstallation)
// rather than executing GraphQL,
// always answers with the full shape of each object whatever the selection,
// and takes arguments from variables only (except the bulk query's
// locationId, read from the query string). Variables are validated strictly.
// An inventory item's aliased inventoryLevel(locationId:) fields (how one
// query reads several locations) are answered under their aliases, in
// pages and bulk exports alike.
//
// Cost model: Shopify's published rule read conservatively (cost.go): 1 per
// object field, an object inside a list included; a connection 2 plus its
// first argument times one node (actual: per returned node); nodes(ids:)
// its length times one node; any mutation 10. A request over 1,000 points
// is refused with MAX_COST_EXCEEDED, one the bucket cannot afford with
// THROTTLED. A variants page of 250 with item, level and quantities costs
// 2 + 250 x 4 = 1,002 here.
//
// Versions (Options.OldestVersion..NewestVersion) fall forward like
// Shopify's and are named in X-Shopify-API-Version. From 2026-04
// inventorySetQuantities takes no compareQuantity or ignoreCompareQuantity,
// needs changeFromQuantity on every quantity and an @idempotent(key:)
// directive; a key seen before answers the first call's result. Tokens come
// from a static legacy token or the client credentials grant (auth.go),
// whose tokens expire.
package shopifyfake

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Clock gives the fake its notion of time, for the cost bucket.
type Clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// VirtualClock is a clock whose Sleep returns at once and moves time on, so
// a connector pacing itself against the fake's bucket can be tested without
// waiting. Share one between the fake (Options.Clock) and the connector.
type VirtualClock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
}

// NewVirtualClock starts a virtual clock at start.
func NewVirtualClock(start time.Time) *VirtualClock { return &VirtualClock{t: start} }

// Now is the virtual time.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Sleep moves the virtual time on by d, unless ctx has ended.
func (c *VirtualClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		c.mu.Lock()
		c.t = c.t.Add(d)
		c.slept += d
		c.mu.Unlock()
	}
	return nil
}

// Slept is the total virtual time spent in Sleep.
func (c *VirtualClock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

// Location is a Shopify location.
type Location struct {
	ID                   int64
	Name                 string
	Active               bool
	FulfillsOnlineOrders bool
}

// Options configure a Fake. Zero values take the defaults noted.
type Options struct {
	// Token is the legacy admin-app access token the fake accepts (default
	// "shpat_test"), unless NoStaticToken.
	Token         string
	NoStaticToken bool
	// ClientID and ClientSecret are the Dev Dashboard app's credentials the
	// client credentials grant takes (defaults "fake-client-id" and
	// "fake-client-secret"); TokenLifetime is how long the tokens it issues
	// last (default DefaultTokenLifetime). ShopNotPermitted refuses the
	// grant as Shopify does for a shop the app's organisation does not own.
	ClientID, ClientSecret string
	TokenLifetime          time.Duration
	ShopNotPermitted       bool
	// Scopes granted to the app (default DefaultScopes). ReadOnlyToken
	// removes write_inventory: mutations answer ACCESS_DENIED.
	Scopes        []string
	ReadOnlyToken bool
	// OldestVersion and NewestVersion bound the API versions served
	// (defaults "2026-01" and "2027-01", as on 2 December 2026): an older
	// version asked for is served by the oldest one (Shopify's fall
	// forward), a newer one is not found. AnswerVersion, when set, serves
	// every request with that version whatever was asked. The version
	// served is in every answer's X-Shopify-API-Version header.
	OldestVersion, NewestVersion, AnswerVersion string
	// BucketMax and RestoreRate shape the cost bucket (defaults 1000, 100/s).
	BucketMax, RestoreRate float64
	// MaxQueryCost is the single-query cap (default 1,000, Shopify's);
	// tests lower it to play a Shopify that prices a query dearer than
	// the client reckoned.
	MaxQueryCost int
	// Clock drives the bucket's restore (default real time).
	Clock Clock
	// Latency is slept (really) at the start of every request.
	Latency time.Duration
	// ThrottleWith429 answers THROTTLED with HTTP 429 instead of 200.
	ThrottleWith429 bool
	// Locations (default: one active, online-fulfilling "Main warehouse"
	// with id 1). New variants are stocked at the first active one.
	Locations []Location
	// BulkPollsUntilDone is how many status polls see a bulk operation
	// RUNNING before it is COMPLETED (default 1).
	BulkPollsUntilDone int
	// BulkFilePause is slept (really) before each line of a bulk file is
	// sent, to play a large file on a slow link.
	BulkFilePause time.Duration
}

// Fault is a failure the fake can be told to answer with.
type Fault int

const (
	FaultNone          Fault = iota
	FaultHTTP500             // HTTP 500 with an HTML body
	FaultHTTP503             // HTTP 503
	FaultHTTP429             // HTTP 429 with Retry-After: 1
	FaultHTTP423             // HTTP 423 Locked (shop locked)
	FaultMalformedJSON       // HTTP 200 with a truncated JSON body
	FaultThrottled           // HTTP 200 THROTTLED whatever the bucket holds
	FaultInternalError       // HTTP 200 with errors[].extensions.code INTERNAL_SERVER_ERROR
	FaultLostAnswer          // the request is carried out, then answered HTTP 502
)

// Stats count what the fake has served.
type Stats struct {
	Requests      int // every HTTP request, bulk downloads included
	ReadCalls     int // GraphQL queries answered with data
	WriteCalls    int // inventorySetQuantities calls validated (applied or not)
	AppliedWrites int // inventorySetQuantities calls that changed stock
	Throttled     int // THROTTLED answers, bucket or injected
	BulkRuns      int // bulk operations started
	BulkDownloads int
	LevelPages    int // location(id:) { inventoryLevels } pages served
	Unauthorized  int
	MaxCostSeen   int // highest requested cost of one request
	// MaxCostExceeded counts requests refused for a requested cost over
	// the single-query cap (1,000).
	MaxCostExceeded int
	// TokenRequests counts client credentials grants asked for,
	// TokensRefused those refused, ExpiredTokenUses requests made with an
	// expired token.
	TokenRequests, TokensRefused, ExpiredTokenUses int
	// KeyedWrites counts inventorySetQuantities calls carrying an
	// @idempotent key; IdempotentReplays those answered from an earlier
	// call with the same key instead of being applied again.
	KeyedWrites, IdempotentReplays int
	// ItemUpdates counts inventoryItemUpdate calls applied.
	ItemUpdates int
	// PageSizes counts productVariants pages by their first argument.
	PageSizes map[int]int
}

// Fake is a running fake shop.
type Fake struct {
	opts Options
	srv  *httptest.Server

	mu        sync.Mutex
	variants  []*variant // in id order
	byItem    map[int64]*variant
	nextID    int64
	locations []Location
	// entriesWritten and mostEntries count the quantity entries of the
	// inventorySetQuantities calls validated (QuantitiesWritten).
	entriesWritten, mostEntries int
	faults                      []Fault
	bucket                      bucket
	stats                       Stats
	bulkOps                     []*bulkOp
	nextBulkEnd                 BulkEnd
	groupSeq                    int64
	// beforeWrite runs, without the lock, at the start of every
	// inventorySetQuantities call; tests use it to make a sale between the
	// connector's read and its write.
	beforeWrite func(call int)
	writeCalls  int
	tokens      map[string]issued
	// idempotent remembers each @idempotent key's request and answer.
	idempotent map[string]keyedWrite
}

type variant struct {
	id       int64 // the variant's and the inventory item's numeric id
	sku      string
	title    string
	tracked  bool
	bundle   bool // NON_MUTABLE_INVENTORY_ITEM
	levels   map[int64]*level
	itemTime time.Time
}

type level struct {
	available, committed int
	createdAt, updatedAt time.Time
}

// New starts a fake on 127.0.0.1. Close it when done.
func New(opts Options) *Fake {
	if opts.Token == "" {
		opts.Token = "shpat_test"
	}
	if opts.ClientID == "" {
		opts.ClientID = "fake-client-id"
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = "fake-client-secret"
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = DefaultTokenLifetime
	}
	if opts.Scopes == nil {
		opts.Scopes = append([]string(nil), DefaultScopes...)
	}
	if opts.ReadOnlyToken {
		kept := opts.Scopes[:0:0]
		for _, s := range opts.Scopes {
			if s != "write_inventory" {
				kept = append(kept, s)
			}
		}
		opts.Scopes = kept
	}
	if opts.OldestVersion == "" {
		opts.OldestVersion = "2026-01"
	}
	if opts.NewestVersion == "" {
		opts.NewestVersion = "2027-01"
	}
	if opts.BucketMax <= 0 {
		opts.BucketMax = 1000
	}
	if opts.RestoreRate <= 0 {
		opts.RestoreRate = 100
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.MaxQueryCost <= 0 {
		opts.MaxQueryCost = maxSingleQueryCost
	}
	if len(opts.Locations) == 0 {
		opts.Locations = []Location{{ID: 1, Name: "Main warehouse", Active: true, FulfillsOnlineOrders: true}}
	}
	if opts.BulkPollsUntilDone <= 0 {
		opts.BulkPollsUntilDone = 1
	}
	f := &Fake{
		opts:       opts,
		byItem:     map[int64]*variant{},
		nextID:     1000,
		locations:  append([]Location(nil), opts.Locations...),
		bucket:     bucket{max: opts.BucketMax, rate: opts.RestoreRate, avail: opts.BucketMax, at: opts.Clock.Now()},
		tokens:     map[string]issued{},
		idempotent: map[string]keyedWrite{},
		stats:      Stats{PageSizes: map[int]int{}},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/admin/api/{version}/graphql.json", f.serveGraphQL)
	mux.HandleFunc("GET /bulk/{file}", f.serveBulkFile)
	mux.HandleFunc("/admin/oauth/access_token", f.serveAccessToken)
	f.srv = httptest.NewServer(f.countRequests(mux))
	return f
}

// URL is the shop's base address, e.g. http://127.0.0.1:34567; the
// connector's "shop" setting takes it as is.
func (f *Fake) URL() string { return f.srv.URL }

// Token is the legacy access token the fake accepts.
func (f *Fake) Token() string { return f.opts.Token }

// ClientID and ClientSecret are the app credentials the grant accepts.
func (f *Fake) ClientID() string     { return f.opts.ClientID }
func (f *Fake) ClientSecret() string { return f.opts.ClientSecret }

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

func (f *Fake) countRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.opts.Latency > 0 {
			time.Sleep(f.opts.Latency)
		}
		f.mu.Lock()
		f.stats.Requests++
		f.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// AddVariant adds a product variant with its inventory item, stocked at the
// first active location with the given available quantity, and returns the
// inventory item gid.
func (f *Fake) AddVariant(sku string, available int) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.addLocked(sku, available)
}

// AddVariants adds n variants named prefix-00001… with available i%50, and
// returns their SKUs.
func (f *Fake) AddVariants(prefix string, n int) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	skus := make([]string, n)
	for i := range n {
		skus[i] = fmt.Sprintf("%s-%05d", prefix, i+1)
		f.addLocked(skus[i], i%50)
	}
	return skus
}

func (f *Fake) addLocked(sku string, available int) string {
	f.nextID++
	now := f.opts.Clock.Now()
	v := &variant{id: f.nextID, sku: sku, title: "Product " + sku, tracked: true, levels: map[int64]*level{}, itemTime: now}
	if loc, ok := f.firstActiveLocked(); ok {
		v.levels[loc.ID] = &level{available: available, createdAt: now, updatedAt: now}
	}
	f.variants = append(f.variants, v)
	f.byItem[v.id] = v
	return ItemGID(v.id)
}

func (f *Fake) firstActiveLocked() (Location, bool) {
	for _, l := range f.locations {
		if l.Active {
			return l, true
		}
	}
	return Location{}, false
}

// ItemGID is the inventory item gid for a numeric id.
func ItemGID(id int64) string { return "gid://shopify/InventoryItem/" + strconv.FormatInt(id, 10) }

// LocationGID is the location gid for a numeric id.
func LocationGID(id int64) string { return "gid://shopify/Location/" + strconv.FormatInt(id, 10) }

func variantGID(id int64) string { return "gid://shopify/ProductVariant/" + strconv.FormatInt(id, 10) }

// SetAvailable sets the available quantity of every variant with sku at the
// first active location, as a sale or a hand edit in the Shopify admin would.
func (f *Fake) SetAvailable(sku string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	loc, _ := f.firstActiveLocked()
	for _, v := range f.variants {
		if v.sku == sku {
			if l := v.levels[loc.ID]; l != nil {
				l.available = n
				l.updatedAt = f.opts.Clock.Now()
			}
		}
	}
}

// Available is the available quantity of the first variant with sku at the
// first active location; ok is false when there is none.
func (f *Fake) Available(sku string) (n int, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	loc, _ := f.firstActiveLocked()
	for _, v := range f.variants {
		if v.sku == sku {
			if l := v.levels[loc.ID]; l != nil {
				return l.available, true
			}
		}
	}
	return 0, false
}

// Unstock removes the stock record of sku at the first active location
// (ITEM_NOT_STOCKED_AT_LOCATION on write).
func (f *Fake) Unstock(sku string) {
	f.edit(sku, func(v *variant, loc int64) { delete(v.levels, loc) })
}

// SetTracked turns inventory tracking of sku on or off, as the merchant
// does in the admin; the item's updatedAt moves, its levels' do not.
func (f *Fake) SetTracked(sku string, tracked bool) {
	f.edit(sku, func(v *variant, _ int64) { v.tracked, v.itemTime = tracked, f.opts.Clock.Now() })
}

// Tracked says whether the first variant with sku has its stock tracked.
func (f *Fake) Tracked(sku string) (tracked, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range f.variants {
		if v.sku == sku {
			return v.tracked, true
		}
	}
	return false, false
}

// MakeBundle marks sku as a bundle parent, whose stock cannot be set
// (NON_MUTABLE_INVENTORY_ITEM).
func (f *Fake) MakeBundle(sku string) {
	f.edit(sku, func(v *variant, _ int64) { v.bundle = true })
}

func (f *Fake) edit(sku string, fn func(v *variant, loc int64)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	loc, _ := f.firstActiveLocked()
	for _, v := range f.variants {
		if v.sku == sku {
			fn(v, loc.ID)
		}
	}
}

// BeforeWrite installs a hook run at the start of every
// inventorySetQuantities call (call counts from 1), before validation.
func (f *Fake) BeforeWrite(hook func(call int)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.beforeWrite = hook
}

// InjectFaults queues faults; each request to the GraphQL endpoint takes the
// next one (FaultNone lets one request through normally).
func (f *Fake) InjectFaults(faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, faults...)
}

// Stats returns the counters so far.
func (f *Fake) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.stats
	st.PageSizes = make(map[int]int, len(f.stats.PageSizes))
	for k, v := range f.stats.PageSizes {
		st.PageSizes[k] = v
	}
	return st
}

// BucketAvailable is what the cost bucket holds now.
func (f *Fake) BucketAvailable() float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bucket.level(f.opts.Clock.Now())
}

// SKUs lists every variant's SKU in id order.
func (f *Fake) SKUs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, len(f.variants))
	for i, v := range f.variants {
		out[i] = v.sku
	}
	return out
}

func (f *Fake) sortedLocations(includeInactive bool) []Location {
	out := make([]Location, 0, len(f.locations))
	for _, l := range f.locations {
		if l.Active || includeInactive {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
