package woocommerce_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/connector/woocommerce/woofake"
	"shelfsync/backend/inventory"
)

func TestWrongSecretIsUnauthorizedWithASentenceSayingWhatToCheck(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	st, err := woocommerce.New(connector.Config{
		Settings: map[string]string{woocommerce.SettingURL: srv.URL},
		Secrets:  map[string]string{woocommerce.SecretKey: srv.Key(), woocommerce.SecretSecret: "cs_wrong"},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.ReadIndex(context.Background())
	if !errors.Is(err, connector.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	for _, want := range []string{"consumer key and secret", "Read/Write permission", "Consumer secret is invalid."} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if srv.Reads() != 1 {
		t.Errorf("a refused key was retried: %d reads", srv.Reads())
	}
}

func TestReadOnlyKeyFailsTheWholePushAsUnauthorized(t *testing.T) {
	srv := newFake(t, woofake.Options{ReadOnly: true})
	id := srv.AddSimple("A", 1)
	st, _ := newStore(t, srv, woocommerce.Options{})

	_, err := st.Push(context.Background(), []inventory.Push{{SKU: "A", Ref: strconv.FormatInt(id, 10), To: 2}}, connector.PushMeta{})
	if !errors.Is(err, connector.ErrUnauthorized) || !strings.Contains(err.Error(), "Read/Write") {
		t.Fatalf("err = %v, want ErrUnauthorized mentioning Read/Write", err)
	}
	if q, _ := srv.Stock(id); q != 1 {
		t.Errorf("stock changed to %d", q)
	}
}

func TestRateLimitedReadWaitsForRetryAfterAndSucceeds(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.AddSimple("A", 1)
	srv.Inject(woofake.Fault{Method: "GET", Status: http.StatusTooManyRequests, RetryAfter: "7"})
	st, sl := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Items) != 1 || idx.APICalls != 2 {
		t.Errorf("items %d in %d calls, want 1 in 2", len(idx.Items), idx.APICalls)
	}
	if w := sl.all(); len(w) != 1 || w[0] != 7*time.Second {
		t.Errorf("waits = %v, want [7s]", w)
	}
}

func TestRateLimitedPushIsRetriedAndCountedAsThrottled(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	id := srv.AddSimple("A", 1)
	srv.Inject(woofake.Fault{Method: "POST", Status: http.StatusTooManyRequests, RetryAfter: "2", Times: 2})
	st, _ := newStore(t, srv, woocommerce.Options{})

	res, err := st.Push(context.Background(), []inventory.Push{{SKU: "A", Ref: strconv.FormatInt(id, 10), To: 5}}, connector.PushMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Results[0].OK || res.Throttled != 2 || res.APICalls != 3 {
		t.Errorf("result %+v, throttled %d, calls %d; want ok after 2 throttles in 3 calls", res.Results[0], res.Throttled, res.APICalls)
	}
}

func TestServerErrorsAreRetriedThenReportedAsUnavailable(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.AddSimple("A", 1)
	srv.Inject(woofake.Fault{Status: http.StatusBadGateway, Times: -1})
	st, sl := newStore(t, srv, woocommerce.Options{MaxRetries: 3})

	_, err := st.ReadIndex(context.Background())
	if !errors.Is(err, connector.ErrUnavailable) || !strings.Contains(err.Error(), "Try again later") {
		t.Fatalf("err = %v, want ErrUnavailable with advice", err)
	}
	if srv.Reads() != 4 || len(sl.all()) != 3 {
		t.Errorf("%d reads and %d waits, want 4 and 3", srv.Reads(), len(sl.all()))
	}
}

func TestOneServerErrorIsRetriedTransparently(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.AddSimple("A", 1)
	srv.Inject(woofake.Fault{Status: http.StatusInternalServerError})
	st, _ := newStore(t, srv, woocommerce.Options{})

	idx, err := st.ReadIndex(context.Background())
	if err != nil || len(idx.Items) != 1 {
		t.Fatalf("ReadIndex = %v, %v", idx.Items, err)
	}
}

func TestMalformedJSONIsAnErrorNotAPanic(t *testing.T) {
	for name, body := range map[string]string{
		"cut off":   `[{"id": 1, "sku": "A"`,
		"html":      `<!DOCTYPE html><html><body>Maintenance</body></html>`,
		"object":    `{"products": []}`,
		"bad stock": `[{"id": 1, "sku": "A", "manage_stock": true, "stock_quantity": {"n": 1}}]`,
		"blank":     "\n",
	} {
		t.Run(name, func(t *testing.T) {
			srv := newFake(t, woofake.Options{})
			srv.Inject(woofake.Fault{Method: "GET", Body: body})
			st, _ := newStore(t, srv, woocommerce.Options{})
			if _, err := st.ReadIndex(context.Background()); err == nil {
				t.Fatal("ReadIndex accepted a malformed page")
			}
		})
	}
}

func TestMalformedBatchAnswerFailsThePushWithoutClaimingSuccess(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	id := srv.AddSimple("A", 1)
	srv.Inject(woofake.Fault{Method: "POST", Body: `{"update": [`})
	st, _ := newStore(t, srv, woocommerce.Options{})

	_, err := st.Push(context.Background(), []inventory.Push{{SKU: "A", Ref: strconv.FormatInt(id, 10), To: 5}}, connector.PushMeta{})
	if err == nil || !strings.Contains(err.Error(), "retried on the next sync") {
		t.Fatalf("err = %v, want a could-not-read error", err)
	}
}

func TestOneFailedCallOfABatchFailsOnlyItsSKUs(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	simple := srv.AddSimple("MUG", 1)
	parent := srv.Add(woofake.Product{Type: "variable"})
	tee := srv.Add(woofake.Product{ParentID: parent, SKU: "TEE", ManageStock: true, StockQuantity: qty(1)})
	srv.Inject(woofake.Fault{PathContains: "/variations/batch", Status: http.StatusInternalServerError, Times: -1})
	st, _ := newStore(t, srv, woocommerce.Options{MaxRetries: -1})

	res, err := st.Push(context.Background(), []inventory.Push{
		{SKU: "MUG", Ref: strconv.FormatInt(simple, 10), To: 4},
		{SKU: "TEE", Ref: strconv.FormatInt(tee, 10), ParentRef: strconv.FormatInt(parent, 10), To: 4},
	}, connector.PushMeta{})
	if err != nil {
		t.Fatalf("Push: %v (one call succeeded, so no whole-batch error)", err)
	}
	if !res.Results[0].OK || res.Results[1].OK || res.Results[1].Error == "" {
		t.Errorf("results = %+v", res.Results)
	}
}

func TestHangingSiteTimesOutInsteadOfBlocking(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.Inject(woofake.Fault{Hang: true})
	st, _ := newStore(t, srv, woocommerce.Options{Timeout: 50 * time.Millisecond, MaxRetries: -1})

	if _, err := st.ReadIndex(context.Background()); !errors.Is(err, connector.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable after the timeout", err)
	}
}

func TestCancelledContextStopsTheRead(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.Inject(woofake.Fault{Hang: true})
	st, _ := newStore(t, srv, woocommerce.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for srv.Reads() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := st.ReadIndex(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestWrongAddressSaysToCheckPermalinks(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	srv.Inject(woofake.Fault{Status: http.StatusNotFound, Code: "rest_no_route", Message: "No route was found matching the URL and request method."})
	st, _ := newStore(t, srv, woocommerce.Options{})

	_, err := st.Test(context.Background())
	if err == nil || !strings.Contains(err.Error(), "permalinks") {
		t.Fatalf("err = %v, want advice about the address and permalinks", err)
	}
}

// The fake's own contract: the limits and error shapes the connector relies on.

func TestFakeRefusesBatchesOver100With413(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	var b bytes.Buffer
	b.WriteString(`{"update":[`)
	for i := range 101 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"id":` + strconv.Itoa(i+1) + `,"stock_quantity":1}`)
	}
	b.WriteString(`]}`)
	req, _ := http.NewRequest("POST", srv.URL+woofake.Base+"/products/batch", &b)
	req.SetBasicAuth(srv.Key(), srv.Secret())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"code":"woocommerce_rest_request_entity_too_large"`) || !strings.Contains(body, `"status":413`) {
		t.Errorf("got %d %s", resp.StatusCode, body)
	}
}

func TestFakeRefusesPerPageOver100AsInvalidParam(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	req, _ := http.NewRequest("GET", srv.URL+woofake.Base+"/products?per_page=101", nil)
	req.SetBasicAuth(srv.Key(), srv.Secret())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"rest_invalid_param"`) || !strings.Contains(body, `"per_page"`) {
		t.Errorf("got %d %s", resp.StatusCode, body)
	}
}

func TestFakeAnswersUnauthenticatedListsWithCannotView(t *testing.T) {
	srv := newFake(t, woofake.Options{})
	resp, err := http.Get(srv.URL + woofake.Base + "/products")
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"woocommerce_rest_cannot_view"`) {
		t.Errorf("got %d %s", resp.StatusCode, body)
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
