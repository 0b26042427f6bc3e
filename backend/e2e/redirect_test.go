package e2e

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A store that answers with a redirect to another server (here the same
// machine on another port, which is another origin) never gets ShelfSync to
// send the merchant's token there: the sync fails with a sentence naming
// both places.
func TestARedirectToAnotherServerNeverCarriesTheToken(t *testing.T) {
	var mu sync.Mutex
	var stolen []string
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		stolen = append(stolen, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Shopify-Access-Token")+r.Header.Get("Authorization"))
	}))
	defer thief.Close()

	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		store := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, thief.URL+r.URL.Path, status)
		}))
		c := newCLI(t)
		csvPath := filepath.Join(t.TempDir(), "inv.csv")
		writeCSV(t, csvPath, "sku,qty\nA,4\n", time.Now().Add(-time.Hour))
		c.ok("connection", "add", "--name", "Shopify", "--warehouse", "csv:"+csvPath, "--store", "shopify",
			"--store-url", store.URL, "--store-token", "shpat_REDIRECTED_TOKEN", "--no-schedule")
		c.ok("connection", "add", "--name", "Woo", "--warehouse", "csv:"+csvPath, "--store", "woocommerce",
			"--store-url", store.URL, "--store-key", "ck_redirected", "--store-secret", "cs_redirected", "--no-schedule")

		for name, platform := range map[string]string{"Shopify": "Shopify", "Woo": "WooCommerce"} {
			run := c.sync(name, "full")
			if run.Status != "failed" {
				t.Fatalf("%d, %s: status %s, want failed", status, name, run.Status)
			}
			for _, want := range []string{platform + " at http://127.0.0.1:", "redirect to " + thief.URL, "does not follow it"} {
				if !strings.Contains(run.Error, want) {
					t.Errorf("%d, %s: error %q does not say %q", status, name, run.Error, want)
				}
			}
		}
		store.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(stolen) > 0 {
		t.Fatalf("the other server received %d requests: %q", len(stolen), stolen)
	}
}
