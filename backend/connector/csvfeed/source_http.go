package csvfeed

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/plain"
)

// Download limits. A feed can be large and a link slow, so one attempt may
// take minutes; a server that sends no headers for a minute is stuck.
const (
	downloadTimeout       = 10 * time.Minute
	responseHeaderTimeout = time.Minute
	downloadRetries       = 4
)

type webSource struct {
	url    *url.URL
	auth   string
	client *httpx.Client
}

func newWebSource(raw, auth string, o options) (*webSource, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, plain.Errorf("The feed address %q is not a valid web address; enter it like https://example.com/inventory.csv", raw)
	}
	if u.User != nil {
		return nil, plain.New("Put the feed's user name and password in the Authorization field, not in the address, so they are kept in the keyring")
	}
	if strings.EqualFold(u.Scheme, "http") && !httpx.IsLoopback(u.Hostname()) {
		return nil, plain.Errorf("The feed address %s uses plain http://, which would send the file and any password unencrypted; use https:// (plain http:// is only allowed to this computer, such as http://127.0.0.1)", u.Redacted())
	}
	tr := o.transport
	if tr == nil {
		t := httpx.NewTransport()
		t.ResponseHeaderTimeout = responseHeaderTimeout
		tr = t
	}
	c, err := httpx.New(httpx.Options{
		BaseURL:    u.String(),
		Platform:   "The feed server",
		Timeout:    downloadTimeout,
		MaxRetries: downloadRetries,
		Sleep:      o.sleep,
		Transport:  tr,
	})
	if err != nil {
		return nil, plain.Wrap(err, "The feed address cannot be used")
	}
	return &webSource{url: u, auth: strings.TrimSpace(auth), client: c}, nil
}

// fileName is the last path segment of the address, for messages.
func (w *webSource) fileName() string {
	if base := path.Base(w.url.Path); base != "." && base != "/" && base != "" {
		return base
	}
	return w.url.Host
}

// open downloads the file. With validators it asks the server to answer
// 304 when the file has not changed since they were saved.
func (w *webSource) open(ctx context.Context, v validators) (*opened, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.url.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("build the feed request: %w", err)
	}
	req.Header.Set("Accept", "text/csv, text/plain;q=0.9, */*;q=0.5")
	if w.auth != "" {
		req.Header.Set("Authorization", w.auth)
	}
	conditional := v.ETag != "" || v.LastModified != ""
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	before := w.client.Calls()
	resp, err := w.client.Do(ctx, req)
	calls := int(w.client.Calls() - before)
	if err != nil {
		return nil, w.describe(ctx, err)
	}
	file := &opened{name: w.fileName(), apiCalls: calls}
	if resp.StatusCode == http.StatusNotModified {
		resp.Body.Close()
		if !conditional {
			return nil, plain.Errorf("The feed server at %s answered 304 Not Modified to a plain download; check the address", w.url.Host)
		}
		file.notModified = true
		return file, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		return nil, plain.Errorf("The feed server at %s answered HTTP %d %s instead of the file; check the address", w.url.Host, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if lm := resp.Header.Get("Last-Modified"); lm != "" {
		if t, err := http.ParseTime(lm); err == nil {
			file.modTime = t
		}
	}
	file.validators = &validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	file.body = resp.Body
	return file, nil
}

// describe turns a failed download into a sentence that says what to do.
func (w *webSource) describe(ctx context.Context, err error) error {
	host := w.url.Host
	var se *httpx.StatusError
	var cert *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var dnsErr *net.DNSError
	var redirect *httpx.RedirectError
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("download from %s stopped: %w", host, ctx.Err())
	case errors.As(err, &redirect):
		return redirect
	case errors.As(err, &se):
		switch {
		case se.StatusCode == http.StatusUnauthorized || se.StatusCode == http.StatusForbidden:
			return plain.Wrap(connector.ErrUnauthorized, "The feed server at %s refused access (HTTP %d); check the Authorization value in this connection's settings", host, se.StatusCode)
		case se.StatusCode == http.StatusNotFound || se.StatusCode == http.StatusGone:
			return plain.Errorf("The feed server at %s has no file at %s (HTTP %d); check the address in this connection's settings", host, w.url.Path, se.StatusCode)
		case se.StatusCode == http.StatusTooManyRequests || se.StatusCode >= 500:
			return plain.Wrap(connector.ErrUnavailable, "The feed server at %s kept answering HTTP %d %s (%d tries); nothing was synced, try again later", host, se.StatusCode, http.StatusText(se.StatusCode), se.Attempts)
		}
		return plain.Errorf("The feed server at %s answered HTTP %d %s; check the address in this connection's settings", host, se.StatusCode, http.StatusText(se.StatusCode))
	case errors.As(err, &cert), errors.As(err, &unknownCA), errors.As(err, &hostErr):
		return plain.Wrap(connector.ErrUnavailable, "The feed server at %s did not prove who it is (its certificate could not be verified), so nothing was downloaded; check the address, or ask the server's owner to fix its certificate", host)
	case errors.As(err, &dnsErr):
		return plain.Wrap(connector.ErrUnavailable, "The feed server %s could not be found; check the address and this computer's internet connection", w.url.Hostname())
	}
	return plain.Wrap(connector.ErrUnavailable, "The feed server at %s could not be reached (%v); check the address and this computer's internet connection", host, err)
}

// Calls is how many requests the feed has sent, retries included (0 for
// a file on this computer).
func (f *Feed) Calls() int {
	if f.web == nil {
		return 0
	}
	return int(f.web.client.Calls())
}
