package e2e

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A Shopify store that cannot be reached: the merchant reads one sentence
// naming the shop, in the CLI's text and JSON; the GraphQL operation, the
// code's steps and the API path stay in the log and the diagnostics.
func TestAnUnreachableShopIsOneSentenceAndTheDiagnosticsHaveTheRest(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	shop := l.Addr().String()
	l.Close() // nothing answers there now

	c := newCLI(t)
	feed := c.dataDir + "/feed.csv"
	writeCSV(t, feed, "sku,qty\nA-1,3\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+feed, "--store", "shopify",
		"--store-url", "http://"+shop, "--store-token", "shpat_unused", "--no-schedule")

	developerWords := []string{"ShelfSyncLocations", "graphql.json", "/admin/api", "read locations", "Read the store's SKUs:"}
	text := c.run("sync", "--connection", "Shop")
	if text.code == 0 {
		t.Fatalf("the sync of an unreachable shop succeeded: %s", text.stdout)
	}
	want := "Could not reach Shopify at " + shop + ": check the internet connection and the shop address."
	if !strings.Contains(text.stdout, "  "+want+"\n") {
		t.Errorf("the CLI does not say %q on a line of its own:\n%s", want, text.stdout)
	}
	run := c.sync("Shop", "smart")
	if run.Error != want {
		t.Errorf("the JSON error is %q, want %q", run.Error, want)
	}
	for _, w := range developerWords {
		if strings.Contains(text.stdout, w) || strings.Contains(run.Error, w) {
			t.Errorf("the merchant reads %q:\n%s\n%s", w, text.stdout, run.Error)
		}
	}

	diag := c.ok("diagnostics")
	for _, w := range []string{"ShelfSyncLocations", "/admin/api/", "graphql.json", "connection refused"} {
		if !strings.Contains(diag, w) {
			t.Errorf("the diagnostics leave out %q, which support needs", w)
		}
	}
}

// A Shopify answer whose data ShelfSync cannot read (a proxy in between, or
// an API version that changed a field): the merchant reads what happened
// and what to do, not Go's struct types; the log keeps the decoder's words.
func TestAShopifyAnswerOfAnUnknownShapeIsOneSentence(t *testing.T) {
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"locations":"closed for inventory"}}`)
	}))
	defer shop.Close()

	c := newCLI(t)
	feed := c.dataDir + "/feed.csv"
	writeCSV(t, feed, "sku,qty\nA-1,3\n", time.Now().Add(-time.Hour))
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "csv:"+feed, "--store", "shopify",
		"--store-url", shop.URL, "--store-token", "shpat_unused", "--no-schedule")

	text := c.run("sync", "--connection", "Shop")
	if text.code == 0 {
		t.Fatalf("the sync succeeded on an answer it cannot read: %s", text.stdout)
	}
	want := `Shopify's answer had "locations" as a string where ShelfSync reads an object: something between this computer and Shopify may have answered in its place, or Shopify's Admin API 2026-10 changed; try again later, and if it stays, set the connection's API version or update ShelfSync.`
	if !strings.Contains(text.stdout, "  "+want+"\n") {
		t.Errorf("the CLI does not say %q on a line of its own:\n%s", want, text.stdout)
	}
	for _, w := range []string{"decode", "json:", "Go struct", "Nodes []struct", "ShelfSyncLocations"} {
		if strings.Contains(text.stdout, w) {
			t.Errorf("the merchant reads %q:\n%s", w, text.stdout)
		}
	}
	if diag := c.ok("diagnostics"); !strings.Contains(diag, "cannot unmarshal string") {
		t.Errorf("the diagnostics leave out the decoder's own words, which support needs:\n%s", diag)
	}
}
