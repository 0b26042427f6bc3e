package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A ShipBob answer ShelfSync cannot decode is told to the merchant as a
// sentence they can act on; Go's decoder words ("json: cannot unmarshal
// string into Go struct field …") are for the log, where support reads
// them, not for the merchant.
func TestAnUnreadableShipBobPageIsASentenceAndItsDecoderErrorIsLogged(t *testing.T) {
	shipbob := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items":[{"inventory_id":1,"sku":"A","total_fulfillable_quantity":"x"}],"next":null}`))
	})
	c := newCLI(t)
	c.ok("connection", "add", "--name", "ShipBob", "--no-schedule", "--warehouse", "shipbob", "--warehouse-token", "sbtok_unreadable", "--store", "demo")
	pointShipBobAt(t, c.dataDir, "ShipBob", shipbob.URL)

	r := c.run("sync", "--connection", "ShipBob", "--mode", "full")
	if r.code == 0 {
		t.Fatalf("a sync over an unreadable page succeeded:\n%s%s", r.stdout, r.stderr)
	}
	said := r.stdout + r.stderr + c.ok("history", "--connection", "ShipBob", "--run", "1")
	if !strings.Contains(said, "ShipBob sent an inventory page ShelfSync cannot read") {
		t.Fatalf("the merchant is not told what happened:\n%s", said)
	}
	for _, jargon := range []string{"json:", "unmarshal", "Go struct", "Go value"} {
		if strings.Contains(said, jargon) {
			t.Errorf("the merchant reads the decoder's %q:\n%s", jargon, said)
		}
	}
	logged, err := os.ReadFile(filepath.Join(c.dataDir, "logs", "shelfsync.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logged), "total_fulfillable_quantity") {
		t.Errorf("the log lost what the decoder said:\n%s", logged)
	}
}

// The same for a WooCommerce product list a plugin has mangled (a name
// that is a list).
func TestAnUnreadableWooCommerceListIsASentenceAndItsDecoderErrorIsLogged(t *testing.T) {
	woo := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"id":1,"sku":"A","manage_stock":true,"stock_quantity":3,"name":["x"]}]`))
	})
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,4\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Woo", "--no-schedule", "--warehouse", "csv:"+csvPath,
		"--store", "woocommerce", "--store-url", woo.URL, "--store-key", "ck_unreadable", "--store-secret", "cs_unreadable")

	r := c.run("sync", "--connection", "Woo", "--mode", "full")
	if r.code == 0 {
		t.Fatalf("a sync over an unreadable list succeeded:\n%s%s", r.stdout, r.stderr)
	}
	said := r.stdout + r.stderr + c.ok("history", "--connection", "Woo", "--run", "1")
	if !strings.Contains(said, "WooCommerce site sent a product list ShelfSync cannot read") {
		t.Fatalf("the merchant is not told what happened:\n%s", said)
	}
	for _, jargon := range []string{"json:", "unmarshal", "Go struct", "Go value"} {
		if strings.Contains(said, jargon) {
			t.Errorf("the merchant reads the decoder's %q:\n%s", jargon, said)
		}
	}
	logged, err := os.ReadFile(filepath.Join(c.dataDir, "logs", "shelfsync.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logged), "product.name") {
		t.Errorf("the log lost what the decoder said:\n%s", logged)
	}
}

// And for the site's answer to a stock update: the merchant learns that
// it is not known whether the update was saved, in words, not the
// decoder's.
func TestAnUnreadableWooCommerceUpdateAnswerIsASentenceAndItsDecoderErrorIsLogged(t *testing.T) {
	woo := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.Write([]byte(`{"update":"all saved"}`))
			return
		}
		w.Header().Set("X-WP-Total", "1")
		w.Header().Set("X-WP-TotalPages", "1")
		w.Write([]byte(`[{"id":1,"sku":"A","type":"simple","manage_stock":true,"stock_quantity":1}]`))
	})
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,4\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Woo", "--no-schedule", "--warehouse", "csv:"+csvPath,
		"--store", "woocommerce", "--store-url", woo.URL, "--store-key", "ck_unreadable", "--store-secret", "cs_unreadable")

	r := c.run("sync", "--connection", "Woo", "--mode", "full")
	said := r.stdout + r.stderr + c.ok("history", "--connection", "Woo", "--run", "1")
	if !strings.Contains(said, "answer to a stock update could not be read") {
		t.Fatalf("the merchant is not told what happened:\n%s", said)
	}
	for _, jargon := range []string{"json:", "unmarshal", "Go struct", "Go value"} {
		if strings.Contains(said, jargon) {
			t.Errorf("the merchant reads the decoder's %q:\n%s", jargon, said)
		}
	}
	logged, err := os.ReadFile(filepath.Join(c.dataDir, "logs", "shelfsync.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logged), "the batch answer is not valid JSON") {
		t.Errorf("the log lost what the decoder said:\n%s", logged)
	}
}

// One item of the answer unreadable: that SKU's reason says so in words.
func TestAnUnreadableItemInAWooCommerceUpdateAnswerIsASentence(t *testing.T) {
	woo := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.Write([]byte(`{"update":[{"id":"one","sku":"A"}]}`))
			return
		}
		w.Header().Set("X-WP-Total", "1")
		w.Header().Set("X-WP-TotalPages", "1")
		w.Write([]byte(`[{"id":1,"sku":"A","type":"simple","manage_stock":true,"stock_quantity":1}]`))
	})
	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,4\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Woo", "--no-schedule", "--warehouse", "csv:"+csvPath,
		"--store", "woocommerce", "--store-url", woo.URL, "--store-key", "ck_unreadable", "--store-secret", "cs_unreadable")

	r := c.run("sync", "--connection", "Woo", "--mode", "full")
	said := r.stdout + r.stderr + c.ok("history", "--connection", "Woo", "--run", "1")
	if !strings.Contains(said, "the store's answer for this item could not be read") {
		t.Fatalf("the SKU's reason does not say what happened:\n%s", said)
	}
	for _, jargon := range []string{"json:", "unmarshal", "Go struct", "Go value"} {
		if strings.Contains(said, jargon) {
			t.Errorf("the merchant reads the decoder's %q:\n%s", jargon, said)
		}
	}
}
