package shopify

import (
	"context"
	"errors"
	"reflect"
	"shelfsync/backend/plain"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shopify/shopifyfake"
)

func assertUnauthorized(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, connector.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if got := plain.Sentence(err); got != unauthorizedSentence+"." {
		t.Errorf("the merchant reads %q, want %q", got, unauthorizedSentence+".")
	}
}

func TestNewUnderstandsTheWaysMerchantsWriteTheirShop(t *testing.T) {
	cases := map[string]string{
		"acme":                               "https://acme.myshopify.com/admin/api/" + DefaultAPIVersion + "/graphql.json",
		"acme.myshopify.com":                 "https://acme.myshopify.com/admin/api/" + DefaultAPIVersion + "/graphql.json",
		" https://acme.myshopify.com/admin ": "https://acme.myshopify.com/admin/api/" + DefaultAPIVersion + "/graphql.json",
		"acme.myshopify.com/":                "https://acme.myshopify.com/admin/api/" + DefaultAPIVersion + "/graphql.json",
		"http://127.0.0.1:8123":              "http://127.0.0.1:8123/admin/api/" + DefaultAPIVersion + "/graphql.json",
	}
	for shop, want := range cases {
		s, err := New(connector.Config{Settings: map[string]string{SettingShop: shop}, Secrets: map[string]string{SecretToken: "t"}})
		if err != nil {
			t.Errorf("shop %q: %v", shop, err)
			continue
		}
		if s.endpoint != want {
			t.Errorf("shop %q: endpoint %s, want %s", shop, s.endpoint, want)
		}
	}
}

func TestNewRefusesSettingsItCannotUse(t *testing.T) {
	cases := []struct {
		name     string
		settings map[string]string
		token    string
		want     string
	}{
		{"no token", map[string]string{SettingShop: "acme"}, "", "access token"},
		{"no shop", map[string]string{}, "t", "shop address"},
		{"bad shop", map[string]string{SettingShop: "acme shop!"}, "t", "not valid"},
		{"plain http", map[string]string{SettingShop: "http://acme.myshopify.com"}, "t", "https://"},
		{"bad version", map[string]string{SettingShop: "acme", SettingAPIVersion: "latest"}, "t", "API version"},
		{"bad location", map[string]string{SettingShop: "acme", SettingLocation: "Main"}, "t", "location id"},
	}
	for _, c := range cases {
		_, err := New(connector.Config{Settings: c.settings, Secrets: map[string]string{SecretToken: c.token}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

func TestTheDefaultLocationIsTheFirstActiveOneFulfillingOnlineOrders(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{Locations: []shopifyfake.Location{
		{ID: 5, Name: "Backroom", Active: true},
		{ID: 6, Name: "Closed shop", Active: false, FulfillsOnlineOrders: true},
		{ID: 7, Name: "Depot", Active: true, FulfillsOnlineOrders: true},
	}}, Options{})

	loc, err := w.store.resolveLocation(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if loc.ID != "gid://shopify/Location/7" || loc.Name != "Depot" {
		t.Errorf("location = %+v, want Depot (7)", loc)
	}
}

func TestAConfiguredLocationIsUsedByItsNumber(t *testing.T) {
	f := shopifyfake.New(shopifyfake.Options{Locations: []shopifyfake.Location{
		{ID: 5, Name: "Backroom", Active: true},
		{ID: 7, Name: "Depot", Active: true, FulfillsOnlineOrders: true},
	}})
	defer f.Close()
	s, err := New(connector.Config{Settings: map[string]string{SettingShop: f.URL(), SettingLocation: "5"}, Secrets: map[string]string{SecretToken: f.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	loc, err := s.resolveLocation(context.Background())
	if err != nil || loc.Name != "Backroom" {
		t.Errorf("location = %+v, %v; want Backroom", loc, err)
	}
}

// The window offers the active locations by name after Test connection,
// instead of asking for a location id.
func TestTestConnectionOffersTheActiveLocationsByName(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{Locations: []shopifyfake.Location{
		{ID: 5, Name: "Backroom", Active: true},
		{ID: 6, Name: "Closed shop", Active: false, FulfillsOnlineOrders: true},
		{ID: 7, Name: "Depot", Active: true, FulfillsOnlineOrders: true},
	}}, Options{})

	res, err := w.store.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := connector.Choices{
		Options:  []connector.Choice{{Value: "gid://shopify/Location/5", Label: "Backroom"}, {Value: "gid://shopify/Location/7", Label: "Depot"}},
		Selected: "gid://shopify/Location/7",
	}
	if got := res.Choices[SettingLocation]; !reflect.DeepEqual(got, want) {
		t.Errorf("the location choices are %+v, want %+v", got, want)
	}
}

func TestTestConnectionSummarisesTheShop(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariants("CAP", 1200)

	res, err := w.store.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary != "Connected to Fake Shop: 1,200 variants; stock is synced at Main warehouse. The app has the access scopes read_products, read_inventory, write_inventory, read_locations." {
		t.Errorf("summary = %q", res.Summary)
	}
	if res.Count != 1200 || len(res.Sample) != 5 || res.Sample[0] != "CAP-00001: 0 available" {
		t.Errorf("count %d, sample %q", res.Count, res.Sample)
	}
}

func TestARefusedTokenSaysWhatToCheck(t *testing.T) {
	f := shopifyfake.New(shopifyfake.Options{})
	defer f.Close()
	s, err := New(connector.Config{Settings: map[string]string{SettingShop: f.URL()}, Secrets: map[string]string{SecretToken: "shpat_wrong"}})
	if err != nil {
		t.Fatal(err)
	}

	_, err = s.ReadIndex(context.Background())

	assertUnauthorized(t, err)
	if f.Stats().Unauthorized != 1 {
		t.Errorf("the refused token was sent %d times, want once", f.Stats().Unauthorized)
	}
}

func TestThrottledAnswersAreWaitedOutRetriedAndCounted(t *testing.T) {
	for _, fault := range []shopifyfake.Fault{shopifyfake.FaultThrottled, shopifyfake.FaultHTTP429} {
		w := newWorld(t, shopifyfake.Options{}, Options{})
		w.fake.AddVariant("A", 1)
		idx := w.readIndex(t)
		w.fake.InjectFaults(fault, fault)

		res := w.pushAll(t, pushesTo(idx, func(string) int { return 2 }))

		if r := resultFor(t, res, "A"); !r.OK {
			t.Errorf("fault %d: %+v, want written after the throttling", fault, r)
		}
		if res.Throttled != 2 {
			t.Errorf("fault %d: Throttled = %d, want 2", fault, res.Throttled)
		}
		if w.clock.Slept() < time.Second {
			t.Errorf("fault %d: retried after %v of waiting, want at least a second", fault, w.clock.Slept())
		}
	}
}

func TestServerErrorsAreRetriedThenReportedAsUnavailable(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariant("A", 1)
	w.fake.InjectFaults(shopifyfake.FaultHTTP500, shopifyfake.FaultHTTP503, shopifyfake.FaultInternalError)
	if _, err := w.store.ReadIndex(context.Background()); err != nil {
		t.Fatalf("a few transient failures should be retried: %v", err)
	}

	faults := make([]shopifyfake.Fault, 20)
	for i := range faults {
		faults[i] = shopifyfake.FaultHTTP503
	}
	w.fake.InjectFaults(faults...)
	_, err := w.store.ReadIndex(context.Background())
	if !errors.Is(err, connector.ErrUnavailable) || !strings.Contains(err.Error(), "try again later") {
		t.Fatalf("err = %v, want ErrUnavailable telling the user to try later", err)
	}
}

func TestMalformedJSONIsAnErrorNotAPanic(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.AddVariant("A", 1)
	w.fake.InjectFaults(shopifyfake.FaultMalformedJSON)
	if _, err := w.store.ReadIndex(context.Background()); err != nil {
		t.Fatalf("one malformed answer should be retried: %v", err)
	}

	w.fake.InjectFaults(shopifyfake.FaultMalformedJSON, shopifyfake.FaultMalformedJSON, shopifyfake.FaultMalformedJSON, shopifyfake.FaultMalformedJSON)
	_, err := w.store.ReadIndex(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Fatalf("err = %v, want a not-valid-JSON error", err)
	}
}

func TestALockedShopIsReported(t *testing.T) {
	w := newWorld(t, shopifyfake.Options{}, Options{})
	w.fake.InjectFaults(shopifyfake.FaultHTTP423)

	_, err := w.store.ReadIndex(context.Background())

	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("err = %v, want the shop reported locked", err)
	}
}

func TestPacerWaitsUntilTheBucketAffordsTheCost(t *testing.T) {
	p := newPacer(DefaultMaxWait)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if d := p.reserve(start, 500); d != 0 {
		t.Fatalf("with no report yet the pacer waited %v", d)
	}
	avail, max, rate := 100.0, 1000.0, 50.0
	p.observe(start, "op", &costInfo{ThrottleStatus: &struct {
		MaximumAvailable   float64 `json:"maximumAvailable"`
		CurrentlyAvailable float64 `json:"currentlyAvailable"`
		RestoreRate        float64 `json:"restoreRate"`
	}{max, avail, rate}})

	if d := p.reserve(start, 600); d != 10*time.Second {
		t.Errorf("600 points from 100 at 50/s: wait %v, want 10s", d)
	}
	if d := p.reserve(start.Add(10*time.Second), 600); d != 0 {
		t.Errorf("after 10s: wait %v, want none", d)
	}
	if d := p.reserve(start.Add(10*time.Second), 50); d != time.Second {
		t.Errorf("the bucket was spent: wait %v, want 1s", d)
	}
}
