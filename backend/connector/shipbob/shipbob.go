// Package shipbob is the ShipBob warehouse connector: it reads the sellable
// quantity per SKU (or, by a connection setting, the fulfillable one) from
// the inventory-level API (2026-07 by default), following the API's next
// links and keeping under ShipBob's rate limit.
package shipbob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/inventory"
	"shelfsync/backend/plain"
)

// Kind is the connector kind stored with a connection.
const Kind = "shipbob"

// Setting and secret keys of a ShipBob connection.
const (
	// SettingURL overrides the API address (the sandbox, a test fake).
	SettingURL = "url"
	// SettingAPIVersion is the dated API version, e.g. 2026-07.
	SettingAPIVersion = "apiVersion"
	// SettingQuantity chooses the figure published: QuantitySellable
	// (default) or QuantityFulfillable.
	SettingQuantity = "quantity"
	// SecretToken is a Personal Access Token (or OAuth access token).
	SecretToken = "token"
)

// The figures a connection can publish. ShipBob's integration guide tells
// integrators to publish the sellable quantity: on hand, minus units
// committed to orders, minus units held by exception orders (network-wide
// only). Fulfillable leaves the exception orders in, so it can oversell.
const (
	QuantitySellable    = "sellable"
	QuantityFulfillable = "fulfillable"
)

// Defaults for the settings above and for paging.
const (
	DefaultURL = "https://api.shipbob.com"
	// DefaultAPIVersion is ShipBob's current dated version. Each version is
	// served for a fixed time after its release (docs/connectors/shipbob.md).
	DefaultAPIVersion = "2026-07"
	DefaultQuantity   = QuantitySellable
	// RequestsPerMinute is ShipBob's documented limit per user and app.
	RequestsPerMinute = 150
	// PageSize is how many items one page asks for. ShipBob does not
	// publish a maximum for this endpoint; 100 stays well within what its
	// 1.0 API allows (250) and reads 5,000 SKUs in 50 calls.
	PageSize = 100
	// maxPages stops a server whose next link never ends.
	maxPages = 20000
)

var versionPattern = regexp.MustCompile(`^\d{4}-\d{2}$`)

// Options tune timing; the zero value is right for real use.
type Options struct {
	// Sleep replaces real waits (retries and pacing) in tests.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the pacer's clock; nil means time.Now.
	Now func() time.Time
	// Timeout bounds one request; 0 means httpx's default.
	Timeout time.Duration
	// MaxRetries as in httpx.Options.
	MaxRetries int
	// PageSize overrides PageSize.
	PageSize int
}

// Warehouse reads one ShipBob account.
type Warehouse struct {
	base    *url.URL
	version string
	// versionChosen is true when the connection sets the API version
	// itself, so a version ShipBob stopped serving is the setting's fault.
	versionChosen bool
	quantity      string
	token         string
	pageSize      int
	// byCenter is set when the connection's location map names
	// fulfillment centers (connector.Config.ReadFacilities).
	byCenter bool
	http     *httpx.Client
	pacer    *pacer
}

var _ connector.Warehouse = (*Warehouse)(nil)

// New builds a Warehouse from a connection's settings and secrets.
func New(cfg connector.Config) (*Warehouse, error) {
	return NewWithOptions(cfg, Options{})
}

// NewWithOptions is New with timing options (tests inject a clock).
func NewWithOptions(cfg connector.Config, o Options) (*Warehouse, error) {
	raw := strings.TrimRight(strings.TrimSpace(cfg.Setting(SettingURL, DefaultURL)), "/")
	base, err := url.Parse(raw)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("the ShipBob API address %q is not a valid URL: leave it empty to use %s", raw, DefaultURL)
	}
	version := strings.TrimSpace(cfg.Setting(SettingAPIVersion, DefaultAPIVersion))
	if !versionPattern.MatchString(version) {
		return nil, fmt.Errorf("the ShipBob API version %q is not a dated version like %s", version, DefaultAPIVersion)
	}
	quantity := strings.ToLower(strings.TrimSpace(cfg.Setting(SettingQuantity, DefaultQuantity)))
	if quantity != QuantitySellable && quantity != QuantityFulfillable {
		return nil, fmt.Errorf("the ShipBob quantity to publish %q is not one ShelfSync knows: use %s", quantity, QuantityChoices())
	}
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cfg.Secrets[SecretToken]), "Bearer "))
	if token == "" {
		return nil, errors.New("the ShipBob access token is missing: create a Personal Access Token in ShipBob (Integrations > API Tokens) and paste it")
	}
	if o.Sleep == nil {
		o.Sleep = httpx.Sleep
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PageSize <= 0 {
		o.PageSize = PageSize
	}
	p := &pacer{limit: RequestsPerMinute, window: time.Minute, now: o.Now, sleep: o.Sleep}
	tr := httpx.NewTransport()
	c, err := httpx.New(httpx.Options{
		BaseURL:    base.String(),
		Platform:   "ShipBob",
		Timeout:    o.Timeout,
		MaxRetries: o.MaxRetries,
		Sleep:      o.Sleep,
		Transport:  pacedTransport{next: tr, pacer: p},
	})
	if err != nil {
		return nil, fmt.Errorf("ShipBob API address: %w", err)
	}
	return &Warehouse{
		base: base, version: version, versionChosen: strings.TrimSpace(cfg.Settings[SettingAPIVersion]) != "",
		quantity: quantity, token: token, pageSize: o.PageSize, byCenter: cfg.ReadFacilities, http: c, pacer: p,
	}, nil
}

// Calls is how many HTTP requests this warehouse has sent, retries included.
func (w *Warehouse) Calls() int { return int(w.http.Calls()) }

// Throttled is how many 429 answers were waited out.
func (w *Warehouse) Throttled() int { return int(w.http.Throttled()) }

// PacedFor is how long the client-side rate limit has held requests back.
func (w *Warehouse) PacedFor() time.Duration { return w.pacer.Waited() }

// pageURL is the first page of a paged listing at path (after the
// version).
func (w *Warehouse) pageURL(path string, size int) string {
	return w.http.URL("/"+w.version+path) + "?" + url.Values{"PageSize": {strconv.Itoa(size)}}.Encode()
}

// ReadItems reads every inventory level. ShipBob records no change time on
// inventory, so the read is always whole (Complete) whatever since says;
// Smart Sync then pushes only what differs from the baseline. For a
// connection whose location map names fulfillment centers it then reads
// each item's stock per center (facilities.go).
func (w *Warehouse) ReadItems(ctx context.Context, _ time.Time) (connector.WarehouseRead, error) {
	before := w.http.Calls()
	var all []levelItem
	err := w.readPages(ctx, w.pageURL("/inventory-level", w.pageSize), "inventory", func(body []byte) (*string, error) {
		page, err := decodeLevels(body, w.quantity)
		if err != nil {
			return nil, plain.Wrap(err, "ShipBob sent an inventory page ShelfSync cannot read; check that the API address is right (leave it empty for %s) and try again", DefaultURL)
		}
		all = append(all, page.Items...)
		return page.Next, nil
	})
	if err != nil {
		return connector.WarehouseRead{}, err
	}
	items, problems := toWarehouseItems(all, w.quantity)
	if w.byCenter {
		if err := w.addCenters(ctx, all, items); err != nil {
			return connector.WarehouseRead{}, err
		}
	}
	return connector.WarehouseRead{
		Items:    items,
		Complete: true,
		Problems: problems,
		APICalls: int(w.http.Calls() - before),
	}, nil
}

// readPages follows a paged listing's next links from first, handing each
// page's body to take, which returns the next link (nil on the last page).
// what names the listing in errors.
func (w *Warehouse) readPages(ctx context.Context, first, what string, take func(body []byte) (*string, error)) error {
	next := first
	seen := map[string]bool{}
	for n := 1; next != ""; n++ {
		if n > maxPages {
			return fmt.Errorf("read ShipBob %s: stopped after %d pages because the next links never ended; tell ShelfSync support", what, maxPages)
		}
		if seen[next] {
			return fmt.Errorf("read ShipBob %s page %d: ShipBob pointed back to a page already read; try again later, and tell ShelfSync support if it persists", what, n)
		}
		seen[next] = true
		body, err := w.get(ctx, next)
		if err != nil {
			return fmt.Errorf("read ShipBob %s page %d: %w", what, n, err)
		}
		link, err := take(body)
		if err != nil {
			return fmt.Errorf("read ShipBob %s page %d: %w", what, n, err)
		}
		next = ""
		if link != nil {
			if next, err = w.resolveNext(*link); err != nil {
				return fmt.Errorf("read ShipBob %s page %d: %w", what, n+1, err)
			}
		}
	}
	return nil
}

// toWarehouseItems keeps items with a SKU, reporting the rest; a SKU on
// two inventory records is reported and left out, never guessed.
func toWarehouseItems(levels []levelItem, quantity string) ([]inventory.WarehouseItem, []string) {
	var problems []string
	bySKU := map[string][]levelItem{}
	var order []string
	for _, l := range levels {
		sku := strings.TrimSpace(l.SKU)
		if sku == "" {
			problems = append(problems, fmt.Sprintf("ShipBob inventory item %d (%s) has no SKU, so it was skipped", l.InventoryID, l.Name))
			continue
		}
		if _, ok := bySKU[sku]; !ok {
			order = append(order, sku)
		}
		bySKU[sku] = append(bySKU[sku], l)
	}
	items := make([]inventory.WarehouseItem, 0, len(order))
	for _, sku := range order {
		ls := bySKU[sku]
		if len(ls) > 1 {
			ids := make([]string, len(ls))
			for i, l := range ls {
				ids[i] = strconv.FormatInt(l.InventoryID, 10)
			}
			problems = append(problems, fmt.Sprintf("SKU %s is on %d ShipBob inventory items (ids %s), so it was skipped; give each item its own SKU", sku, len(ls), strings.Join(ids, ", ")))
			continue
		}
		items = append(items, inventory.WarehouseItem{SKU: sku, Name: ls[0].Name, Qty: ls[0].qty(quantity)})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].SKU < items[j].SKU })
	return items, problems
}

// resolveNext turns a next link (absolute or relative) into a URL on the
// configured host; the token is never sent anywhere else.
func (w *Warehouse) resolveNext(link string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return "", plain.Errorf("ShipBob sent a next-page link that is not a URL (%q); try again later", link)
	}
	u = w.base.ResolveReference(u)
	if !strings.EqualFold(u.Host, w.base.Host) {
		return "", plain.Errorf("ShipBob sent a next-page link to another host (%s); ShelfSync only sends your token to %s, so the read stopped", u.Host, w.base.Host)
	}
	if u.Scheme != w.base.Scheme {
		u.Scheme = w.base.Scheme
	}
	return u.String(), nil
}

// Test reads the first page to prove the token and address work.
func (w *Warehouse) Test(ctx context.Context) (connector.TestResult, error) {
	page, err := w.getLevels(ctx, w.pageURL("/inventory-level", 5))
	if err != nil {
		return connector.TestResult{}, err
	}
	var sample []string
	for _, it := range page.Items {
		if it.SKU != "" {
			sample = append(sample, it.SKU)
		}
	}
	summary := fmt.Sprintf("Connected to ShipBob: read %s from the first page", plural(len(page.Items), "inventory item"))
	if page.Next != nil {
		summary += "; there are more"
	}
	summary += "; ShelfSync publishes the " + w.quantity + " quantity (" + quantityMeaning[w.quantity] + ")"
	return connector.TestResult{Summary: summary + ".", Sample: sample, Count: len(page.Items)}, nil
}

// QuantityLabel names the figure a connection with this setting publishes,
// e.g. "sellable quantity", for connection labels.
func QuantityLabel(setting string) string {
	q := strings.ToLower(strings.TrimSpace(setting))
	if q == "" {
		q = DefaultQuantity
	}
	return q + " quantity"
}

// QuantityChoices names the figures a connection can publish and what
// each means, for the wizard's help and error messages.
func QuantityChoices() string {
	return fmt.Sprintf("%s (the default, as ShipBob advises: %s) or %s (%s, so it can oversell)",
		QuantitySellable, quantityMeaning[QuantitySellable], QuantityFulfillable, quantityMeaning[QuantityFulfillable])
}

// quantityMeaning says each figure in a merchant's words.
var quantityMeaning = map[string]string{
	QuantitySellable:    "on hand minus units committed to orders and to exception orders",
	QuantityFulfillable: "on hand minus units committed to orders; exception orders are not subtracted",
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (w *Warehouse) getLevels(ctx context.Context, u string) (levelPage, error) {
	body, err := w.get(ctx, u)
	if err != nil {
		return levelPage{}, err
	}
	page, err := decodeLevels(body, w.quantity)
	if err != nil {
		return levelPage{}, plain.Wrap(err, "ShipBob sent an inventory page ShelfSync cannot read; check that the API address is right (leave it empty for %s) and try again", DefaultURL)
	}
	return page, nil
}

// get sends an authorised GET and returns the answer's body.
func (w *Warehouse) get(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+w.token)
	req.Header.Set("Accept", "application/json")
	resp, err := w.http.Do(ctx, req)
	if err != nil {
		return nil, w.explain(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read ShipBob's answer: %w", err)
	}
	return body, nil
}

// explain turns an httpx error into a sentence saying what to do, keeping
// connector.ErrUnauthorized / ErrUnavailable in the chain.
func (w *Warehouse) explain(err error) error {
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		if errors.Is(err, connector.ErrUnavailable) {
			return plain.Wrap(err, "ShipBob (%s) could not be reached; check your internet connection and the API address, then try again", w.base.Host)
		}
		return err
	}
	said := ""
	if text, ok := decodeProblem(se.Body); ok {
		said = " ShipBob said: " + strings.TrimSuffix(text, ".") + "."
	}
	switch {
	case se.StatusCode == http.StatusUnauthorized:
		return plain.Wrap(err, "ShipBob refused the access token.%s Create a new Personal Access Token in ShipBob (Integrations > API Tokens) and paste it in full", said)
	case se.StatusCode == http.StatusForbidden:
		// ShipBob's API always acts as the account's root user, so a 403
		// means the token was made by another user of the account.
		return plain.Wrap(err, "ShipBob accepted the token but did not let it read inventory.%s ShipBob tokens act as the account's root user: sign in to ShipBob as the account owner, create a new Personal Access Token (Integrations > API Tokens) and paste it", said)
	case se.StatusCode == http.StatusNotFound && said == "" && w.base.String() != DefaultURL:
		// Not ShipBob's own error shape at an address the merchant set: the
		// address, not the version, is wrong.
		return plain.Wrap(err, "%s does not answer like ShipBob's API (HTTP 404). Check the API address, or leave it empty to use %s", w.base.Host, DefaultURL)
	case se.StatusCode == http.StatusNotFound && w.versionChosen && w.version != DefaultAPIVersion:
		return plain.Wrap(err, "ShipBob no longer serves API version %s, which this connection asks for.%s Clear the API version setting to use ShelfSync's %s", w.version, said, DefaultAPIVersion)
	case se.StatusCode == http.StatusNotFound:
		// Every path ShelfSync reads exists in each dated version, so a 404
		// there means ShipBob stopped serving the version ShelfSync speaks.
		return plain.Wrap(err, "ShipBob no longer serves API version %s; update ShelfSync to its latest release, which speaks a newer one.%s", w.version, said)
	case se.StatusCode == http.StatusTooManyRequests:
		return plain.Wrap(err, "ShipBob kept refusing requests over its limit of %d a minute; another app using the same ShipBob account may be using it up. Try again in a few minutes", RequestsPerMinute)
	case se.StatusCode >= 500:
		return plain.Wrap(err, "ShipBob kept failing (HTTP %d).%s Try again later", se.StatusCode, said)
	}
	return plain.Wrap(err, "ShipBob rejected the request (HTTP %d).%s If this keeps happening, tell ShelfSync support", se.StatusCode, said)
}
