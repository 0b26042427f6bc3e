package httpx

import (
	"net/http"
	"testing"
	"time"
)

// FuzzRetryAfter: whatever a server puts in Retry-After (or ShipBob's
// X-Retry-After), the wait read from it is never negative, and nothing
// panics.
func FuzzRetryAfter(f *testing.F) {
	for _, seed := range []string{"1", "0.5", "-3", "NaN", "+Inf", "1e400", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", " 7 ", "soon"} {
		f.Add(seed, "")
		f.Add("", seed)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, retryAfter, xRetryAfter string) {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		if xRetryAfter != "" {
			h.Set("X-Retry-After", xRetryAfter)
		}
		d, ok := RetryAfter(h, now)
		if d < 0 {
			t.Fatalf("Retry-After %q / %q gave a negative wait %v", retryAfter, xRetryAfter, d)
		}
		if !ok && d != 0 {
			t.Fatalf("no valid header but a wait of %v", d)
		}
	})
}
