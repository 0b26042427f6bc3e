package shopify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/plain"
)

// A Dev Dashboard app (the only kind a merchant can create since 1 January
// 2026) has a client ID and secret, not a token. Its token comes from the
// client credentials grant: POST {shop}/admin/oauth/access_token with
// grant_type=client_credentials, answered with access_token, scope and
// expires_in (24 hours on Shopify). The token is kept in memory only, for
// as long as the Store lives (one run); it is renewed before it expires
// and once after a 401, and never written to disk or a log.

const (
	// maxTokenLifetime is the most of a server's expires_in believed:
	// Shopify says 24 hours; a larger figure is not worth trusting.
	maxTokenLifetime = 7 * 24 * time.Hour
	// renewAhead is the most of a token's life given up to renew it before
	// it runs out (a fifth of the lifetime when that is shorter).
	renewAhead = 5 * time.Minute
)

// credentialsRefusedSentence is what the user reads when the grant refuses
// the app's client ID and secret.
const credentialsRefusedSentence = "Shopify refused the app's client ID and secret: copy both again from the app's Settings in the Shopify Dev Dashboard, and check that the app is installed on this store"

// tokenSource hands out the access token for each request: a legacy
// admin-app token as is, or one obtained and renewed with the client
// credentials grant.
type tokenSource struct {
	static   string // legacy token; empty when the grant is used
	endpoint string // the grant's URL
	clientID string
	secret   string
	http     *httpx.Client
	now      func() time.Time

	mu      sync.Mutex
	token   string
	renewAt time.Time
	// issued are the tokens the grant gave this Store, masked in any
	// server text it passes on (a hostile server may quote them; the
	// connection's redactor knows only the secrets it was configured with).
	issued []string
	// requests counts grants asked for (tests and run figures).
	requests atomic.Int64
}

// scrub masks every token this source has issued in text from a server.
func (ts *tokenSource) scrub(text string) string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for _, tok := range ts.issued {
		text = strings.ReplaceAll(text, tok, "[token]")
	}
	return text
}

// usesGrant tells whether tokens come from the client credentials grant.
func (ts *tokenSource) usesGrant() bool { return ts.static == "" }

// get returns a token good for the next request, asking for a new one when
// none is held or the one held is about to expire.
func (ts *tokenSource) get(ctx context.Context) (string, error) {
	if !ts.usesGrant() {
		return ts.static, nil
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.token != "" && ts.now().Before(ts.renewAt) {
		return ts.token, nil
	}
	return ts.renewLocked(ctx)
}

// refused forgets tok after Shopify answered 401 to it, so the next get
// asks for a new one. It reports whether a new token is worth trying: only
// grant tokens are renewed, and only the one that was refused (another
// request may have renewed it already).
func (ts *tokenSource) refused(tok string) bool {
	if !ts.usesGrant() {
		return false
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.token == tok {
		ts.token = ""
	}
	return true
}

type grantAnswer struct {
	AccessToken string  `json:"access_token"`
	Scope       string  `json:"scope"`
	ExpiresIn   float64 `json:"expires_in"`
}

type grantRefusal struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func (ts *tokenSource) renewLocked(ctx context.Context) (string, error) {
	ts.requests.Add(1)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ts.clientID}, "client_secret": {ts.secret}}
	req, err := http.NewRequestWithContext(httpx.WithSecretBody(ctx), http.MethodPost, ts.endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("get an access token: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	asked := ts.now()
	resp, err := ts.http.Do(req.Context(), req)
	if err != nil {
		return "", fmt.Errorf("get an access token: %w", grantError(err))
	}
	defer resp.Body.Close()
	var a grantAnswer
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&a); err != nil || strings.TrimSpace(a.AccessToken) == "" {
		return "", &plain.Error{Sentence: "Shopify answered the request for an access token without a token: try again later", Cause: connector.ErrUnavailable}
	}
	life := time.Duration(a.ExpiresIn * float64(time.Second))
	if !(a.ExpiresIn > 0) || life > maxTokenLifetime { // also catches NaN
		life = maxTokenLifetime
	}
	ts.token = a.AccessToken
	ts.issued = append(ts.issued, a.AccessToken)
	ts.renewAt = asked.Add(life - min(life/5, renewAhead))
	return ts.token, nil
}

// grantCodeRE is what an OAuth error code looks like; anything else is not
// repeated to the user.
var grantCodeRE = regexp.MustCompile(`^[a-z_]{1,40}$`)

// grantError turns a refused grant into a sentence. The answer's text is
// never quoted: a server could echo the secret in it.
func grantError(err error) error {
	var redirect *httpx.RedirectError
	if errors.As(err, &redirect) {
		return redirect
	}
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		return &plain.Error{Sentence: "Could not reach Shopify to get an access token: check the internet connection and the shop address", Cause: err}
	}
	if se.StatusCode >= 500 || se.StatusCode == http.StatusTooManyRequests {
		return &plain.Error{Sentence: fmt.Sprintf("Shopify could not give ShelfSync an access token (HTTP %d): try again later", se.StatusCode), Cause: errors.Join(connector.ErrUnavailable, err)}
	}
	var r grantRefusal
	_ = json.Unmarshal(se.Body, &r) // an answer that is not JSON leaves r empty: the generic sentence below
	switch r.Error {
	case "shop_not_permitted":
		return &plain.Error{Sentence: "Shopify does not let this app get a token for this store: create the app in the Dev Dashboard of the organisation that owns the store, and install it there", Cause: connector.ErrUnauthorized}
	case "invalid_client", "unauthorized_client", "invalid_grant", "":
		if se.StatusCode == http.StatusNotFound {
			return &plain.Error{Sentence: "The shop address does not lead to a Shopify store that answers token requests: check the shop address", Cause: err}
		}
		return &plain.Error{Sentence: credentialsRefusedSentence, Cause: connector.ErrUnauthorized}
	}
	if !grantCodeRE.MatchString(r.Error) {
		r.Error = "unknown reason"
	}
	return &plain.Error{Sentence: fmt.Sprintf("Shopify refused to give ShelfSync an access token (%s): check the app's client ID and secret and that the app is installed on this store", r.Error), Cause: connector.ErrUnauthorized}
}
