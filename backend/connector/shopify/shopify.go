// Package shopify is the Shopify store connector. It reads the SKU index and
// writes "available" quantities at one location through the Admin GraphQL
// API, with the token of a Dev Dashboard app (client credentials grant,
// renewed in memory) or a legacy admin-app token. It paces itself by the
// cost bucket Shopify reports, keeps every query under the single-query
// cost cap, and writes with compare-and-set under an idempotency key, so a
// sale made in the store during a sync is seen, never silently
// overwritten, and a retried write is applied once.
// docs/connectors/shopify.md explains the setup, versions, cost and rules.
package shopify

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/plain"
)

// Setting and secret keys of a Shopify connection.
const (
	// SettingShop is the shop's address: "acme", "acme.myshopify.com" or a
	// full URL (an http://127.0.0.1:port URL reaches a local fake).
	SettingShop = "shop"
	// SettingAPIVersion is the Admin API version, DefaultAPIVersion if empty.
	SettingAPIVersion = "apiVersion"
	// SettingLocation is the location whose stock is synced: a numeric id
	// or a gid://shopify/Location/… id; empty means the primary location.
	SettingLocation = "location"
	// SettingClientID is the Dev Dashboard app's client ID; with
	// SecretClientSecret it gets tokens from the client credentials grant.
	SettingClientID = "clientId"
	// SecretClientSecret is the Dev Dashboard app's client secret.
	SecretClientSecret = "clientSecret"
	// SecretToken is a legacy admin-app access token (shpat_…), for
	// merchants who created a custom app in the Shopify admin before 2026.
	SecretToken = "token"
)

// API versions. Shopify supports each quarterly version for at least 12
// months and serves a request for an older one with the oldest it still
// supports ("fall forward"); the version that answered is in every
// response's X-Shopify-API-Version header.
const (
	// DefaultAPIVersion is the newest stable version ShelfSync was tested
	// against; the apiVersion setting overrides it.
	DefaultAPIVersion = "2026-10"
	// MinAPIVersion is the oldest version whose inventorySetQuantities
	// takes changeFromQuantity, which ShelfSync writes with. A setting
	// older than this is replaced by DefaultAPIVersion (with a notice).
	MinAPIVersion = "2026-01"
)

// SupportedAPIVersions are the versions the test suite runs against.
var SupportedAPIVersions = []string{"2026-01", "2026-04", "2026-07", "2026-10"}

const (
	// MaxBatch is the most entries inventorySetQuantities takes.
	MaxBatch = 250
	// DefaultBulkThreshold is the variant count above which the index is
	// read with a bulk operation instead of pages.
	DefaultBulkThreshold = 2500
	// DefaultMaxCASAttempts bounds how often one SKU is re-read and
	// rewritten after the store's quantity moved under us.
	DefaultMaxCASAttempts = 3
)

// RequiredScopes are the access scopes the app needs: variants, their
// inventory, writing it, and the locations.
var RequiredScopes = []string{"read_products", "read_inventory", "write_inventory", "read_locations"}

// unauthorizedSentence is what the user reads when Shopify refuses the token.
const unauthorizedSentence = "The access token was refused: check it and the app's scopes (read_products, read_inventory, write_inventory, read_locations)"

// Options tune a Store for tests and benchmarks; the zero value is right
// for production.
type Options struct {
	// Now and Sleep drive pacing, polling and retries (default real time).
	// Share a shopifyfake.VirtualClock with the fake to test without waiting.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// BulkThreshold: more variants than this are read with a bulk
	// operation (default DefaultBulkThreshold; negative: always page).
	BulkThreshold int
	// BulkPollInterval is the first wait between bulk status polls
	// (default 250ms); it grows by half each poll up to 10s. A small
	// catalogue's export is ready in well under a second, and a poll costs
	// one point, so starting short wastes nothing and saved a 100,000-SKU
	// Full Sync 1.9 s against the rate-limited bench's floor.
	BulkPollInterval time.Duration
	// PageSize is the most variants asked for a page (default and maximum
	// 250); a page is smaller when its cost would pass the single-query
	// cap or the bucket (see cost.go).
	PageSize int
	// MaxWait bounds any one wait for the cost bucket (default
	// DefaultMaxWait), whatever restore rate the server claims.
	MaxWait time.Duration
	// BulkTimeout bounds the wait for a bulk export of the catalogue
	// (default DefaultBulkTimeout).
	BulkTimeout time.Duration
	// ChangeBulkTimeout bounds the wait for the drift look's export of
	// changed stock levels (default DefaultChangeBulkTimeout).
	ChangeBulkTimeout time.Duration
	// BulkDownloadTimeout bounds the download of one export file (default
	// DefaultBulkDownloadTimeout); HTTP.Timeout bounds API calls.
	BulkDownloadTimeout time.Duration
	// MaxBulkLine and MaxBulkBytes bound one line and the whole of a bulk
	// export file (defaults DefaultMaxBulkLine, DefaultMaxBulkBytes).
	MaxBulkLine  int
	MaxBulkBytes int64
	// MaxCASAttempts, default DefaultMaxCASAttempts.
	MaxCASAttempts int
	// HTTP is passed to httpx.New; BaseURL and Sleep are filled in.
	HTTP httpx.Options
}

// Store is a Shopify connection. It is safe for use by one sync at a time;
// the engine never runs two syncs of one connection together.
type Store struct {
	// shop is the shop's address as the merchant knows it (host, and port
	// for a local fake); endpoint, the API path, is for the log.
	shop     string
	endpoint string
	version  string
	tokens   *tokenSource
	opts     Options
	http     *httpx.Client
	download *httpx.Client // bulk export files (signed URLs, no token)
	pacer    *pacer
	// throttled counts THROTTLED answers (HTTP 200); 429s are counted by
	// the HTTP client.
	throttled atomic.Int64

	mu sync.Mutex
	// locationSetting is what the user entered; location is what it
	// resolved to (gid and name), empty until first needed.
	locationSetting string
	location        location
	// mapLocations are the locations the connection's location map writes
	// (connector.Config.Locations), read with the index.
	mapLocations []string
	// active are the active locations seen when the location was
	// resolved: what Test offers to choose from.
	active []location
	// index maps each SKU read by ReadIndex to its inventory item gid, so
	// Push can find a SKU the engine sends without a Ref.
	index map[string]string
	// notices are sentences for the run's details (Notices).
	notices []string
	// pageSize is the variants page size last used (0 before any page).
	pageSize int
}

type location struct {
	ID   string
	Name string
}

// New builds a Store from a connection's settings and token.
func New(cfg connector.Config) (*Store, error) { return NewWithOptions(cfg, Options{}) }

var versionRE = regexp.MustCompile(`^(\d{4}-(0[1-9]|1[0-2])|unstable)$`)

// NewWithOptions is New with test and benchmark knobs.
func NewWithOptions(cfg connector.Config, o Options) (*Store, error) {
	if err := CheckCredentials(cfg.Settings, cfg.Secrets); err != nil {
		return nil, err
	}
	token := strings.TrimSpace(cfg.Secrets[SecretToken])
	clientID := strings.TrimSpace(cfg.Settings[SettingClientID])
	secret := strings.TrimSpace(cfg.Secrets[SecretClientSecret])
	version := cfg.Setting(SettingAPIVersion, DefaultAPIVersion)
	if !versionRE.MatchString(version) {
		return nil, plain.Errorf("The API version %q is not a Shopify version: use the form %s, or leave it empty", version, DefaultAPIVersion)
	}
	var notices []string
	if version != "unstable" && version < MinAPIVersion {
		notices = append(notices, fmt.Sprintf("The connection asks for Shopify API %s, which ShelfSync no longer speaks; it used %s. Clear the API version in the connection's settings.", version, DefaultAPIVersion))
		version = DefaultAPIVersion
	}
	base, err := shopBaseURL(cfg.Settings[SettingShop])
	if err != nil {
		return nil, err
	}
	loc := strings.TrimSpace(cfg.Settings[SettingLocation])
	if loc != "" {
		if loc, err = locationGID(loc); err != nil {
			return nil, err
		}
	}
	o = o.withDefaults()
	ho := o.HTTP
	ho.BaseURL = base
	ho.Platform = "Shopify"
	if ho.Sleep == nil {
		ho.Sleep = o.Sleep
	}
	hc, err := httpx.New(ho)
	if err != nil {
		return nil, err
	}
	// An export file of a large shop takes minutes on a merchant's line,
	// longer than an API call may: its own limit covers the body, while
	// the wait for the server to start answering keeps the API call's.
	dlo := ho
	dlo.Timeout = o.BulkDownloadTimeout
	if dlo.Transport == nil {
		t := httpx.NewTransport()
		t.ResponseHeaderTimeout = max(ho.Timeout, httpx.DefaultTimeout)
		dlo.Transport = t
	}
	download, err := httpx.New(dlo)
	if err != nil {
		return nil, err
	}
	ts := &tokenSource{http: hc, now: o.Now, endpoint: httpx.ResolveURL(base, "/admin/oauth/access_token")}
	if clientID != "" {
		ts.clientID, ts.secret = clientID, secret
	} else {
		ts.static = token
	}
	return &Store{
		shop:            shopHost(base),
		endpoint:        httpx.ResolveURL(base, "/admin/api/"+version+"/graphql.json"),
		version:         version,
		tokens:          ts,
		opts:            o,
		http:            hc,
		download:        download,
		pacer:           newPacer(o.MaxWait),
		locationSetting: loc,
		mapLocations:    cfg.Locations,
		index:           map[string]string{},
		notices:         notices,
	}, nil
}

// CheckCredentials says what is missing when a connection has neither a
// Dev Dashboard app's client ID and secret nor a legacy token.
func CheckCredentials(settings, secrets map[string]string) error {
	clientID := strings.TrimSpace(settings[SettingClientID])
	secret := strings.TrimSpace(secrets[SecretClientSecret])
	switch {
	case clientID != "" && secret == "":
		return plain.New("Enter the client secret of your Shopify app (Dev Dashboard > your app > Settings)")
	case clientID == "" && secret != "":
		return plain.New("Enter the client ID of your Shopify app (Dev Dashboard > your app > Settings)")
	case clientID == "" && strings.TrimSpace(secrets[SecretToken]) == "":
		return plain.New("Enter the client ID and secret of your Shopify app (Dev Dashboard > your app > Settings), or a legacy Admin API access token")
	}
	return nil
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = httpx.Sleep
	}
	if o.BulkThreshold == 0 {
		o.BulkThreshold = DefaultBulkThreshold
	}
	if o.BulkPollInterval <= 0 {
		o.BulkPollInterval = 250 * time.Millisecond
	}
	if o.PageSize <= 0 || o.PageSize > 250 {
		o.PageSize = 250
	}
	if o.MaxCASAttempts <= 0 {
		o.MaxCASAttempts = DefaultMaxCASAttempts
	}
	if o.MaxWait <= 0 {
		o.MaxWait = DefaultMaxWait
	}
	if o.BulkTimeout <= 0 {
		o.BulkTimeout = DefaultBulkTimeout
	}
	if o.ChangeBulkTimeout <= 0 {
		o.ChangeBulkTimeout = DefaultChangeBulkTimeout
	}
	if o.BulkDownloadTimeout <= 0 {
		o.BulkDownloadTimeout = DefaultBulkDownloadTimeout
	}
	if o.MaxBulkLine <= 0 {
		o.MaxBulkLine = DefaultMaxBulkLine
	}
	if o.MaxBulkBytes <= 0 {
		o.MaxBulkBytes = DefaultMaxBulkBytes
	}
	return o
}

// notice records a sentence for the run's details, once.
func (s *Store) notice(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.notices {
		if n == msg {
			return
		}
	}
	s.notices = append(s.notices, msg)
}

// Notices are what the merchant should know about this connection's runs
// that are not failures: Shopify answering with another API version than
// asked, a smaller page size chosen for a small rate limit.
func (s *Store) Notices() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.notices...)
}

// TokenRequests is how many access tokens the Store asked Shopify for.
func (s *Store) TokenRequests() int64 { return s.tokens.requests.Load() }

var shopHostRE = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:\d+)?$`)

// shopBaseURL turns what the user typed into the shop's base URL:
// "acme" -> https://acme.myshopify.com; a full URL keeps its scheme and host.
// shopHost is a base URL's host, as a merchant would name the shop.
func shopHost(base string) string {
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		return u.Host
	}
	return base
}

func shopBaseURL(shop string) (string, error) {
	shop = strings.TrimSpace(shop)
	if shop == "" {
		return "", plain.New("Enter the shop address, like acme.myshopify.com")
	}
	if strings.Contains(shop, "://") {
		u, err := url.Parse(shop)
		if err != nil || u.Host == "" {
			return "", plain.Errorf("The shop address %q is not a valid URL: enter it like acme.myshopify.com", shop)
		}
		return u.Scheme + "://" + u.Host, nil
	}
	host, _, _ := strings.Cut(shop, "/")
	if !shopHostRE.MatchString(host) {
		return "", plain.Errorf("The shop address %q is not valid: enter it like acme.myshopify.com", shop)
	}
	if !strings.Contains(host, ".") {
		host += ".myshopify.com"
	}
	return "https://" + host, nil
}

// locationGID accepts a numeric location id or its gid.
func locationGID(s string) (string, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		return "gid://shopify/Location/" + s, nil
	}
	if rest, ok := strings.CutPrefix(s, "gid://shopify/Location/"); ok {
		if n, err := strconv.ParseInt(rest, 10, 64); err == nil && n > 0 {
			return s, nil
		}
	}
	return "", plain.Errorf("The location %q is not a Shopify location id: enter its number (or gid://shopify/Location/…), or leave it empty for the primary location", s)
}

// Capabilities: Shopify takes 250 quantities a call and never creates
// listings.
func (s *Store) Capabilities() connector.StoreCapabilities {
	return connector.StoreCapabilities{MaxBatch: MaxBatch}
}

// Calls is how many HTTP requests the Store has made, export downloads
// included (bench figures).
func (s *Store) Calls() int64 { return s.http.Calls() + s.download.Calls() }

// Throttled is how many rate-limit answers (THROTTLED or 429) the Store met.
func (s *Store) Throttled() int64 { return s.throttled.Load() + s.http.Throttled() }

const locationsQuery = `query ShelfSyncLocations($first: Int!) {
  locations(first: $first) { nodes { id name isActive fulfillsOnlineOrders } }
}`

type locationsData struct {
	Locations struct {
		Nodes []struct {
			ID                   string `json:"id"`
			Name                 string `json:"name"`
			IsActive             bool   `json:"isActive"`
			FulfillsOnlineOrders bool   `json:"fulfillsOnlineOrders"`
		} `json:"nodes"`
	} `json:"locations"`
}

// resolveLocation finds the location to sync, once: the one configured, or
// the first active location that fulfils online orders.
func (s *Store) resolveLocation(ctx context.Context) (location, error) {
	if id := lookingAt(ctx); id != "" {
		return location{ID: id, Name: id}, nil // a location map's, by its gid (ChangedSinceAt)
	}
	s.mu.Lock()
	loc, setting := s.location, s.locationSetting
	s.mu.Unlock()
	if loc.ID != "" {
		return loc, nil
	}
	var d locationsData
	if err := s.call(ctx, "ShelfSyncLocations", locationsQuery, map[string]any{"first": 50}, 52, &d); err != nil {
		return location{}, fmt.Errorf("read locations: %w", err)
	}
	var active []location
	for _, n := range d.Locations.Nodes {
		if n.IsActive {
			active = append(active, location{ID: n.ID, Name: n.Name})
		}
	}
	for _, n := range d.Locations.Nodes {
		if setting != "" && n.ID == setting {
			if !n.IsActive {
				return location{}, plain.Errorf("The location %s (%s) is inactive in Shopify: choose an active location in the connection's settings", n.Name, n.ID)
			}
			loc = location{ID: n.ID, Name: n.Name}
			break
		}
		if setting == "" && n.IsActive && n.FulfillsOnlineOrders {
			loc = location{ID: n.ID, Name: n.Name}
			break
		}
	}
	if loc.ID == "" {
		if setting != "" {
			return location{}, plain.Errorf("Shopify has no active location %s: check the location id in the connection's settings", setting)
		}
		return location{}, plain.New("Shopify has no active location that fulfils online orders: set the location id in the connection's settings")
	}
	s.mu.Lock()
	s.location, s.active = loc, active
	s.mu.Unlock()
	return loc, nil
}
