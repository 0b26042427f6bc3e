package shipbob_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/shipbob"
	"shelfsync/backend/connector/shipbob/shipbobfake"
)

// clock is a fake time source whose Sleep moves time on instead of waiting;
// the client and the fake server share it.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.slept = append(c.slept, d)
	return ctx.Err()
}

func (c *clock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

func items(n int) []shipbobfake.Item {
	out := make([]shipbobfake.Item, n)
	for i := range out {
		out[i] = shipbobfake.Item{InventoryID: int64(i + 1), SKU: fmt.Sprintf("SKU-%05d", i), Name: fmt.Sprintf("Item %d", i), Sellable: i, Fulfillable: i + 2, OnHand: i + 10}
	}
	return out
}

func newFake(t *testing.T, c *clock, opts shipbobfake.Options) *shipbobfake.Server {
	t.Helper()
	opts.Now = c.Now
	srv := shipbobfake.New(opts)
	t.Cleanup(srv.Close)
	return srv
}

func newWarehouse(t *testing.T, srv *shipbobfake.Server, c *clock, o shipbob.Options) *shipbob.Warehouse {
	t.Helper()
	o.Now, o.Sleep = c.Now, c.Sleep
	w, err := shipbob.NewWithOptions(connector.Config{
		Kind:     shipbob.Kind,
		Settings: map[string]string{shipbob.SettingURL: srv.URL},
		Secrets:  map[string]string{shipbob.SecretToken: srv.Token()},
	}, o)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestReadItemsFollowsNextLinksAndReportsSellableQuantity(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: items(250)})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Items) != 250 || !read.Complete || read.APICalls != 3 {
		t.Fatalf("read %d items complete=%v in %d calls, want 250, true, 3", len(read.Items), read.Complete, read.APICalls)
	}
	last := read.Items[249]
	if last.SKU != "SKU-00249" || last.Qty != 249 || !last.UpdatedAt.IsZero() {
		t.Errorf("last item = %+v, want sellable 249 and no change time", last)
	}
	if r := srv.Requests()[0]; !strings.Contains(r, "/"+shipbob.DefaultAPIVersion+"/inventory-level?PageSize=100") {
		t.Errorf("first request %q", r)
	}
}

func TestReadItemsIsCompleteEvenWhenAskedOnlyForChanges(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: items(3)})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	read, err := w.ReadItems(context.Background(), c.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !read.Complete || len(read.Items) != 3 {
		t.Errorf("complete=%v items=%d, want a whole read", read.Complete, len(read.Items))
	}
}

func TestItemsWithoutSKUOrSharingASKUAreReportedNotGuessed(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: []shipbobfake.Item{
		{InventoryID: 1, SKU: "A", Fulfillable: 1},
		{InventoryID: 2, SKU: "", Name: "Loose item", Fulfillable: 2},
		{InventoryID: 3, SKU: "B", Fulfillable: 3},
		{InventoryID: 4, SKU: "B", Fulfillable: 4},
	}})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Items) != 1 || read.Items[0].SKU != "A" {
		t.Errorf("items = %+v, want only A", read.Items)
	}
	problems := strings.Join(read.Problems, "\n")
	if !strings.Contains(problems, "Loose item") || !strings.Contains(problems, "SKU B is on 2 ShipBob inventory items (ids 3, 4)") {
		t.Errorf("problems = %q", problems)
	}
}

func TestLongReadIsPacedUnderTheLimitInsteadOfBeingRefused(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: items(20000)})
	w := newWarehouse(t, srv, c, shipbob.Options{})
	start := c.Now()

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Items) != 20000 || read.APICalls != 200 {
		t.Fatalf("read %d items in %d calls, want 20000 in 200", len(read.Items), read.APICalls)
	}
	if srv.Throttled() != 0 {
		t.Errorf("the fake refused %d requests; the pacer should have kept under 150 a minute", srv.Throttled())
	}
	if elapsed := c.Now().Sub(start); elapsed < time.Minute || w.PacedFor() < time.Minute-time.Second {
		t.Errorf("fake time moved %v, paced %v; 200 requests need more than a minute", elapsed, w.PacedFor())
	}
}

func TestRateLimitAnswerIsWaitedOutUsingXRetryAfter(t *testing.T) {
	c := newClock()
	// Another app shares the account: the server allows only 2 a minute.
	srv := newFake(t, c, shipbobfake.Options{Items: items(300), Limit: 2})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Items) != 300 || srv.Throttled() != 1 || w.Throttled() != 1 {
		t.Fatalf("items %d, fake throttled %d, client throttled %d; want 300, 1, 1", len(read.Items), srv.Throttled(), w.Throttled())
	}
	if s := c.Slept(); len(s) != 1 || s[0] != time.Minute {
		t.Errorf("waits = %v, want the server's x-retry-after of 60s", s)
	}
}

func TestInvalidTokenIsUnauthorizedWithASentenceSayingWhatToDo(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: items(1)})
	w, err := shipbob.NewWithOptions(connector.Config{
		Settings: map[string]string{shipbob.SettingURL: srv.URL},
		Secrets:  map[string]string{shipbob.SecretToken: "expired"},
	}, shipbob.Options{Now: c.Now, Sleep: c.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.ReadItems(context.Background(), time.Time{})
	if !errors.Is(err, connector.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	for _, want := range []string{"refused the access token", "Personal Access Token", "Unauthorized"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if srv.Reads() != 1 {
		t.Errorf("a refused token was retried: %d reads", srv.Reads())
	}
}

func TestServerErrorsAreRetriedThenReportedAsUnavailable(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: items(1)})
	srv.Inject(shipbobfake.Fault{Status: http.StatusServiceUnavailable, Times: -1})
	w := newWarehouse(t, srv, c, shipbob.Options{MaxRetries: 2})

	_, err := w.ReadItems(context.Background(), time.Time{})
	if !errors.Is(err, connector.ErrUnavailable) || !strings.Contains(err.Error(), "Try again later") {
		t.Fatalf("err = %v", err)
	}
	if srv.Reads() != 3 {
		t.Errorf("%d reads, want 3", srv.Reads())
	}
}

func TestOneServerErrorMidReadIsRetriedTransparently(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: items(150)})
	srv.Inject(shipbobfake.Fault{Status: http.StatusInternalServerError})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	read, err := w.ReadItems(context.Background(), time.Time{})
	if err != nil || len(read.Items) != 150 || read.APICalls != 3 {
		t.Fatalf("items %d calls %d err %v", len(read.Items), read.APICalls, err)
	}
}

func TestMalformedAnswersAreErrorsNotPanics(t *testing.T) {
	for name, body := range map[string]string{
		"cut off":      `{"items":[{"inventory_id":1,"sku":"A"`,
		"html":         `<html><body>Gateway</body></html>`,
		"no items":     `{"next":null}`,
		"no qty":       `{"items":[{"inventory_id":1,"sku":"A"}],"next":null}`,
		"text qty":     `{"items":[{"inventory_id":1,"sku":"A","total_fulfillable_quantity":"x"}]}`,
		"bad next url": `{"items":[],"next":"http://[::1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			c := newClock()
			srv := newFake(t, c, shipbobfake.Options{})
			srv.Inject(shipbobfake.Fault{Body: body})
			w := newWarehouse(t, srv, c, shipbob.Options{})
			if _, err := w.ReadItems(context.Background(), time.Time{}); err == nil {
				t.Fatal("a malformed answer was accepted")
			}
		})
	}
}

func TestNextLinkToAnotherHostIsNotFollowed(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{})
	srv.Inject(shipbobfake.Fault{Body: `{"items":[],"next":"https://collector.example.com/2025-07/inventory-level?Cursor=x"}`})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	_, err := w.ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "another host") {
		t.Fatalf("err = %v", err)
	}
	if srv.Reads() != 1 {
		t.Errorf("%d reads", srv.Reads())
	}
}

func TestNextLinkPointingBackIsDetected(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{})
	srv.Inject(shipbobfake.Fault{Body: `{"items":[],"next":"/2025-07/inventory-level?PageSize=100&Cursor=a"}`, Times: -1})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	if _, err := w.ReadItems(context.Background(), time.Time{}); err == nil || !strings.Contains(err.Error(), "already read") {
		t.Fatalf("err = %v", err)
	}
}

func TestHangingServerTimesOut(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{})
	srv.Inject(shipbobfake.Fault{Hang: true})
	w := newWarehouse(t, srv, c, shipbob.Options{Timeout: 50 * time.Millisecond, MaxRetries: -1})
	if _, err := w.ReadItems(context.Background(), time.Time{}); !errors.Is(err, connector.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
}

func TestTestReadsOneSmallPage(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: items(40)})
	w := newWarehouse(t, srv, c, shipbob.Options{})

	res, err := w.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Count != 5 || len(res.Sample) != 5 || !strings.Contains(res.Summary, "there are more") || srv.Reads() != 1 {
		t.Errorf("Test = %+v after %d reads", res, srv.Reads())
	}
}

func TestNewValidatesSettings(t *testing.T) {
	ok := map[string]string{shipbob.SecretToken: "t"}
	if _, err := shipbob.New(connector.Config{Secrets: ok}); err != nil {
		t.Errorf("defaults refused: %v", err)
	}
	bad := map[string]connector.Config{
		"no token":    {},
		"bad version": {Settings: map[string]string{shipbob.SettingAPIVersion: "latest"}, Secrets: ok},
		"remote http": {Settings: map[string]string{shipbob.SettingURL: "http://api.shipbob.com"}, Secrets: ok},
	}
	for name, cfg := range bad {
		if _, err := shipbob.New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestAPIVersionSettingChangesThePath(t *testing.T) {
	c := newClock()
	srv := newFake(t, c, shipbobfake.Options{Items: items(2)})
	w, err := shipbob.NewWithOptions(connector.Config{
		Settings: map[string]string{shipbob.SettingURL: srv.URL, shipbob.SettingAPIVersion: "2026-01"},
		Secrets:  map[string]string{shipbob.SecretToken: srv.Token()},
	}, shipbob.Options{Now: c.Now, Sleep: c.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	if read, err := w.ReadItems(context.Background(), time.Time{}); err != nil || len(read.Items) != 2 {
		t.Fatalf("items %v err %v", read.Items, err)
	}
	if r := srv.Requests()[0]; !strings.Contains(r, "/2026-01/inventory-level") {
		t.Errorf("request %q", r)
	}
}
