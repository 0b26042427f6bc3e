package server

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A browser that stops reading must not hold up the sync emitting events:
// it is dropped once its buffer is full, and the others still hear.
func TestABrowserThatFallsBehindIsDroppedWithoutBlockingEvents(t *testing.T) {
	b := NewBroker(slog.New(slog.DiscardHandler))
	stuck, live := b.subscribe(), b.subscribe()
	done := make(chan struct{})
	go func() {
		for i := 0; i < clientBuffer*3; i++ {
			b.Emit("sync:progress", map[string]int{"pushed": i})
			<-live
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Emit blocked on a browser that stopped reading")
	}
	n := 0
	for range stuck {
		n++
	}
	if n != clientBuffer {
		t.Fatalf("the stuck browser got %d events before it was dropped, want its buffer of %d", n, clientBuffer)
	}
	b.Emit("sync:finished", map[string]int{"runId": 1})
	if frame := string(<-live); !strings.HasPrefix(frame, "event: sync:finished\ndata: {\"runId\":1}\n\n") {
		t.Fatalf("the live browser got %q", frame)
	}
}

func TestAPublicURLBehindAProxyIsAccepted(t *testing.T) {
	w := newWorld(t, testPassword)
	w.server.hosts.publicHosts = []string{"sync.example.com"}
	for _, tc := range []struct {
		host, origin string
		want         int
	}{
		{"sync.example.com", "https://sync.example.com", http.StatusUnauthorized}, // reaches the login check
		{"other.example.com", "https://other.example.com", http.StatusMisdirectedRequest},
		{"sync.example.com", "https://evil.example", http.StatusForbidden},
	} {
		req, err := http.NewRequest(http.MethodPost, w.http.URL+"/api/services/ConnectionService/List", strings.NewReader("[]"))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = tc.host
		req.Header.Set("Origin", tc.origin)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("Host %s, Origin %s: %d, want %d", tc.host, tc.origin, res.StatusCode, tc.want)
		}
	}
}
