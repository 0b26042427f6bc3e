// Package woocommerce is the WooCommerce store connector: it reads the
// store's SKU index through the REST API v3 (products and their variations)
// and sets stock quantities through the batch endpoints.
package woocommerce

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/plain"
)

// Kind is the connector kind stored with a connection.
const Kind = "woocommerce"

// Setting and secret keys of a WooCommerce connection.
const (
	// SettingURL is the site address, e.g. https://shop.example.com.
	SettingURL = "url"
	// SecretKey and SecretSecret are the REST API consumer key (ck_…) and
	// consumer secret (cs_…).
	SecretKey    = "key"
	SecretSecret = "secret"
)

// MaxBatch is the most items WooCommerce's batch endpoints take by default
// (the woocommerce_rest_batch_items_limit filter).
const MaxBatch = 100

// PerPage is the largest page WordPress allows.
const PerPage = 100

const apiBase = "/wp-json/wc/v3"

// Options tune the HTTP behaviour; the zero value is right for real use.
type Options struct {
	// Sleep replaces the real wait between retries (tests).
	Sleep func(ctx context.Context, d time.Duration) error
	// Timeout bounds one request; 0 means httpx's default.
	Timeout time.Duration
	// MaxRetries as in httpx.Options.
	MaxRetries int
}

// Store talks to one WooCommerce site.
type Store struct {
	site   string
	key    string
	secret string
	http   *httpx.Client
	limits Limits
	// fractionSaid is set once fractional stock was reported: a Store
	// lives for one run, and the note is said once a run.
	fractionSaid atomic.Bool
	// timeout bounds one request, for messages.
	timeout time.Duration
	// batch is how many items one batch call carries now: MaxBatch until
	// a call times out, then halved down to MinBatch for the rest of the
	// run (see Push).
	batch atomic.Int32
}

var _ connector.Store = (*Store)(nil)

// New builds a Store from a connection's settings and secrets.
func New(cfg connector.Config) (*Store, error) {
	return NewWithOptions(cfg, Options{})
}

// NewWithOptions is New with HTTP options (tests inject Sleep).
func NewWithOptions(cfg connector.Config, o Options) (*Store, error) {
	site := strings.TrimRight(strings.TrimSpace(cfg.Setting(SettingURL, "")), "/")
	if site == "" {
		return nil, errors.New("the WooCommerce site address is missing: enter it like https://shop.example.com")
	}
	if !strings.Contains(site, "://") {
		site = "https://" + site
	}
	if u, err := url.Parse(site); err == nil && strings.HasSuffix(u.Path, strings.TrimSuffix(apiBase, "/")) {
		// Accept an address pasted with the API path already on it.
		site = strings.TrimSuffix(site, apiBase)
	}
	key := strings.TrimSpace(cfg.Secrets[SecretKey])
	secret := strings.TrimSpace(cfg.Secrets[SecretSecret])
	if key == "" || secret == "" {
		return nil, errors.New("the WooCommerce consumer key or secret is missing: create a key with Read/Write permission under WooCommerce > Settings > Advanced > REST API and enter both parts")
	}
	if o.Timeout <= 0 {
		o.Timeout = httpx.DefaultTimeout
	}
	tr := httpx.NewTransport()
	c, err := httpx.New(httpx.Options{
		BaseURL:    site + apiBase,
		Platform:   "WooCommerce",
		Timeout:    o.Timeout,
		MaxRetries: o.MaxRetries,
		Sleep:      o.Sleep,
		Transport:  stopOnTimeout{next: tr},
	})
	if err != nil {
		return nil, fmt.Errorf("WooCommerce site address: %w", err)
	}
	lim, err := limitsOf(cfg)
	if err != nil {
		return nil, err
	}
	st := &Store{site: site, key: key, secret: secret, http: c, timeout: o.Timeout, limits: lim}
	st.batch.Store(MaxBatch)
	return st, nil
}

// Capabilities: batches of 100, and WooCommerce never creates listings.
func (s *Store) Capabilities() connector.StoreCapabilities {
	return connector.StoreCapabilities{MaxBatch: MaxBatch, WritesPerParent: true}
}

// Calls is how many HTTP requests this store has sent, retries included.
func (s *Store) Calls() int { return int(s.http.Calls()) }

// Test reads one product to prove the address and the key work.
func (s *Store) Test(ctx context.Context) (connector.TestResult, error) {
	q := url.Values{"per_page": {"5"}, "page": {"1"}}
	page, err := s.getPage(ctx, "/products", q)
	if err != nil {
		return connector.TestResult{}, err
	}
	var sample []string
	for _, p := range page.products {
		if p.SKU != "" {
			sample = append(sample, p.SKU)
		}
	}
	return connector.TestResult{
		Summary: fmt.Sprintf("Connected to %s: it lists %s.", s.site, plural(page.total, "product")),
		Sample:  sample,
		Count:   page.total,
	}, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// do sends one request and returns the body of a successful answer; failed
// answers become errors in words.
func (s *Store) do(ctx context.Context, method, path string, q url.Values, body any) (*http.Response, []byte, error) {
	u := s.http.URL(path)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, nil, fmt.Errorf("encode request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, nil, fmt.Errorf("build request: %w", err)
	}
	req.SetBasicAuth(s.key, s.secret)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.http.Do(ctx, req)
	if err != nil {
		return nil, nil, s.explain(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	return resp, b, nil
}

// explain turns an httpx error into a sentence that says what to do,
// keeping connector.ErrUnauthorized / ErrUnavailable in the chain.
func (s *Store) explain(err error) error {
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		if httpx.IsCertificateError(err) {
			return fmt.Errorf("the WooCommerce site %s did not prove who it is (its certificate could not be verified), so nothing was sent; check the address, or ask the site's host to fix its certificate: %w", s.site, err)
		}
		if errors.Is(err, connector.ErrUnavailable) {
			return fmt.Errorf("the WooCommerce site %s could not be reached; check the address and that the site is up, then try again: %w", s.site, err)
		}
		return err
	}
	ae, hasBody := decodeError(se.Body)
	detail := ""
	if hasBody {
		detail = " WooCommerce said: " + ae.Text() + "."
	}
	switch {
	case se.StatusCode == http.StatusUnauthorized || se.StatusCode == http.StatusForbidden:
		return plain.Wrap(err, "WooCommerce refused the API key.%s Check the consumer key and secret, and that the key has Read/Write permission (WooCommerce > Settings > Advanced > REST API)", detail)
	case se.StatusCode == http.StatusNotFound && (!hasBody || ae.Code == "rest_no_route"):
		return fmt.Errorf("%s does not answer like a WooCommerce store.%s Check the address, that WooCommerce is active and that pretty permalinks are on (Settings > Permalinks): %w", s.site, detail, err)
	case se.StatusCode == http.StatusTooManyRequests:
		return fmt.Errorf("the WooCommerce site kept asking ShelfSync to slow down; try again in a few minutes: %w", err)
	case se.StatusCode >= 500:
		return fmt.Errorf("the WooCommerce site kept failing (HTTP %d).%s Try again later, or ask your host to check the site's error log: %w", se.StatusCode, detail, err)
	}
	return plain.Wrap(err, "WooCommerce rejected the request (HTTP %d).%s If this keeps happening, tell ShelfSync support", se.StatusCode, detail)
}
