package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/plain"
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

func errUnauthorized() error {
	return &plain.Error{Sentence: unauthorizedSentence, Cause: connector.ErrUnauthorized}
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

// costError is Shopify refusing a request for its cost alone: over the
// single-query cap (MAX_COST_EXCEEDED) or over what the bucket can ever
// hold (THROTTLED with a requested cost above maximumAvailable). Waiting
// does not help; a smaller request does.
type costError struct {
	requested, limit int
}

func (e *costError) Error() string {
	return fmt.Sprintf("Shopify refused a request costing %d points (its limit is %d): ShelfSync asks for less at a time", e.requested, e.limit)
}

// call sends one GraphQL operation and decodes its data into out. estimate
// is the requested cost to budget for until Shopify has told us the real
// one for op. THROTTLED answers and transient failures are waited out and
// retried, a refused token is renewed once; a request refused for its cost
// returns a *costError; everything else becomes an error with a sentence
// for the user.
func (s *Store) call(ctx context.Context, op, query string, vars map[string]any, estimate int, out any) error {
	payload, err := json.Marshal(map[string]any{"query": query, "variables": vars, "operationName": op})
	if err != nil {
		return fmt.Errorf("%s: encode request: %w", op, err)
	}
	// Costs are learned per operation and estimate, so a 3-id re-read does
	// not budget like a 250-id one.
	key := fmt.Sprintf("%s:%d", op, estimate)
	throttles, transients, renewed := 0, 0, false
	for {
		cost := s.pacer.estimate(key, estimate)
		if err := s.pacer.wait(ctx, s.opts.Now, s.opts.Sleep, cost); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		token, err := s.tokens.get(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		body, err := s.post(ctx, payload, token)
		if errors.Is(err, errTokenRefused) && !renewed && s.tokens.refused(token) {
			// A grant token can expire early or be revoked: get a new one,
			// once; a second refusal is the credentials' fault.
			renewed = true
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		resp, err := decodeResponse(body)
		if err != nil {
			transients++
			if transients > maxTransientRetries {
				return fmt.Errorf("%s: %w", op, &plain.Error{
					Sentence: "Shopify keeps sending answers that are not valid JSON: try again later",
					Cause:    errors.Join(connector.ErrUnavailable, err),
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
			case "MAX_COST_EXCEEDED":
				return fmt.Errorf("%s: %w", op, &costError{requested: requestedCost(resp.Cost, cost), limit: maxSingleQueryCost})
			case "THROTTLED":
				s.throttled.Add(1)
				throttles++
				if c := resp.Cost; c != nil && c.ThrottleStatus != nil && c.RequestedQueryCost != nil && *c.RequestedQueryCost > c.ThrottleStatus.MaximumAvailable {
					return fmt.Errorf("%s: %w", op, &costError{requested: requestedCost(c, cost), limit: int(c.ThrottleStatus.MaximumAvailable)})
				}
				if throttles > maxThrottledRetries {
					return fmt.Errorf("%s: %w", op, &plain.Error{
						Sentence: "Shopify kept rate-limiting the sync: try again in a few minutes",
						Cause:    connector.ErrUnavailable,
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
					return fmt.Errorf("%s: %w", op, &plain.Error{
						Sentence: "Shopify keeps reporting an internal error: try again later",
						Cause:    connector.ErrUnavailable,
					})
				}
				if err := s.opts.Sleep(ctx, time.Duration(transients)*time.Second); err != nil {
					return fmt.Errorf("%s: %w", op, err)
				}
				continue
			case "SHOP_INACTIVE":
				return fmt.Errorf("%s: %w", op, &plain.Error{Sentence: "Shopify says the shop is inactive (closed or frozen): reopen it in the Shopify admin"})
			}
			return fmt.Errorf("%s: Shopify refused the request: %s", op, s.tokens.scrub(errorMessages(resp.Errors)))
		}
		if resp.Data == nil {
			return fmt.Errorf("%s: Shopify answered without data or errors", op)
		}
		if err := json.Unmarshal(resp.Data, out); err != nil {
			return fmt.Errorf("%s: %w", op, s.unreadableAnswer(err))
		}
		return nil
	}
}

// unreadableAnswer is an answer whose data does not have the shape the
// query asked for: something between the merchant and Shopify answered in
// its place, or the API version changed a field. The merchant reads which
// field and what to do; Go's types stay in the log.
func (s *Store) unreadableAnswer(err error) error {
	what := "Shopify's answer had a shape ShelfSync does not read"
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		what = fmt.Sprintf("Shopify's answer had %q as %s where ShelfSync reads %s", typeErr.Field, connector.JSONKind(typeErr.Value), connector.JSONKindOf(typeErr.Type))
	}
	return plain.Wrap(fmt.Errorf("decode data: %w", err),
		"%s: something between this computer and Shopify may have answered in its place, or Shopify's Admin API %s changed; try again later, and if it stays, set the connection's API version or update ShelfSync.",
		what, s.version)
}

// requestedCost is the cost Shopify said a request asked for, else ours.
func requestedCost(c *costInfo, ours int) int {
	if c != nil && c.RequestedQueryCost != nil && *c.RequestedQueryCost > 0 && *c.RequestedQueryCost <= maxBucket {
		return int(*c.RequestedQueryCost)
	}
	return ours
}

// errTokenRefused marks a 401 from the Admin API.
var errTokenRefused = errors.New("access token refused")

// post sends the request body and returns the response body.
func (s *Store) post(ctx context.Context, payload []byte, token string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.endpoint, bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Shopify-Access-Token", token)
	resp, err := s.http.Do(ctx, req)
	if err != nil {
		return nil, s.httpError(err)
	}
	defer resp.Body.Close()
	s.checkVersion(resp.Header.Get("X-Shopify-API-Version"))
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, &plain.Error{Sentence: "The answer from Shopify was cut off: try again", Cause: errors.Join(connector.ErrUnavailable, err)}
	}
	return body, nil
}

// checkVersion notes when Shopify answered with another API version than
// asked: the one asked is no longer supported (Shopify fell forward) and
// writes may soon fail in ways nobody would understand.
func (s *Store) checkVersion(served string) {
	served = strings.TrimSpace(served)
	if served == "" || served == s.version || !versionRE.MatchString(served) {
		return
	}
	s.notice(fmt.Sprintf("Shopify is answering with API %s instead of %s: update ShelfSync (or set the API version to %s in the connection's settings).", served, s.version, served))
}

// httpError turns what httpx reports into a sentence for the user.
func (s *Store) httpError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if httpx.IsCertificateError(err) {
		return &plain.Error{Sentence: "The shop at " + s.shop + " did not prove who it is (its certificate could not be verified), so nothing was sent: check the shop address, or whether this network intercepts secure connections", Cause: err}
	}
	var redirect *httpx.RedirectError
	if errors.As(err, &redirect) {
		return redirect
	}
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		return &plain.Error{Sentence: "Could not reach Shopify at " + s.shop + ": check the internet connection and the shop address", Cause: fmt.Errorf("POST %s: %w", s.endpoint, err)}
	}
	switch code := se.StatusCode; {
	case code == http.StatusUnauthorized:
		if s.tokens.usesGrant() {
			return &plain.Error{Sentence: "Shopify refused the access token it gave the app: check that the app is still installed on this store, with the scopes read_products, read_inventory, write_inventory and read_locations", Cause: errors.Join(connector.ErrUnauthorized, errTokenRefused)}
		}
		return &plain.Error{Sentence: unauthorizedSentence, Cause: errors.Join(connector.ErrUnauthorized, errTokenRefused)}
	case code == http.StatusForbidden:
		return errUnauthorized()
	case code == http.StatusPaymentRequired:
		return &plain.Error{Sentence: "Shopify says the shop is frozen for an unpaid bill (HTTP 402): the shop owner must settle it in the Shopify admin", Cause: err}
	case code == http.StatusNotFound:
		return &plain.Error{Sentence: fmt.Sprintf("Shopify has no Admin API at %s: check the shop address and the API version (%s)", s.shop, s.version), Cause: fmt.Errorf("POST %s: %w", s.endpoint, err)}
	case code == http.StatusLocked:
		return &plain.Error{Sentence: "Shopify says the shop is locked (HTTP 423): try again later, or contact Shopify support if it lasts", Cause: errors.Join(connector.ErrUnavailable, err)}
	case code == http.StatusTooManyRequests:
		return &plain.Error{Sentence: "Shopify kept rate-limiting the sync: try again in a few minutes", Cause: errors.Join(connector.ErrUnavailable, err)}
	case code >= 500:
		return &plain.Error{Sentence: fmt.Sprintf("Shopify is not answering properly (HTTP %d): try again later", code), Cause: err}
	case code == http.StatusBadRequest:
		detail := string(se.Body)
		if errs, derr := decodeResponse(se.Body); derr == nil && len(errs.Errors) > 0 {
			detail = errorMessages(errs.Errors)
		}
		return plain.Wrap(err, "Shopify rejected the request as malformed (%s)", s.tokens.scrub(detail))
	}
	return err
}
