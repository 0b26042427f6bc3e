package woocommerce_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/woocommerce"
)

// endlessSite claims 10,000 full pages of products, each name padded to
// nameBytes, and counts the pages it served.
func endlessSite(t *testing.T, nameBytes int) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var served atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		w.Header().Set("X-WP-Total", "1000000")
		w.Header().Set("X-WP-TotalPages", "10000")
		w.Header().Set("Content-Type", "application/json")
		var b strings.Builder
		b.WriteString("[")
		for i := range 100 {
			if i > 0 {
				b.WriteString(",")
			}
			id := n*100 + int64(i)
			fmt.Fprintf(&b, `{"id":%d,"name":"%s","sku":"S%d","type":"simple","manage_stock":true,"stock_quantity":1}`, id, strings.Repeat("n", nameBytes), id)
		}
		b.WriteString("]")
		if n > 20 { // a test that was not stopped by then fails on this
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(ts.Close)
	return ts, &served
}

func limitedStore(t *testing.T, url string, settings map[string]string) *woocommerce.Store {
	t.Helper()
	s := map[string]string{woocommerce.SettingURL: url}
	for k, v := range settings {
		s[k] = v
	}
	st, err := woocommerce.NewWithOptions(connector.Config{Kind: woocommerce.Kind, Settings: s,
		Secrets: map[string]string{woocommerce.SecretKey: "ck_test", woocommerce.SecretSecret: "cs_test"}}, woocommerce.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestASiteClaimingEndlessPagesStopsAtThePageLimit(t *testing.T) {
	site, served := endlessSite(t, 10)
	_, err := limitedStore(t, site.URL, map[string]string{woocommerce.SettingMaxPages: "3"}).ReadIndex(context.Background())
	if !errors.Is(err, connector.ErrLimit) || !strings.Contains(err.Error(), "3 pages") || !strings.Contains(err.Error(), woocommerce.SettingMaxPages) {
		t.Fatalf("err = %v; want the limit of 3 pages named with its setting", err)
	}
	if served.Load() != 3 {
		t.Errorf("%d pages read, want 3", served.Load())
	}
}

func TestASiteSendingHugePagesStopsAtTheByteLimit(t *testing.T) {
	site, served := endlessSite(t, 10_000) // about 1 MB a page
	_, err := limitedStore(t, site.URL, map[string]string{woocommerce.SettingMaxMB: "2"}).ReadIndex(context.Background())
	if !errors.Is(err, connector.ErrLimit) || !strings.Contains(err.Error(), "2 MB in one read") || !strings.Contains(err.Error(), woocommerce.SettingMaxMB) {
		t.Fatalf("err = %v; want the limit of 2 MB named with its setting", err)
	}
	if served.Load() != 3 {
		t.Errorf("%d pages read, want 3 (the third passes 2 MB)", served.Load())
	}
}

func TestACatalogueOverTheItemLimitStops(t *testing.T) {
	site, _ := endlessSite(t, 10)
	_, err := limitedStore(t, site.URL, map[string]string{woocommerce.SettingMaxItems: "250"}).ReadIndex(context.Background())
	if !errors.Is(err, connector.ErrLimit) || !strings.Contains(err.Error(), "250 products and variations") {
		t.Fatalf("err = %v; want the limit of 250 items", err)
	}
}
