package shopifyfake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The client credentials grant, as Shopify documents it for a Dev
// Dashboard app installed on a store its organisation owns:
// POST /admin/oauth/access_token with grant_type=client_credentials,
// client_id and client_secret (form-encoded, or JSON as Shopify's own
// libraries send it) answers {access_token, scope, expires_in}. The token
// expires after expires_in seconds (24 hours on Shopify; settable here).

// DefaultTokenLifetime is how long an issued token lasts unless
// Options.TokenLifetime says otherwise.
const DefaultTokenLifetime = 24 * time.Hour

// DefaultScopes are the access scopes the fake's app was granted.
var DefaultScopes = []string{"read_products", "read_inventory", "write_inventory", "read_locations"}

// issued is a token handed out by the grant.
type issued struct{ expires time.Time }

func newToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return "shpat_cc_" + hex.EncodeToString(b)
}

func (f *Fake) serveAccessToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"errors": "Method Not Allowed"})
		return
	}
	form, ok := readGrant(r)
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "The request body could not be read."})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stats.TokenRequests++
	refuse := func(code, desc string) {
		f.stats.TokensRefused++
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": code, "error_description": desc})
	}
	switch {
	case form.Get("grant_type") != "client_credentials":
		refuse("unsupported_grant_type", "The grant type is not supported.")
	case form.Get("client_id") != f.opts.ClientID || form.Get("client_secret") != f.opts.ClientSecret:
		refuse("invalid_client", "Client authentication failed.")
	case f.opts.ShopNotPermitted:
		refuse("shop_not_permitted", "Client credentials cannot be performed on this shop.")
	default:
		tok := newToken()
		f.tokens[tok] = issued{expires: f.opts.Clock.Now().Add(f.opts.TokenLifetime)}
		writeJSON(w, http.StatusOK, map[string]any{
			"access_token": tok,
			"scope":        strings.Join(f.opts.Scopes, ","),
			"expires_in":   int(f.opts.TokenLifetime / time.Second),
		})
	}
}

func readGrant(r *http.Request) (url.Values, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return nil, false
	}
	// A malformed Content-Type parses as "", and the body is read as a form.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
		var m map[string]string
		if json.Unmarshal(body, &m) != nil {
			return nil, false
		}
		v := url.Values{}
		for k, s := range m {
			v.Set(k, s)
		}
		return v, true
	}
	v, err := url.ParseQuery(string(body))
	return v, err == nil
}

// tokenValid tells whether tok may call the Admin API now: the static
// token of Options.Token, or an unexpired token from the grant. An expired
// one is counted. Called with the lock held.
func (f *Fake) tokenValid(tok string) bool {
	if tok == "" {
		return false
	}
	if tok == f.opts.Token && !f.opts.NoStaticToken {
		return true
	}
	t, ok := f.tokens[tok]
	if !ok {
		return false
	}
	if !f.opts.Clock.Now().Before(t.expires) {
		f.stats.ExpiredTokenUses++
		return false
	}
	return true
}

// ExpireTokens ends every token the grant has issued, as if their lifetime
// were over (Shopify may also revoke them early).
func (f *Fake) ExpireTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k := range f.tokens {
		f.tokens[k] = issued{expires: time.Time{}}
	}
}

// IssuedTokens lists the tokens handed out so far (tests look for them
// where they must never be).
func (f *Fake) IssuedTokens() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.tokens))
	for k := range f.tokens {
		out = append(out, k)
	}
	return out
}

func (f *Fake) hasScope(s string) bool {
	for _, g := range f.opts.Scopes {
		if g == s {
			return true
		}
	}
	return false
}
