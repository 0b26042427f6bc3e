package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/storage"
)

// echoServer answers every request with what answer writes, which quotes
// the credentials the request carried.
func echoServer(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(answer))
	t.Cleanup(ts.Close)
	return ts
}

// credentialsOf is every credential a request carried, as sent.
func credentialsOf(r *http.Request) string {
	return strings.Join([]string{r.Header.Get("Authorization"), r.Header.Get("X-Shopify-Access-Token"), r.URL.RawQuery}, " ")
}

// A server that quotes the credentials it was sent in its errors (a
// GraphQL error, a 400 body, ShipBob's problem title, WooCommerce's 401
// message, a CSV feed's bad row) never gets them stored in the database
// or printed by sync, history or connection list.
func TestSecretsEchoedByAServerAreNeverStoredOrPrinted(t *testing.T) {
	const (
		shopToken  = "shpat_ECHOED_0123456789abcdef"
		wooKey     = "ck_echoedkey0123456789"
		wooSecret  = "cs_echoedsecret0123456789"
		shipToken  = "sbtok_ECHOED_0123456789"
		feedBearer = "feedtok_ECH0ED"
	)
	secrets := map[string]string{
		"shopify token":          shopToken,
		"woocommerce key":        wooKey,
		"woocommerce secret":     wooSecret,
		"woocommerce basic":      base64.StdEncoding.EncodeToString([]byte(wooKey + ":" + wooSecret)),
		"shipbob token":          shipToken,
		"feed authorization":     feedBearer,
		"feed authorization b64": base64.StdEncoding.EncodeToString([]byte("Bearer " + feedBearer)),
	}

	shopGraphQL := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"errors":[{"message":"access denied for %s"}]}`, credentialsOf(r))
	})
	shopBadRequest := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "bad request; you sent %s and %s", credentialsOf(r), base64.StdEncoding.EncodeToString([]byte(credentialsOf(r))))
	})
	woo := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"code":"woocommerce_rest_authentication_error","message":"Invalid signature: %s","data":{"status":401}}`, strings.TrimSpace(credentialsOf(r)))
	})
	shipbob := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"title":"Token %s is not valid","detail":"%s"}`, strings.TrimSpace(credentialsOf(r)), strings.TrimSpace(credentialsOf(r)))
	})
	feed := echoServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "sku,qty\nA,1\nB,%s\n", strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	})

	c := newCLI(t)
	csvPath := filepath.Join(t.TempDir(), "inv.csv")
	writeCSV(t, csvPath, "sku,qty\nA,4\nB,5\n", time.Now().Add(-time.Hour))
	var said bytes.Buffer
	record := func(r result) { said.WriteString(r.stdout + r.stderr) }
	connections := map[string][]string{
		"ShopGQL": {"--warehouse", "csv:" + csvPath, "--store", "shopify", "--store-url", shopGraphQL.URL, "--store-token", shopToken},
		"Shop400": {"--warehouse", "csv:" + csvPath, "--store", "shopify", "--store-url", shopBadRequest.URL, "--store-token", shopToken},
		"Woo":     {"--warehouse", "csv:" + csvPath, "--store", "woocommerce", "--store-url", woo.URL, "--store-key", wooKey, "--store-secret", wooSecret},
		"ShipBob": {"--warehouse", "shipbob", "--warehouse-token", shipToken, "--store", "demo"},
		"Feed":    {"--warehouse", "csv:" + feed.URL + "/inv.csv", "--warehouse-authorization", "Bearer " + feedBearer, "--store", "demo"},
	}
	for name, args := range connections {
		c.ok(append([]string{"connection", "add", "--name", name, "--no-schedule"}, args...)...)
	}
	// ShipBob's address is a setting the CLI does not take: point it at the fake.
	pointShipBobAt(t, c.dataDir, "ShipBob", shipbob.URL)

	for name := range connections {
		record(c.run("sync", "--connection", name, "--mode", "full", "--json"))
		record(c.run("sync", "--connection", name, "--mode", "full"))
		record(c.run("history", "--connection", name, "--json"))
		record(c.run("history", "--connection", name, "--run", "1"))
	}
	record(c.run("connection", "list", "--json"))
	record(c.run("connection", "list"))

	stored := readDataFiles(t, c.dataDir)
	// The log keeps what a merchant's sentence leaves out (a failed batch's
	// whole error among it): redacted like the rest.
	logged, err := os.ReadFile(filepath.Join(c.dataDir, "logs", "shelfsync.log"))
	if err != nil {
		t.Fatal(err)
	}
	for what, s := range secrets {
		if strings.Contains(said.String(), s) {
			t.Errorf("the %s appears in what the CLI printed", what)
		}
		if bytes.Contains(stored, []byte(s)) {
			t.Errorf("the %s is stored in the database", what)
		}
		if bytes.Contains(logged, []byte(s)) {
			t.Errorf("the %s is written to the log", what)
		}
	}
	// Nor quoted base64-encoded with other bytes around it.
	for _, run := range base64Runs.FindAllString(said.String()+string(stored), -1) {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
			raw, err := enc.DecodeString(run)
			for what, s := range secrets {
				if err == nil && bytes.Contains(raw, []byte(s)) {
					t.Errorf("the %s is printed or stored inside the base64 %s", what, run)
				}
			}
		}
	}
	// The errors are still there to read, with the secret masked.
	if !strings.Contains(said.String(), "[redacted]") {
		t.Errorf("no error shows a masked secret; the servers' answers did not reach the user:\n%s", said.String())
	}
	if t.Failed() {
		t.Logf("the CLI printed:\n%s", said.String())
	}
}

var base64Runs = regexp.MustCompile(`[A-Za-z0-9+/]{8,}={0,2}`)

func pointShipBobAt(t *testing.T, dataDir, name, url string) {
	t.Helper()
	db := openRaw(t, dataDir)
	defer closeRaw(db)
	var conn storage.Connection
	if err := db.Where("name = ?", name).First(&conn).Error; err != nil {
		t.Fatal(err)
	}
	conn.WarehouseSettings["url"] = url
	if err := db.Save(&conn).Error; err != nil {
		t.Fatal(err)
	}
}

// readDataFiles is the database with its WAL, as bytes.
func readDataFiles(t *testing.T, dataDir string) []byte {
	t.Helper()
	var all []byte
	for _, name := range []string{storage.FileName, storage.FileName + "-wal"} {
		b, err := os.ReadFile(filepath.Join(dataDir, name))
		if err == nil {
			all = append(all, b...)
		}
	}
	return all
}
