package httpx

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The address a name resolves to is checked when connecting: a shop whose
// name leads to the cloud metadata service is refused at once, never
// retried, and no byte is sent there.
func TestAConnectionToALinkLocalAddressIsRefusedAtOnce(t *testing.T) {
	c, err := New(Options{BaseURL: "https://169.254.169.254", Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, c.URL("/latest/meta-data/"), nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.Do(context.Background(), req)
	if !errors.Is(err, ErrForbiddenAddress) || !strings.Contains(err.Error(), "169.254.169.254") {
		t.Fatalf("err = %v; want the link-local address refused", err)
	}
	if c.Calls() != 1 || time.Since(start) > 5*time.Second {
		t.Errorf("%d attempts in %s; want one, at once", c.Calls(), time.Since(start))
	}
}
