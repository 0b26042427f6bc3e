package sim

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
)

// faultTransport sits between a real connector and its fake platform and,
// while its rate is above zero, answers some requests itself the way a bad
// day on the internet does: 429 with Retry-After, 500 and 503, a 200 whose
// body is cut short, a timeout, or a request the platform carried out whose
// answer never came back.
type faultTransport struct {
	inner http.RoundTripper
	// malformed is the cut-short body this platform's decoder meets.
	malformed string

	mu    sync.Mutex
	rng   *rand.Rand
	rate  float64
	count map[string]int // fault name -> times injected
}

func newFaultTransport(rng *rand.Rand, malformed string) *faultTransport {
	return &faultTransport{inner: http.DefaultTransport, malformed: malformed, rng: rng, count: map[string]int{}}
}

func (t *faultTransport) setRate(r float64) {
	t.mu.Lock()
	t.rate = r
	t.mu.Unlock()
}

// pick chooses the fault for one request, "" for none.
func (t *faultTransport) pick(isWrite bool) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.rate <= 0 || t.rng.Float64() >= t.rate {
		return ""
	}
	kinds := []string{"429", "500", "503", "malformed", "timeout"}
	if isWrite {
		kinds = append(kinds, "lost-answer", "lost-answer")
	}
	k := kinds[t.rng.IntN(len(kinds))]
	t.count[k]++
	return k
}

func (t *faultTransport) injected() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var parts []string
	for _, k := range []string{"429", "500", "503", "malformed", "timeout", "lost-answer"} {
		if n := t.count[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s×%d", k, n))
		}
	}
	return strings.Join(parts, " ")
}

// isWrite tells a request that changes stock from a read: every Shopify
// call is a POST, so its body names the mutation.
func isWrite(req *http.Request, body []byte) bool {
	if req.Method == http.MethodGet {
		return false
	}
	if strings.Contains(req.URL.Path, "graphql") {
		return bytes.Contains(body, []byte("inventorySetQuantities"))
	}
	return true
}

func (t *faultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	fault := t.pick(isWrite(req, body))
	answer := func(status int, header http.Header, text string) *http.Response {
		if header == nil {
			header = http.Header{}
		}
		header.Set("Content-Type", "application/json")
		return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
			Header: header, Body: io.NopCloser(strings.NewReader(text)), ContentLength: int64(len(text)),
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: req}
	}
	switch fault {
	case "429":
		return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}}, `{"errors":"Too many requests"}`), nil
	case "500":
		return answer(http.StatusInternalServerError, nil, `<html><body>Internal Server Error</body></html>`), nil
	case "503":
		return answer(http.StatusServiceUnavailable, nil, `{"errors":"unavailable"}`), nil
	case "malformed":
		return answer(http.StatusOK, nil, t.malformed), nil
	case "timeout":
		return nil, fmt.Errorf("read response: %w", os.ErrDeadlineExceeded)
	case "lost-answer":
		resp, err := t.inner.RoundTrip(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body) // drained only so the connection is reused
			resp.Body.Close()
		}
		return nil, fmt.Errorf("connection reset after the request was sent: %w", io.ErrUnexpectedEOF)
	}
	return t.inner.RoundTrip(req)
}
