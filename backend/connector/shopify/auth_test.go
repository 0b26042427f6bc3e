package shopify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shopify/shopifyfake"
)

func TestAppCredentialsGetATokenAndRenewItBeforeItExpires(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{TokenLifetime: time.Minute, NoStaticToken: true}, Options{})
	w.fake.AddVariants("SKU", 10)
	s := w.appStore(t, DefaultAPIVersion, Options{})

	idx, err := s.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_ = w.clock.Sleep(context.Background(), 55*time.Second) // cannot fail: the context is live
	w.store = s
	res := w.pushAll(t, pushesTo(idx, func(string) int { return 7 }))

	if r := resultFor(t, res, "SKU-00001"); !r.OK {
		t.Errorf("push after 55 s: %+v", r)
	}
	st := w.fake.Stats()
	if s.TokenRequests() != 2 || st.TokenRequests != 2 {
		t.Errorf("tokens asked %d (fake saw %d), want 2: one, then a new one before the first expired", s.TokenRequests(), st.TokenRequests)
	}
	if st.ExpiredTokenUses != 0 || st.Unauthorized != 0 {
		t.Errorf("an expired token was sent %d times (401s: %d), want never", st.ExpiredTokenUses, st.Unauthorized)
	}
}

func TestATokenRefusedEarlyIsRenewedOnce(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{NoStaticToken: true}, Options{})
	w.fake.AddVariants("SKU", 3)
	s := w.appStore(t, DefaultAPIVersion, Options{})
	if _, err := s.ReadIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.fake.ExpireTokens() // revoked by Shopify long before expires_in

	if _, err := s.ReadIndex(context.Background()); err != nil {
		t.Fatalf("after a revoked token: %v", err)
	}
	if got := s.TokenRequests(); got != 2 {
		t.Errorf("tokens asked %d, want 2", got)
	}
	if got := w.fake.Stats().Unauthorized; got != 1 {
		t.Errorf("401s %d, want the one that led to the new token", got)
	}
}

func TestRefusedAppCredentialsSaySoInASentence(t *testing.T) {
	cases := []struct {
		name string
		fo   shopifyfake.Options
		want string
	}{
		{"wrong secret", shopifyfake.Options{ClientSecret: "the-real-one"}, credentialsRefusedSentence},
		{"store of another organisation", shopifyfake.Options{ShopNotPermitted: true}, "organisation that owns the store"},
	}
	for _, c := range cases {
		w := newWorld(t, c.fo, Options{})
		s := w.storeWith(t, Options{}, map[string]string{SettingClientID: w.fake.ClientID()}, map[string]string{SecretClientSecret: "fake-client-secret"})

		_, err := s.ReadIndex(context.Background())

		if !errors.Is(err, connector.ErrUnauthorized) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want ErrUnauthorized saying %q", c.name, err, c.want)
		}
		if strings.Contains(err.Error(), "fake-client-secret") {
			t.Errorf("%s: the error quotes the secret", c.name)
		}
		if got := w.fake.Stats().TokenRequests; got != 1 {
			t.Errorf("%s: asked for a token %d times, want once", c.name, got)
		}
	}
}

func TestTestConnectionNamesTheGrantedAndMissingScopes(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{ReadOnlyToken: true}, Options{})
	s := w.appStore(t, DefaultAPIVersion, Options{})

	_, err := s.Test(context.Background())

	if err == nil || !strings.Contains(err.Error(), "lacks the access scope write_inventory") || !strings.Contains(err.Error(), "it has read_products, read_inventory, read_locations") {
		t.Fatalf("err = %v, want the missing write_inventory named with the granted scopes", err)
	}
}

func TestCredentialsMustComeInPairs(t *testing.T) {
	for name, c := range map[string]struct {
		settings, secrets map[string]string
		want              string
	}{
		"id without secret": {map[string]string{SettingClientID: "id"}, map[string]string{}, "client secret"},
		"secret without id": {map[string]string{}, map[string]string{SecretClientSecret: "s"}, "client ID"},
		"nothing":           {map[string]string{}, map[string]string{}, "client ID and secret"},
	} {
		c.settings[SettingShop] = "acme"
		_, err := New(connector.Config{Settings: c.settings, Secrets: c.secrets})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one asking for the %s", name, err, c.want)
		}
	}
}

// The client secret travels in the grant's body: a shop answering 307 to
// another server must not get it resent there.
func TestTheClientSecretIsNotResentToAnotherOrigin(t *testing.T) {
	got := make(chan string, 1)
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // a test server: a short read only shows less
		got <- string(body)
	}))
	defer thief.Close()
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, thief.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer shop.Close()
	s, err := New(connector.Config{Settings: map[string]string{SettingShop: shop.URL, SettingClientID: "id"}, Secrets: map[string]string{SecretClientSecret: "s3cret-value"}})
	if err != nil {
		t.Fatal(err)
	}

	_, err = s.ReadIndex(context.Background())

	if err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("err = %v, want the redirect refused", err)
	}
	select {
	case body := <-got:
		t.Errorf("the other server received %q", body)
	default:
	}
}

// A server quoting the token it was sent in an error does not get it
// into the run's history: tokens from the grant are masked like secrets.
func TestAnIssuedTokenQuotedByTheServerIsMasked(t *testing.T) {
	var issued string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/admin/oauth/access_token" {
			issued = "shpat_issued_0123456789"
			fmt.Fprintf(w, `{"access_token":%q,"expires_in":86399}`, issued)
			return
		}
		fmt.Fprintf(w, `{"errors":[{"message":"bad token %s"}]}`, r.Header.Get("X-Shopify-Access-Token"))
	}))
	defer srv.Close()
	s, err := New(connector.Config{Settings: map[string]string{SettingShop: srv.URL, SettingClientID: "id"}, Secrets: map[string]string{SecretClientSecret: "x"}})
	if err != nil {
		t.Fatal(err)
	}

	_, err = s.ReadIndex(context.Background())

	if err == nil || issued == "" || strings.Contains(err.Error(), issued) || !strings.Contains(err.Error(), "[token]") {
		t.Errorf("err = %v, want the issued token masked", err)
	}
}
