package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
)

const (
	// maxResponseBytes bounds a GraphQL answer held in memory; a 250-node
	// page is well under 1 MB.
	maxResponseBytes = 32 << 20
	// maxThrottledRetries bounds THROTTLED answers waited out for one call.
	maxThrottledRetries = 8
	// maxTransientRetries bounds malformed or INTERNAL_SERVER_ERROR answers
	// retried for one call (HTTP-level retries are httpx's).
	maxTransientRetries = 3
)

// sentenceError is an error whose text is the sentence the user reads; the
// cause is kept for errors.Is and logs.
type sentenceError struct {
	msg   string
	cause error
}

func (e *sentenceError) Error() string { return e.msg }
func (e *sentenceError) Unwrap() error { return e.cause }

func errUnauthorized() error {
	return &sentenceError{msg: unauthorizedSentence, cause: connector.ErrUnauthorized}
}

// costInfo is extensions.cost of a response.
type costInfo struct {
	RequestedQueryCost *float64 `json:"requestedQueryCost"`
	ActualQueryCost    *float64 `json:"actualQueryCost"`
	ThrottleStatus     *struct {
		MaximumAvailable   float64 `json:"maximumAvailable"`
		CurrentlyAvailable float64 `json:"currentlyAvailable"`
		RestoreRate        float64 `json:"restoreRate"`
	} `json:"throttleStatus"`
}

type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

// gqlResponse is a decoded GraphQL answer.
type gqlResponse struct {
	Data   json.RawMessage
	Errors []gqlError
	Cost   *costInfo
}

// decodeResponse decodes a GraphQL answer. Shopify's top-level "errors" is
// usually a list of error objects, but a 400 carries an object
// ({"query": "Required parameter missing or invalid"}) and a 401 a string;
// all three become Errors.
func decodeResponse(body []byte) (gqlResponse, error) {
	var raw struct {
		Data       json.RawMessage `json:"data"`
		Errors     json.RawMessage `json:"errors"`
		Extensions struct {
			Cost *costInfo `json:"cost"`
		} `json:"extensions"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return gqlResponse{}, fmt.Errorf("decode GraphQL response: %w", err)
	}
	out := gqlResponse{Data: raw.Data, Cost: raw.Extensions.Cost}
	if bytes.Equal(bytes.TrimSpace(out.Data), []byte("null")) {
		out.Data = nil
	}
	errs, err := decodeErrors(raw.Errors)
	if err != nil {
		return gqlResponse{}, err
	}
	out.Errors = errs
	return out, nil
}

func decodeErrors(raw json.RawMessage) ([]gqlError, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	switch raw[0] {
	case '[':
		var list []gqlError
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("decode GraphQL errors: %w", err)
		}
		return list, nil
	case '{':
		var obj map[string]any
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, fmt.Errorf("decode GraphQL errors: %w", err)
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]gqlError, 0, len(keys))
		for _, k := range keys {
			out = append(out, gqlError{Message: fmt.Sprintf("%s: %v", k, obj[k])})
		}
		return out, nil
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("decode GraphQL errors: %w", err)
		}
		return []gqlError{{Message: s}}, nil
	}
	return nil, fmt.Errorf("decode GraphQL errors: unexpected %.20q", raw)
}

func errorMessages(errs []gqlError) string {
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		m := e.Message
		if e.Extensions.Code != "" {
			m += " (" + e.Extensions.Code + ")"
		}
		msgs = append(msgs, m)
	}
	return strings.Join(msgs, "; ")
}

// call sends one GraphQL operation and decodes its data into out. estimate
// is the requested cost to budget for until Shopify has told us the real
// one for op. THROTTLED answers and transient failures are waited out and
// retried; everything else becomes an error with a sentence for the user.
func (s *Store) call(ctx context.Context, op, query string, vars map[string]any, estimate int, out any) error {
	payload, err := json.Marshal(map[string]any{"query": query, "variables": vars, "operationName": op})
	if err != nil {
		return fmt.Errorf("%s: encode request: %w", op, err)
	}
	// Costs are learned per operation and estimate, so a 3-id re-read does
	// not budget like a 250-id one.
	key := fmt.Sprintf("%s:%d", op, estimate)
	throttles, transients := 0, 0
	for {
		cost := s.pacer.estimate(key, estimate)
		if err := s.pacer.wait(ctx, s.opts.Now, s.opts.Sleep, cost); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		body, err := s.post(ctx, payload)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		resp, err := decodeResponse(body)
		if err != nil {
			transients++
			if transients > maxTransientRetries {
				return fmt.Errorf("%s: %w", op, &sentenceError{
					msg:   "Shopify keeps sending answers that are not valid JSON: try again later",
					cause: errors.Join(connector.ErrUnavailable, err),
				})
			}
			if err := s.opts.Sleep(ctx, time.Duration(transients)*time.Second); err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
			continue
		}
		s.pacer.observe(s.opts.Now(), key, resp.Cost)
		if len(resp.Errors) > 0 {
			code := resp.Errors[0].Extensions.Code
			switch code {
			case "THROTTLED":
				s.throttled.Add(1)
				throttles++
				if throttles > maxThrottledRetries {
					return fmt.Errorf("%s: %w", op, &sentenceError{
						msg:   "Shopify kept rate-limiting the sync: try again in a few minutes",
						cause: connector.ErrUnavailable,
					})
				}
				// The pacer now knows the bucket is short and waits for it
				// to refill. When the report says the bucket could afford
				// the request (or says nothing), our picture is wrong: wait
				// a second anyway rather than hammer Shopify.
				s.pacer.mustWaitFor(key, resp.Cost)
				if !s.pacer.short(s.opts.Now(), s.pacer.estimate(key, estimate)) {
					if err := s.opts.Sleep(ctx, time.Second); err != nil {
						return fmt.Errorf("%s: %w", op, err)
					}
				}
				continue
			case "ACCESS_DENIED":
				return fmt.Errorf("%s: %w", op, errUnauthorized())
			case "INTERNAL_SERVER_ERROR":
				transients++
				if transients > maxTransientRetries {
					return fmt.Errorf("%s: %w", op, &sentenceError{
						msg:   "Shopify keeps reporting an internal error: try again later",
						cause: connector.ErrUnavailable,
					})
				}
				if err := s.opts.Sleep(ctx, time.Duration(transients)*time.Second); err != nil {
					return fmt.Errorf("%s: %w", op, err)
				}
				continue
			case "SHOP_INACTIVE":
				return fmt.Errorf("%s: %w", op, &sentenceError{msg: "Shopify says the shop is inactive (closed or frozen): reopen it in the Shopify admin"})
			}
			return fmt.Errorf("%s: Shopify refused the request: %s", op, errorMessages(resp.Errors))
		}
		if resp.Data == nil {
			return fmt.Errorf("%s: Shopify answered without data or errors", op)
		}
		if err := json.Unmarshal(resp.Data, out); err != nil {
			return fmt.Errorf("%s: decode data: %w", op, err)
		}
		return nil
	}
}

// post sends the request body and returns the response body.
func (s *Store) post(ctx context.Context, payload []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.endpoint, bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Shopify-Access-Token", s.token)
	resp, err := s.http.Do(ctx, req)
	if err != nil {
		return nil, s.httpError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, &sentenceError{msg: "The answer from Shopify was cut off: try again", cause: errors.Join(connector.ErrUnavailable, err)}
	}
	return body, nil
}

// httpError turns what httpx reports into a sentence for the user.
func (s *Store) httpError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if httpx.IsCertificateError(err) {
		return &sentenceError{msg: "The shop at " + s.endpoint + " did not prove who it is (its certificate could not be verified), so nothing was sent: check the shop address, or whether this network intercepts secure connections", cause: err}
	}
	var redirect *httpx.RedirectError
	if errors.As(err, &redirect) {
		return redirect
	}
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		return &sentenceError{msg: "Could not reach Shopify at " + s.endpoint + ": check the internet connection and the shop address", cause: err}
	}
	switch code := se.StatusCode; {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return errUnauthorized()
	case code == http.StatusPaymentRequired:
		return &sentenceError{msg: "Shopify says the shop is frozen for an unpaid bill (HTTP 402): the shop owner must settle it in the Shopify admin", cause: err}
	case code == http.StatusNotFound:
		return &sentenceError{msg: fmt.Sprintf("Shopify has no Admin API at %s: check the shop address and the API version (%s)", s.endpoint, s.version), cause: err}
	case code == http.StatusLocked:
		return &sentenceError{msg: "Shopify says the shop is locked (HTTP 423): try again later, or contact Shopify support if it lasts", cause: errors.Join(connector.ErrUnavailable, err)}
	case code == http.StatusTooManyRequests:
		return &sentenceError{msg: "Shopify kept rate-limiting the sync: try again in a few minutes", cause: errors.Join(connector.ErrUnavailable, err)}
	case code >= 500:
		return &sentenceError{msg: fmt.Sprintf("Shopify is not answering properly (HTTP %d): try again later", code), cause: err}
	case code == http.StatusBadRequest:
		detail := string(se.Body)
		if errs, derr := decodeResponse(se.Body); derr == nil && len(errs.Errors) > 0 {
			detail = errorMessages(errs.Errors)
		}
		return fmt.Errorf("Shopify rejected the request as malformed (%s): %w", detail, err)
	}
	return err
}

// pacer tracks Shopify's cost bucket client-side: what the last answer said
// was available, refilled at the restore rate since, so that a request is
// only sent when the bucket can afford it.
type pacer struct {
	mu              sync.Mutex
	known           bool
	max, avail, per float64 // per = restore rate, points a second
	at              time.Time
	learned         map[string]int
}

func newPacer() *pacer { return &pacer{learned: map[string]int{}} }

// estimate is the cost to budget for op: what Shopify last said it
// requested for op, else the caller's estimate.
func (p *pacer) estimate(op string, fallback int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.learned[op]; ok {
		return c
	}
	return fallback
}

// reserve spends cost if the bucket holds it (returning 0), or says how
// long to wait until it will.
func (p *pacer) reserve(now time.Time, cost int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.known || p.per <= 0 {
		return 0
	}
	c := math.Min(float64(cost), p.max)
	level := p.level(now)
	if level >= c {
		p.avail, p.at = level-c, now
		return 0
	}
	return time.Duration(math.Ceil((c-level)/p.per*1000)) * time.Millisecond
}

// short reports whether the bucket, as last reported, cannot afford cost.
func (p *pacer) short(now time.Time, cost int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.known && p.per > 0 && p.level(now) < math.Min(float64(cost), p.max)
}

func (p *pacer) level(now time.Time) float64 {
	el := math.Max(now.Sub(p.at).Seconds(), 0)
	return math.Min(p.max, p.avail+p.per*el)
}

// wait blocks until the bucket can afford cost.
func (p *pacer) wait(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error, cost int) error {
	for {
		d := p.reserve(now(), cost)
		if d == 0 {
			return ctx.Err()
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// observe takes in what an answer said about the bucket and the cost.
func (p *pacer) observe(now time.Time, op string, c *costInfo) {
	if c == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.RequestedQueryCost != nil && *c.RequestedQueryCost > 0 {
		p.learned[op] = int(math.Ceil(*c.RequestedQueryCost))
	}
	if t := c.ThrottleStatus; t != nil && t.MaximumAvailable > 0 {
		p.known, p.max, p.avail, p.per, p.at = true, t.MaximumAvailable, t.CurrentlyAvailable, t.RestoreRate, now
	}
}

// mustWaitFor makes sure the next wait for op covers the cost Shopify said
// it requested, even if our estimate was lower.
func (p *pacer) mustWaitFor(op string, c *costInfo) {
	if c == nil || c.RequestedQueryCost == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := int(math.Ceil(*c.RequestedQueryCost)); n > p.learned[op] {
		p.learned[op] = n
	}
}
