package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An answer ShelfSync cannot decode is told to the merchant as a sentence
// they can act on; Go's decoder words ("json: cannot unmarshal string into
// Go struct field …") are for the log, where support reads them.

func TestAnUnreadableShipBobPageIsASentenceAndItsDecoderErrorIsLogged(t *testing.T) {
	shipbob := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items":[{"inventory_id":1,"sku":"A","total_fulfillable_quantity":"x"}],"next":null}`))
	})
	c := newCLI(t)
	c.ok("connection", "add", "--name", "ShipBob", "--no-schedule", "--warehouse", "shipbob", "--warehouse-token", "sbtok_unreadable", "--store", "demo")
	pointShipBobAt(t, c.dataDir, "ShipBob", shipbob.URL)

	said := failedFullSync(t, c, "ShipBob")
	mustSay(t, said, "ShipBob sent an inventory page ShelfSync cannot read")
	mustLog(t, c, "total_fulfillable_quantity")
}

// A WooCommerce product list a plugin has mangled (a name that is a list).
func TestAnUnreadableWooCommerceListIsASentenceAndItsDecoderErrorIsLogged(t *testing.T) {
	c := newWooConnection(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`[{"id":1,"sku":"A","manage_stock":true,"stock_quantity":3,"name":["x"]}]`))
	})
	said := failedFullSync(t, c, "Woo")
	mustSay(t, said, "WooCommerce site sent a product list ShelfSync cannot read")
	mustLog(t, c, "product.name")
}

// The site's answer to a stock update: the merchant learns that it is not
// known whether the update was saved, in words, not the decoder's.
func TestAnUnreadableWooCommerceUpdateAnswerIsASentenceAndItsDecoderErrorIsLogged(t *testing.T) {
	c := newWooConnection(t, listingOneSKU(`{"update":"all saved"}`))
	said := failedFullSync(t, c, "Woo")
	mustSay(t, said, "answer to a stock update could not be read")
	mustLog(t, c, "the batch answer is not valid JSON")
}

// One item of the answer unreadable: that SKU's reason says so in words.
func TestAnUnreadableItemInAWooCommerceUpdateAnswerIsASentence(t *testing.T) {
	c := newWooConnection(t, listingOneSKU(`{"update":[{"id":"one","sku":"A"}]}`))
	said := failedFullSync(t, c, "Woo")
	mustSay(t, said, "the store's answer for this item could not be read: its id is a string")
}

// newWooConnection is a connection "Woo" from a CSV with SKU A at 4 to a
// WooCommerce site that answers with serve.
func newWooConnection(t *testing.T, serve http.HandlerFunc) *cli {
	t.Helper()
	woo := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		serve(w, r)
	})
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,4\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Woo", "--no-schedule", "--warehouse", "csv:"+csvPath,
		"--store", "woocommerce", "--store-url", woo.URL, "--store-key", "ck_unreadable", "--store-secret", "cs_unreadable")
	return c
}

// listingOneSKU lists SKU A at 1 and answers every stock update with batch.
func listingOneSKU(batch string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.Write([]byte(batch))
			return
		}
		w.Header().Set("X-WP-Total", "1")
		w.Header().Set("X-WP-TotalPages", "1")
		w.Write([]byte(`[{"id":1,"sku":"A","type":"simple","manage_stock":true,"stock_quantity":1}]`))
	}
}

// failedFullSync runs a Full Sync that must fail, and returns what the
// merchant reads of it: the sync's output and the run in the history.
func failedFullSync(t *testing.T, c *cli, name string) string {
	t.Helper()
	r := c.run("sync", "--connection", name, "--mode", "full")
	if r.code == 0 {
		t.Fatalf("a sync over an unreadable answer succeeded:\n%s%s", r.stdout, r.stderr)
	}
	return r.stdout + r.stderr + c.ok("history", "--connection", name, "--run", "1")
}

// mustSay checks the merchant reads sentence, and none of the decoder's words.
func mustSay(t *testing.T, said, sentence string) {
	t.Helper()
	if !strings.Contains(said, sentence) {
		t.Fatalf("the merchant is not told %q:\n%s", sentence, said)
	}
	for _, jargon := range []string{"json:", "unmarshal", "Go struct", "Go value"} {
		if strings.Contains(said, jargon) {
			t.Errorf("the merchant reads the decoder's %q:\n%s", jargon, said)
		}
	}
}

// mustLog checks the log kept what the decoder said.
func mustLog(t *testing.T, c *cli, decoderWords string) {
	t.Helper()
	logged, err := os.ReadFile(filepath.Join(c.dataDir, "logs", "shelfsync.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logged), decoderWords) {
		t.Errorf("the log lost what the decoder said (%q):\n%s", decoderWords, logged)
	}
}
