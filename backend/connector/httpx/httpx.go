// Package httpx is the HTTP client every connector shares. It refuses plain
// HTTP to anything but this machine, keeps TLS verification on, counts calls,
// and retries what is worth retrying (429, 5xx, network errors) with jittered
// exponential backoff that honours Retry-After.
package httpx

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"shelfsync/backend/connector"
)

// Defaults used when an Options field is zero.
const (
	DefaultTimeout    = 30 * time.Second
	DefaultMaxRetries = 4
	DefaultMinBackoff = 500 * time.Millisecond
	DefaultMaxBackoff = 30 * time.Second
	DefaultUserAgent  = "ShelfSync/1.0 (+https://shelfsync.app)"
	// DefaultMaxRetryAfter caps how long a server's Retry-After can make us
	// wait: a platform asking for an hour is better reported than obeyed.
	DefaultMaxRetryAfter = 2 * time.Minute
	// errorBodyLimit is how much of a failed response's body StatusError
	// keeps, enough for any platform's JSON error object.
	errorBodyLimit = 64 << 10
)

// Options configure a Client.
type Options struct {
	// BaseURL is where relative paths are resolved (see Client.URL). It must
	// be https://, or http:// to a loopback host (tests, local fakes).
	BaseURL string
	// Timeout bounds one attempt, body included.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is retried; 0 means
	// DefaultMaxRetries, a negative number means never retry.
	MaxRetries int
	// MinBackoff and MaxBackoff bound the exponential backoff.
	MinBackoff, MaxBackoff time.Duration
	// MaxRetryAfter caps a server-requested wait; 0 means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	UserAgent     string
	// Platform names the server in sentences, such as "Shopify" or "The
	// feed server"; "The server" when empty.
	Platform string
	// Sleep waits d or until ctx ends; injectable so tests never sleep.
	// nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Transport replaces the default transport (tests only); TLS
	// verification must stay on in whatever is passed.
	Transport http.RoundTripper
}

// Client sends requests with the retry policy above. It is safe for
// concurrent use.
type Client struct {
	o         Options
	base      *url.URL
	hc        *http.Client
	calls     atomic.Int64
	throttled atomic.Int64
}

// StatusError is a response the server answered with a status of 400 or
// more that was not (or no longer) worth retrying. Body holds the start of
// the response body so connectors can read the platform's error object.
type StatusError struct {
	Method     string
	URL        string
	StatusCode int
	Body       []byte
	RetryAfter time.Duration
	// Attempts is how many times the request was sent.
	Attempts int
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s %s: the server answered %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return msg
}

// Unwrap lets callers test a refused credential or an unavailable platform
// with errors.Is, without looking at the status code.
func (e *StatusError) Unwrap() error {
	switch {
	case e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden:
		return connector.ErrUnauthorized
	case e.StatusCode >= 500:
		return connector.ErrUnavailable
	}
	return nil
}

// New builds a Client, refusing a base URL that would send credentials in
// clear text over the network.
func New(o Options) (*Client, error) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = DefaultMaxRetries
	} else if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = DefaultMinBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	c := &Client{o: o}
	if o.BaseURL != "" {
		u, err := url.Parse(o.BaseURL)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("the address %q is not a valid URL: enter it like https://example.com", o.BaseURL)
		}
		if err := CheckScheme(u); err != nil {
			return nil, err
		}
		c.base = u
	}
	tr := o.Transport
	if tr == nil {
		tr = NewTransport()
	}
	c.hc = &http.Client{
		Transport: tr,
		Timeout:   o.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			if err := CheckScheme(req.URL); err != nil {
				return err
			}
			// Go drops Authorization and Cookie only when the host changes,
			// and keeps every other header (X-Shopify-Access-Token, say),
			// so a redirect is the server choosing who gets the token.
			if first := via[0]; carriesCredentials(first) && Origin(req.URL) != Origin(first.URL) {
				return &RedirectError{Platform: c.o.Platform, From: first.URL, To: req.URL}
			}
			return nil
		},
	}
	return c, nil
}

// RedirectError is a redirect to another origin that a request carrying
// credentials was not allowed to follow.
type RedirectError struct {
	Platform string
	From, To *url.URL
}

func (e *RedirectError) Error() string {
	who := e.Platform
	if who == "" {
		who = "The server"
	}
	return fmt.Sprintf("%s at %s answered with a redirect to %s; ShelfSync does not follow it with your credentials. If the new address is really yours, enter it in this connection's settings",
		who, Origin(e.From), Origin(e.To))
}

// Origin is a URL's scheme, host and port (the default port made explicit),
// the unit a browser trusts with a credential.
func Origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// credentialHeaders are the request headers that carry a secret: the
// standard ones and each platform's own.
var credentialHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "X-Shopify-Access-Token"}

func carriesCredentials(req *http.Request) bool {
	if req.URL.User != nil || req.Context().Value(secretBodyKey{}) != nil {
		return true
	}
	for _, h := range credentialHeaders {
		if req.Header.Get(h) != "" {
			return true
		}
	}
	return false
}

type secretBodyKey struct{}

// WithSecretBody marks the requests made with ctx as carrying a credential
// in their body (an OAuth client secret), so that, like a credential
// header, it is never sent on to another origin by a 307 or 308 redirect.
func WithSecretBody(ctx context.Context) context.Context {
	return context.WithValue(ctx, secretBodyKey{}, true)
}

// NewTransport is the transport every connector's requests go through:
// Go's defaults (proxy from the environment, keep-alives), TLS 1.2 or
// newer with verification on. A connector that wraps the transport (to
// pace or time requests) wraps this one, so a change here reaches all.
func NewTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	t.DialContext = guardedDialer.DialContext
	return t
}

// CheckScheme refuses anything but https, and http to a loopback host.
func CheckScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("the address %s uses plain http://, which would send your credentials unencrypted: use https:// instead", u.Redacted())
	}
	return fmt.Errorf("the address %s is not a web address: use https://", u.Redacted())
}

// IsLoopback reports whether host (no port) is this machine: localhost,
// 127.0.0.0/8 or ::1.
func IsLoopback(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ResolveURL joins base and path with exactly one slash; a path that is
// already an absolute URL is returned unchanged.
func ResolveURL(base, path string) string {
	if strings.HasPrefix(path, "https://") || strings.HasPrefix(path, "http://") {
		return path
	}
	if path == "" {
		return base
	}
	return strings.TrimRight(base, "/") + "/" + strings.TrimLeft(path, "/")
}

// URL resolves path against the client's BaseURL.
func (c *Client) URL(path string) string {
	if c.base == nil {
		return path
	}
	return ResolveURL(c.base.String(), path)
}

// BaseURL is the base address the client was built with, "" when none.
func (c *Client) BaseURL() string {
	if c.base == nil {
		return ""
	}
	return c.base.String()
}

// Calls is how many HTTP attempts the client has sent, retries included.
func (c *Client) Calls() int64 { return c.calls.Load() }

// Throttled is how many retries were caused by a 429 answer.
func (c *Client) Throttled() int64 { return c.throttled.Load() }

// Do sends req, retrying 429, 5xx and network errors. A response with a
// status below 400 is returned for the caller to read and close. A status
// of 400 or more returns a *StatusError (its body already read and closed);
// after retries run out on 5xx or a network error the error wraps
// connector.ErrUnavailable. 401 and 403 are never retried.
func (c *Client) Do(ctx context.Context, req *http.Request) (*http.Response, error) {
	if err := CheckScheme(req.URL); err != nil {
		return nil, err
	}
	getBody, err := replayable(req)
	if err != nil {
		return nil, err
	}
	target := req.URL.Redacted()
	for attempt := 0; ; attempt++ {
		try := req.Clone(ctx)
		if getBody != nil {
			body, err := getBody()
			if err != nil {
				return nil, fmt.Errorf("%s %s: rewind request body: %w", req.Method, target, err)
			}
			try.Body = body
			try.GetBody = getBody
		}
		if try.Header.Get("User-Agent") == "" {
			try.Header.Set("User-Agent", c.o.UserAgent)
		}
		c.calls.Add(1)
		resp, err := c.hc.Do(try)
		lastTry := attempt >= c.o.MaxRetries
		if err != nil {
			var redirect *RedirectError
			if errors.As(err, &redirect) {
				return nil, redirect
			}
			if ctx.Err() != nil {
				return nil, fmt.Errorf("%s %s: %w", req.Method, target, ctx.Err())
			}
			if IsCertificateError(err) {
				return nil, fmt.Errorf("%s %s: the server's certificate could not be verified: %w", req.Method, target, err)
			}
			if errors.Is(err, ErrForbiddenAddress) {
				return nil, fmt.Errorf("%s %s: %w", req.Method, target, err) // no retry goes elsewhere
			}
			if lastTry {
				return nil, fmt.Errorf("%s %s failed after %d attempts: %w (%w)", req.Method, target, attempt+1, connector.ErrUnavailable, err)
			}
			if err := c.o.Sleep(ctx, c.backoff(attempt)); err != nil {
				return nil, fmt.Errorf("%s %s: %w", req.Method, target, err)
			}
			continue
		}
		if resp.StatusCode < 400 {
			return resp, nil
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit)) // what arrived: the status says what failed, the body only adds words
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))     // drained only so the connection is reused
		resp.Body.Close()
		retryAfter, hasRetryAfter := RetryAfter(resp.Header, time.Now())
		se := &StatusError{Method: req.Method, URL: target, StatusCode: resp.StatusCode, Body: body, RetryAfter: retryAfter, Attempts: attempt + 1}
		retryable := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		if !retryable || lastTry {
			return nil, se
		}
		wait := c.backoff(attempt)
		if hasRetryAfter {
			wait = min(retryAfter, c.o.MaxRetryAfter)
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			c.throttled.Add(1)
		}
		if err := c.o.Sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s %s: %w", req.Method, target, err)
		}
	}
}

// replayable returns a function producing a fresh copy of the body for each
// attempt. Bodies without GetBody are read into memory once.
func replayable(req *http.Request) (func() (io.ReadCloser, error), error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if req.GetBody != nil {
		return req.GetBody, nil
	}
	buf, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("%s %s: read request body: %w", req.Method, req.URL.Redacted(), err)
	}
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf)), nil }, nil
}

// backoff is the wait before retry number attempt+1: exponential from
// MinBackoff, capped at MaxBackoff, with the upper half jittered so many
// clients do not retry in step.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.o.MinBackoff
	for i := 0; i < attempt && d < c.o.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.o.MaxBackoff)
	half := d / 2
	return half + rand.N(half+1)
}

// RetryAfter reads Retry-After (seconds or an HTTP date) or ShipBob's
// x-retry-after (seconds). ok is false when neither is present or valid.
func RetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	for _, name := range []string{"Retry-After", "X-Retry-After"} {
		v := strings.TrimSpace(h.Get(name))
		if v == "" {
			continue
		}
		if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 && secs < 1e7 {
			return time.Duration(secs * float64(time.Second)), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	return 0, false
}

// Sleep waits d or until ctx ends, whichever comes first. Connectors use it
// as the real implementation of their injectable sleeps.
func Sleep(ctx context.Context, d time.Duration) error { return sleep(ctx, d) }

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
