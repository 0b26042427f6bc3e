package httpx

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TLS verification stays on: a self-signed server is refused at once (no
// retries: a certificate does not fix itself), in words that say
// "certificate", and nothing reaches the server's handler.
func TestASelfSignedServerIsRefusedOnceAndSaysCertificate(t *testing.T) {
	reached := false
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	slept := 0
	c, err := New(Options{BaseURL: srv.URL, Sleep: func(context.Context, time.Duration) error { slept++; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, c.URL("/x"), nil)
	_, err = c.Do(context.Background(), req)
	if err == nil || !IsCertificateError(err) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("Do = %v, want a certificate error", err)
	}
	if c.Calls() != 1 || slept != 0 || reached {
		t.Fatalf("calls %d, retries waited %d, handler reached %v; want one refused attempt", c.Calls(), slept, reached)
	}
}
